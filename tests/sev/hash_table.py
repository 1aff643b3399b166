#!/usr/bin/env python3
"""The 176-byte kernel hashes table of QEMU's measured direct boot
(target/i386/sev.c PaddedSevHashTable), computed with hashlib only, as a
guest owner's tools do: an independent check of sevvm's own table.

usage: hash_table.py OUT KERNEL [INITRD|-] [CMDLINE]
"""
import hashlib
import struct
import sys
import uuid

TABLE = uuid.UUID("9438d606-4f22-4cc9-b479-a793d411fd21")
CMDLINE = uuid.UUID("97d02dd8-bd20-4c94-aa78-e7714d36ab2a")
INITRD = uuid.UUID("44baf731-3a2f-4bd7-9af1-41e29169781d")
KERNEL = uuid.UUID("4de79437-abd2-427f-b835-d5b172d2045b")


def entry(guid, data):
    return guid.bytes_le + struct.pack("<H", 50) + hashlib.sha256(data).digest()


def main():
    out, kernel = sys.argv[1], sys.argv[2]
    initrd = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
    cmdline = sys.argv[4] if len(sys.argv) > 4 else ""
    body = (entry(CMDLINE, cmdline.encode() + b"\0")
            + entry(INITRD, open(initrd, "rb").read() if initrd else b"")
            + entry(KERNEL, open(kernel, "rb").read()))
    table = TABLE.bytes_le + struct.pack("<H", 18 + len(body)) + body
    table += bytes(176 - len(table))
    open(out, "wb").write(table)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# Writes QEMU's 176-byte kernel hashes table (target/i386/sev.c
# PaddedSevHashTable) for a kernel, initrd and command line, computed with
# hashlib: the independent side of the firmware's hash checks.
#
# usage: hash_table.py OUT KERNEL INITRD|- CMDLINE [--flip cmdline|initrd|kernel]
#                      [--table-len N]
import argparse
import hashlib
import struct
import uuid

TABLE = uuid.UUID("9438d606-4f22-4cc9-b479-a793d411fd21")
CMDLINE = uuid.UUID("97d02dd8-bd20-4c94-aa78-e7714d36ab2a")
INITRD = uuid.UUID("44baf731-3a2f-4bd7-9af1-41e29169781d")
KERNEL = uuid.UUID("4de79437-abd2-427f-b835-d5b172d2045b")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("kernel")
    p.add_argument("initrd")
    p.add_argument("cmdline")
    p.add_argument("--flip", choices=("cmdline", "initrd", "kernel"), action="append", default=[])
    p.add_argument("--table-len", type=int, default=168)
    a = p.parse_args()
    hashes = {
        "cmdline": hashlib.sha256(a.cmdline.encode() + b"\0").digest(),
        "initrd": hashlib.sha256(b"" if a.initrd == "-" else open(a.initrd, "rb").read()).digest(),
        "kernel": hashlib.sha256(open(a.kernel, "rb").read()).digest(),
    }
    for name in a.flip:
        hashes[name] = bytes([hashes[name][0] ^ 1]) + hashes[name][1:]
    body = b""
    for name, guid in (("cmdline", CMDLINE), ("initrd", INITRD), ("kernel", KERNEL)):
        body += guid.bytes_le + struct.pack("<H", 50) + hashes[name]
    table = TABLE.bytes_le + struct.pack("<H", a.table_len) + body
    assert len(table) == 168
    open(a.out, "wb").write(table + bytes(8))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Minimal reference for bench/measure: the SEV launch digest of a firmware
launch with measured direct boot, as QEMU makes it:
    SHA-256(firmware || PaddedSevHashTable(cmdline, initrd, kernel))
(sev-reference Part C 1.2-1.3). Shares no code with sevvm.

usage: measure_ref.py FIRMWARE KERNEL INITRD CMDLINE     -> the digest (hex)
"""
import hashlib
import struct
import sys
import uuid

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.digest()


def entry(guid, digest):
    return uuid.UUID(guid).bytes_le + struct.pack("<H", 50) + digest


def main():
    firmware, kernel, initrd, cmdline = sys.argv[1:5]
    body = (entry("97d02dd8-bd20-4c94-aa78-e7714d36ab2a",
                  hashlib.sha256(cmdline.encode() + b"\0").digest()) +
            entry("44baf731-3a2f-4bd7-9af1-41e29169781d", sha256_file(initrd)) +
            entry("4de79437-abd2-427f-b835-d5b172d2045b", sha256_file(kernel)))
    table = uuid.UUID("9438d606-4f22-4cc9-b479-a793d411fd21").bytes_le + \
        struct.pack("<H", 18 + len(body)) + body
    table += b"\0" * (-len(table) % 16)
    ld = hashlib.sha256()
    with open(firmware, "rb") as f:
        ld.update(f.read())
    ld.update(table)
    print(ld.hexdigest())


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Copies an OVMF-style image with its SEV hash table block set to BASE, SIZE.

Debian's OVMF.fd declares the block with base 0 (no area), so no launch
could check a kernel against it; tests and benchmarks give a copy the area
AmdSev builds use. Walks the footer table as QEMU's pc_sysfw_ovmf.c does.

With SECRET_BASE SECRET_SIZE, the SEV secret block (base 0 in Debian's
image too) gets that area as well.

usage: ovmf_hash_area.py BASE SIZE IN OUT [SECRET_BASE SECRET_SIZE]
"""
import struct
import sys
import uuid

FOOTER = uuid.UUID("96b582de-1fb2-45f7-baea-a366c55a082d").bytes_le
HASH_BLOCK = uuid.UUID("7255371f-3a3b-4b04-927b-1da6efa8d454").bytes_le
SECRET_BLOCK = uuid.UUID("4c2eb361-7d9b-4cc3-8081-127c90d3d294").bytes_le


def table_entries(img):
    """(guid, data offset, data length) of each footer-table entry."""
    end = len(img) - 32
    if img[end - 16:end] != FOOTER:
        raise SystemExit("no OVMF footer table")
    total = struct.unpack_from("<H", img, end - 18)[0] - 18
    ptr = end - 18
    while total >= 18:
        guid = img[ptr - 16:ptr]
        length = struct.unpack_from("<H", img, ptr - 18)[0]
        if length < 18 or length > total:
            raise SystemExit("corrupt OVMF table")
        yield guid, ptr - length, length - 18
        ptr -= length
        total -= length


def main():
    base, size, src, dst = int(sys.argv[1], 0), int(sys.argv[2], 0), sys.argv[3], sys.argv[4]
    img = bytearray(open(src, "rb").read())
    want = {HASH_BLOCK: (base, size)}
    if len(sys.argv) > 6:
        want[SECRET_BLOCK] = (int(sys.argv[5], 0), int(sys.argv[6], 0))
    for guid, off, n in table_entries(bytes(img)):
        if guid in want and n >= 8:
            struct.pack_into("<II", img, off, *want.pop(guid))
    if want:
        raise SystemExit("no SEV hash table or secret block")
    open(dst, "wb").write(img)


if __name__ == "__main__":
    main()

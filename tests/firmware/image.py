#!/usr/bin/env python3
# Independent checks of sevvm's firmware image layout (the contract with
# sevvm and QEMU): size, reset vector, and the OVMF footer GUID table walked
# as QEMU's hw/i386/pc_sysfw_ovmf.c does. Prints PASS:/FAIL: lines.
#
# usage: tests/firmware/image.py sevvm-fw.bin
import struct
import sys
import uuid

FOOTER = uuid.UUID("96b582de-1fb2-45f7-baea-a366c55a082d")
RESET = uuid.UUID("00f771de-1a7e-4fcb-890e-68c77e2fb44e")
HASH = uuid.UUID("7255371f-3a3b-4b04-927b-1da6efa8d454")
SECRET = uuid.UUID("4c2eb361-7d9b-4cc3-8081-127c90d3d294")

failed = 0


def check(name, ok, detail=""):
    global failed
    if ok:
        print(f"PASS: firmware image: {name}")
    else:
        failed += 1
        print(f"FAIL: firmware image: {name} {detail}")


def walk(img):
    """QEMU's pc_system_parse_ovmf_flash(): {GUID: data}."""
    end = len(img) - 32
    if uuid.UUID(bytes_le=img[end - 16:end]) != FOOTER:
        return None
    tot = struct.unpack_from("<H", img, end - 18)[0] - 18
    ptr = end - 18
    table = {}
    while tot >= 18:
        guid = uuid.UUID(bytes_le=img[ptr - 16:ptr])
        ln = struct.unpack_from("<H", img, ptr - 18)[0]
        if ln < 18 or ln > tot:
            return None
        table[guid] = img[ptr - ln:ptr - 18]
        ptr -= ln
        tot -= ln
    return table


def main():
    img = open(sys.argv[1], "rb").read()
    size = len(img)
    base = (1 << 32) - size
    check("size is a multiple of 4 KiB, at most 64 KiB", size % 4096 == 0 and size <= 65536,
          f"({size} bytes)")
    # QEMU's -bios wants whole 64 KiB; the reset vector is a near jmp at size - 16.
    check("size is what QEMU's -bios accepts", size % 65536 == 0, f"({size} bytes)")
    rv = img[size - 16:]
    target = 0xfff0 + 3 + struct.unpack_from("<h", rv, 1)[0] if rv[0] == 0xe9 else None
    check("reset vector is a near jmp into the image's last 64 KiB",
          target is not None and 0x10000 - size <= target < 0xfff0, f"({rv[:3].hex()})")
    table = walk(img)
    check("OVMF footer GUID table parses", table is not None)
    table = table or {}
    for name, guid, ln in (("SEV-ES reset block", RESET, 4), ("SEV hash table block", HASH, 8),
                           ("SEV secret block", SECRET, 8)):
        check(f"{name} present with {ln} bytes", len(table.get(guid, b"")) == ln)
    if len(table.get(RESET, b"")) == 4:
        addr = struct.unpack("<I", table[RESET])[0]
        # The AP starts in real mode at CS base addr & 0xffff0000, IP addr & 0xffff.
        check("SEV-ES reset address lies in the image", base <= addr < (1 << 32) - 16,
              f"({addr:#x})")
    areas = []
    for name, guid in (("hash table", HASH), ("secret", SECRET)):
        if len(table.get(guid, b"")) == 8:
            b, s = struct.unpack("<II", table[guid])
            check(f"{name} area is one page-aligned page below 16 MiB",
                  b % 4096 == 0 and s == 4096 and 0x100000 <= b and b + s <= 0x1000000,
                  f"(base {b:#x} size {s:#x})")
            areas.append((b, b + s))
    if len(areas) == 2:
        check("hash table and secret areas do not overlap",
              areas[0][1] <= areas[1][0] or areas[1][1] <= areas[0][0])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

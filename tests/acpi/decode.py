#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An independent reader of sevvm's ACPI tables.

  decode.py DIR NCPUS TABLES_ADDR RSDP_ADDR LOW_RAM_END

DIR holds the blobs as firmware gets them over fw_cfg (etc_acpi_tables,
etc_acpi_rsdp) and the linker/loader commands (etc_table-loader), in the
format of QEMU's hw/acpi/bios-linker-loader.c. The script runs the commands
for the given addresses, writes the loaded blobs to DIR/loaded.<name>, then
walks RSDP -> XSDT -> FADT (FACS, DSDT) and MADT, checking every length,
checksum and the fields sevvm promises (ACPI 6.4 chapter 5; the PM block of
devices/acpi_pm.h; the routing of vmm/mptable.c; the PCI memory window
OVMF allocates BARs in for RAM ending at LOW_RAM_END below 4 GiB). It prints one line per
table and exits non-zero with a message naming the field that is wrong.
"""
import os
import struct
import sys

ENTRY = 128
FILESZ = 56


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def cname(raw):
    return raw.split(b"\0", 1)[0].decode()


def load(d, addrs):
    blobs = {}
    for name in ("etc/acpi/tables", "etc/acpi/rsdp"):
        with open(os.path.join(d, name.replace("/", "_")), "rb") as f:
            blobs[name] = bytearray(f.read())
    with open(os.path.join(d, "etc_table-loader"), "rb") as f:
        cmds = f.read()
    check(len(cmds) % ENTRY == 0, "table-loader: %d bytes is not a multiple of 128" % len(cmds))
    allocated = {}
    for i in range(0, len(cmds), ENTRY):
        e = cmds[i:i + ENTRY]
        (cmd,) = struct.unpack_from("<I", e, 0)
        if cmd == 1:
            name = cname(e[4:4 + FILESZ])
            align, zone = struct.unpack_from("<IB", e, 4 + FILESZ)
            check(name in blobs, "ALLOCATE of unknown file %r" % name)
            check(align and align & (align - 1) == 0, "ALLOCATE %s: align %d" % (name, align))
            check(addrs[name] % align == 0, "%s at %#x is not %d-aligned" % (name, addrs[name], align))
            check(zone in (1, 2), "ALLOCATE %s: zone %d" % (name, zone))
            if zone == 2:
                check(0xe0000 <= addrs[name] and addrs[name] + len(blobs[name]) <= 0x100000,
                      "%s must be in the F segment" % name)
            allocated[name] = addrs[name]
        elif cmd == 2:
            dst = cname(e[4:4 + FILESZ])
            src = cname(e[4 + FILESZ:4 + 2 * FILESZ])
            off, size = struct.unpack_from("<IB", e, 4 + 2 * FILESZ)
            check(dst in allocated and src in allocated, "ADD_POINTER before ALLOCATE")
            check(size in (1, 2, 4, 8), "ADD_POINTER size %d" % size)
            check(off + size <= len(blobs[dst]), "ADD_POINTER %s+%#x leaves the file" % (dst, off))
            v = int.from_bytes(blobs[dst][off:off + size], "little")
            check(v < len(blobs[src]), "ADD_POINTER %s+%#x: %#x is past %s" % (dst, off, v, src))
            v += allocated[src]
            check(v < 1 << (8 * size), "ADD_POINTER %s+%#x overflows" % (dst, off))
            blobs[dst][off:off + size] = v.to_bytes(size, "little")
        elif cmd == 3:
            name = cname(e[4:4 + FILESZ])
            off, start, length = struct.unpack_from("<III", e, 4 + FILESZ)
            b = blobs[name]
            check(off < len(b) and start + length <= len(b), "ADD_CHECKSUM %s out of range" % name)
            b[off] = 0
            b[off] = (-sum(b[start:start + length])) & 0xff
        else:
            fail("unknown table-loader command %d" % cmd)
    for name, b in blobs.items():
        with open(os.path.join(d, "loaded." + name.replace("/", "_")), "wb") as f:
            f.write(b)
    return blobs, allocated


class Memory:
    def __init__(self, blobs, allocated):
        self.regions = [(allocated[n], blobs[n]) for n in blobs]

    def read(self, addr, n):
        for base, b in self.regions:
            if base <= addr and addr + n <= base + len(b):
                return bytes(b[addr - base:addr - base + n])
        fail("%#x+%d is outside every loaded blob" % (addr, n))


def table(mem, addr, sig, printed):
    hdr = mem.read(addr, 36)
    check(hdr[:4] == sig, "table at %#x: signature %r, expected %r" % (addr, hdr[:4], sig))
    (length,) = struct.unpack_from("<I", hdr, 4)
    check(length >= 36, "%s: length %d" % (sig.decode(), length))
    t = mem.read(addr, length)
    check(sum(t) & 0xff == 0, "%s: checksum" % sig.decode())
    check(t[10:16] == b"SEVVM ", "%s: OEM ID %r" % (sig.decode(), t[10:16]))
    printed.append("%s length=%d revision=%d" % (sig.decode(), length, t[8]))
    return t


def gas(t, off):
    space, width, boff, access, addr = struct.unpack_from("<BBBBQ", t, off)
    return space, width, boff, access, addr


def check_fadt(t, mem, printed, low_ram_end):
    check(len(t) == 276 and t[8] == 6, "FADT: length %d revision %d, expected 276 and 6" % (len(t), t[8]))
    facs, dsdt = struct.unpack_from("<II", t, 36)
    (sci,) = struct.unpack_from("<H", t, 46)
    (smi,) = struct.unpack_from("<I", t, 48)
    pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt, pm2, tmr, gpe0, gpe1 = struct.unpack_from("<8I", t, 56)
    evt_len, cnt_len, pm2_len, tmr_len = struct.unpack_from("<4B", t, 88)
    (flags,) = struct.unpack_from("<I", t, 112)
    reset = gas(t, 116)
    reset_value = t[128]
    (x_dsdt,) = struct.unpack_from("<Q", t, 140)
    x_tmr = gas(t, 208)
    check(sci == 9, "FADT.SCI_INT %d, expected 9" % sci)
    check(smi == 0, "FADT.SMI_CMD %#x: the machine is always in ACPI mode" % smi)
    check((pm1a_evt, pm1a_cnt, tmr) == (0x600, 0x604, 0x608),
          "FADT PM1a_EVT/PM1a_CNT/PM_TMR %#x/%#x/%#x" % (pm1a_evt, pm1a_cnt, tmr))
    check((pm1b_evt, pm1b_cnt, pm2, gpe0, gpe1) == (0, 0, 0, 0, 0), "FADT: blocks sevvm lacks are named")
    check((evt_len, cnt_len, tmr_len) == (4, 2, 4), "FADT lengths %d/%d/%d" % (evt_len, cnt_len, tmr_len))
    check(flags & (1 << 10), "FADT.Flags: RESET_REG_SUP is clear")
    check(not flags & (1 << 8), "FADT.Flags: TMR_VAL_EXT set, the timer has 24 bits")
    check(reset == (1, 8, 0, 1, 0xcf9) and reset_value == 6,
          "FADT.RESET_REG %r value %#x" % (reset, reset_value))
    check(x_tmr[0] == 1 and x_tmr[4] == 0x608 and x_tmr[1] == 32, "FADT.X_PM_TMR_BLK %r" % (x_tmr,))
    check(x_dsdt == dsdt, "FADT: X_DSDT %#x != DSDT %#x" % (x_dsdt, dsdt))
    check(facs % 64 == 0, "FACS at %#x is not 64-byte aligned" % facs)
    f = mem.read(facs, 64)
    check(f[:4] == b"FACS" and struct.unpack_from("<I", f, 4)[0] == 64, "FACS header")
    printed.append("FACS length=64")
    d = table(mem, dsdt, b"DSDT", printed)
    check(d[8] == 2, "DSDT revision %d, expected 2 (64-bit integers)" % d[8])
    check_dsdt(d[36:], low_ram_end)


def pci_window_base(low_ram_end):
    # OVMF's 440FX Uc32Base: 4 GiB minus the largest power of two (at most
    # 2 GiB) that fits between the RAM's end and 4 GiB.
    room, size = (1 << 32) - low_ram_end, 1 << 31
    while size > room:
        size >>= 1
    return (1 << 32) - size


def pkglen(aml, i):
    lead = aml[i]
    n = lead >> 6
    if n == 0:
        return lead & 0x3f, 1
    v = lead & 0xf
    for k in range(n):
        v |= aml[i + 1 + k] << (4 + 8 * k)
    return v, n + 1


def check_dsdt(aml, low_ram_end):
    # \_S5 = Package (4) { 7, ... }: NameOp, '\', "_S5_", PackageOp.
    i = aml.find(b"\x08\\_S5_\x12")
    check(i >= 0, "DSDT: no \\_S5")
    plen, n = pkglen(aml, i + 7)
    el = aml[i + 7 + n:i + 7 + n + 3]
    check(el[0] == 4 and el[1:3] == b"\x0a\x07", "DSDT: \\_S5 is not Package (4) { 7, ... }")
    # The Scope (\_SB) right after the package spans exactly to the end of the table.
    j = i + 7 + plen
    check(aml[j] == 0x10, "DSDT: no ScopeOp after \\_S5")
    length, n = pkglen(aml, j + 1)
    check(j + 1 + length == len(aml), "DSDT: Scope (\\_SB) PkgLength %d does not end the table" % length)
    check(aml[j + 1 + n:j + 1 + n + 5] == b"\\_SB_", "DSDT: no Scope (\\_SB)")
    # EISAID("PNP0A03") = 0x030ad041 and EISAID("PNP0501") = 0x0105d041, little-endian.
    check(b"\x0c\x41\xd0\x0a\x03" in aml, "DSDT: no PNP0A03 root bridge")
    check(b"\x0c\x41\xd0\x05\x01" in aml, "DSDT: no PNP0501 UART")
    # COM1: I/O 0x3f8, 8 ports; IRQ 4.
    check(b"\x47\x01\xf8\x03\xf8\x03\x00\x08\x22\x10\x00\x79\x00" in aml, "DSDT: COM1 _CRS")
    # The PM block's I/O window [0x600, 0x63f] (WordIO, EntireRange).
    check(b"\x88\x0d\x00\x01\x0c\x03\x00\x00\x00\x06\x3f\x06\x00\x00\x40\x00" in aml,
          "DSDT: PCI0 I/O window of the PM block")
    # The PCI memory window [base, 0xfbffffff], up to OVMF's aperture end.
    base = pci_window_base(low_ram_end)
    check(struct.pack("<IIII", base, 0xfbffffff, 0, 0xfc000000 - base) in aml,
          "DSDT: PCI0 memory window [%#x, 0xfbffffff]" % base)


def check_madt(t, ncpus):
    lapic_addr, flags = struct.unpack_from("<II", t, 36)
    check(lapic_addr == 0xfee00000, "MADT local APIC address %#x" % lapic_addr)
    check(flags & 1, "MADT: PCAT_COMPAT clear")
    i = 44
    lapics, ioapics, isos, nmis = [], [], [], []
    while i < len(t):
        typ, length = t[i], t[i + 1]
        check(length >= 2 and i + length <= len(t), "MADT entry at %d: length %d" % (i, length))
        e = t[i:i + length]
        if typ == 0:
            check(length == 8, "MADT local APIC length %d" % length)
            lapics.append(struct.unpack_from("<BBI", e, 2))
        elif typ == 1:
            check(length == 12, "MADT IOAPIC length %d" % length)
            ioapics.append(struct.unpack_from("<BxII", e, 2))
        elif typ == 2:
            check(length == 10, "MADT ISO length %d" % length)
            isos.append(struct.unpack_from("<BBIH", e, 2))
        elif typ == 4:
            check(length == 6, "MADT local APIC NMI length %d" % length)
            nmis.append(struct.unpack_from("<BHB", e, 2))
        else:
            fail("MADT: unexpected entry type %d" % typ)
        i += length
    check(lapics == [(n, n, 1) for n in range(ncpus)], "MADT local APICs %r for %d CPUs" % (lapics, ncpus))
    check(ioapics == [(ncpus, 0xfec00000, 0)], "MADT IOAPIC %r" % ioapics)
    check(isos == [(0, 9, 9, 0xd)], "MADT overrides %r: expected the SCI, level, active high" % isos)
    check(nmis == [(0xff, 0, 1)], "MADT NMI %r" % nmis)
    return len(lapics)


def main():
    d, ncpus, low_ram_end = sys.argv[1], int(sys.argv[2]), int(sys.argv[5], 0)
    addrs = {"etc/acpi/tables": int(sys.argv[3], 0), "etc/acpi/rsdp": int(sys.argv[4], 0)}
    blobs, allocated = load(d, addrs)
    mem = Memory(blobs, allocated)
    printed = []
    rsdp = mem.read(allocated["etc/acpi/rsdp"], 36)
    check(rsdp[:8] == b"RSD PTR ", "RSDP signature")
    check(sum(rsdp[:20]) & 0xff == 0, "RSDP checksum")
    check(sum(rsdp) & 0xff == 0, "RSDP extended checksum")
    rev, rsdt, length, xsdt = struct.unpack_from("<BIIQ", rsdp, 15)
    check(rev == 2 and length == 36, "RSDP revision %d length %d" % (rev, length))
    printed.append("RSDP length=36 revision=2")
    x = table(mem, xsdt, b"XSDT", printed)
    entries = struct.unpack_from("<%dQ" % ((len(x) - 36) // 8), x, 36)
    check(len(x) == 36 + 8 * len(entries), "XSDT length %d" % len(x))
    sigs = []
    for a in entries:
        sig = mem.read(a, 4)
        sigs.append(sig)
        t = table(mem, a, sig, printed)
        if sig == b"FACP":
            check_fadt(t, mem, printed, low_ram_end)
        elif sig == b"APIC":
            check(t[8] >= 3, "MADT revision %d" % t[8])
            printed.append("APIC lapics=%d" % check_madt(t, ncpus))
        else:
            fail("XSDT lists unexpected table %r" % sig)
    check(sorted(sigs) == [b"APIC", b"FACP"], "XSDT lists %r" % sigs)
    for line in printed:
        print(line)


main()

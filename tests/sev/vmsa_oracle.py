#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Independent oracle for sev/vmsa.c: writes one 4096-byte SEV-ES VMSA page
to stdout, built only from the documented table (sev-reference.md Part C
1.5, sev-snp-measure vmsa.py in QEMU mode) and the Linux struct
sev_es_save_area offsets. It shares no code with the C implementation.

usage: vmsa_oracle.py KIND INIT SIG [RESET_ADDR]
  KIND  bsp | ap | boot64 | regs
  INIT  legacy | init2
  SIG   CPUID(1).EAX, e.g. 0x800f12 (RDX of the reset state)
  RESET_ADDR  AP reset address from the OVMF SEV-ES reset block (ap only)

boot64 is the 64-bit boot protocol entry state sevvm sets on the BSP;
regs is the INIT2 reset BSP with every GPR, XCR0/XSS/PKRU, SEV_FEATURES
0x20 and a full x87/SSE register pattern, to pin each offset.
"""
import struct
import sys

PAGE = 4096


def seg(page, off, sel, attrib, limit, base):
    struct.pack_into("<HHIQ", page, off, sel, attrib, limit, base)


def q(page, off, val):
    struct.pack_into("<Q", page, off, val)


def reset_page(sig, cs_base, rip):
    p = bytearray(PAGE)
    for off in (0x000, 0x020, 0x030, 0x040, 0x050):     # es ss ds fs gs
        seg(p, off, 0, 0x93, 0xffff, 0)
    seg(p, 0x010, 0xf000, 0x9b, 0xffff, cs_base)          # cs
    seg(p, 0x060, 0, 0, 0xffff, 0)                        # gdtr
    seg(p, 0x070, 0, 0x82, 0xffff, 0)                     # ldtr
    seg(p, 0x080, 0, 0, 0xffff, 0)                        # idtr
    seg(p, 0x090, 0, 0x8b, 0xffff, 0)                     # tr
    q(p, 0x0d0, 0x1000)                                   # efer: SVME
    q(p, 0x148, 0x40)                                     # cr4: MCE
    q(p, 0x158, 0x10)                                     # cr0: ET
    q(p, 0x160, 0x400)                                    # dr7
    q(p, 0x168, 0xffff0ff0)                               # dr6
    q(p, 0x170, 0x2)                                      # rflags
    q(p, 0x178, rip)
    q(p, 0x268, 0x0007040600070406)                       # g_pat
    q(p, 0x310, sig)                                      # rdx
    q(p, 0x3b0, 0)                                        # sev_features
    q(p, 0x3e8, 1)                                        # xcr0
    return p


def init2_fpu(p):
    struct.pack_into("<I", p, 0x408, 0x1f80)              # mxcsr
    struct.pack_into("<H", p, 0x410, 0x037f)              # x87_fcw


def boot64_page():
    p = bytearray(PAGE)
    for off in (0x000, 0x020, 0x030, 0x040, 0x050):     # es ss ds fs gs
        seg(p, off, 0x18, 0xc93, 0xffffffff, 0)
    seg(p, 0x010, 0x10, 0xa9b, 0xffffffff, 0)             # cs, L=1
    seg(p, 0x060, 0, 0, 39, 0x500)                        # gdtr
    seg(p, 0x070, 0, 0x02, 0, 0)                          # ldtr, unusable
    seg(p, 0x080, 0, 0, 0, 0)                             # idtr
    seg(p, 0x090, 0x20, 0x8b, 0x67, 0)                    # tr
    q(p, 0x0d0, 0x500 | 0x1000)                           # efer LME|LMA|SVME
    q(p, 0x148, 0x20 | 0x40)                              # cr4 PAE|MCE
    q(p, 0x150, 0x9000)                                   # cr3
    q(p, 0x158, 0x80000031)                               # cr0 PG|NE|ET|PE
    q(p, 0x160, 0x400)
    q(p, 0x168, 0xffff0ff0)
    q(p, 0x170, 0x2)
    q(p, 0x178, 0x1000200)                                # rip
    q(p, 0x1d8, 0x8ff0)                                   # rsp
    q(p, 0x268, 0x0007040600070406)
    q(p, 0x330, 0x7000)                                   # rsi: boot_params
    q(p, 0x3e8, 1)
    return p


def regs_page(sig, init2):
    p = reset_page(sig, 0xffff0000, 0xfff0)
    gprs = ((0x1f8, "rax", 0xa0), (0x318, "rbx", 0xb0), (0x308, "rcx", 0xc0),
            (0x310, "rdx", 0xd0), (0x338, "rdi", 0xd1), (0x330, "rsi", 0x51),
            (0x328, "rbp", 0xb9), (0x1d8, "rsp", 0x59))
    for off, _name, tag in gprs:                          # tag repeated 8 times
        q(p, off, 0x0101010101010101 * tag)
    for i in range(8):                                    # r8..r15
        q(p, 0x340 + 8 * i, 0x0101010101010101 * (0x08 + i))
    q(p, 0x3e8, 7)                                        # xcr0
    q(p, 0x140, 0x100)                                    # xss
    struct.pack_into("<I", p, 0x2e8, 0x55555554)          # pkru
    q(p, 0x3b0, 0x20)                                     # DebugSwap
    if not init2:
        return p
    q(p, 0x400, 0x8877665544332211)                       # x87_dp
    # mxcsr, ftw (abridged), fsw, fcw, fop, ds, cs, rip
    struct.pack_into("<IHHHHHHQ", p, 0x408, 0x1f80, 0xa5, 0x3800, 0x037f,
                     0x7ff, 0, 0, 0x1122334455667788)
    for i in range(8):                                    # st0..st7
        st = bytes((0x10 * i + j) & 0xff for j in range(10))
        p[0x420 + 8 * i:0x428 + 8 * i] = st[:8]          # mantissas
        p[0x460 + 2 * i:0x462 + 2 * i] = st[8:]          # sign + exponent
    p[0x470:0x570] = bytes((k ^ 0x5a) & 0xff for k in range(256))
    return p


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    kind, init, sig = argv[1], argv[2], int(argv[3], 0)
    if kind == "bsp":
        p = reset_page(sig, 0xffff0000, 0xfff0)
    elif kind == "ap":
        addr = int(argv[4], 0)
        p = reset_page(sig, addr & 0xffff0000, addr & 0xffff)
    elif kind == "boot64":
        p = boot64_page()
    elif kind == "regs":
        p = regs_page(sig, init == "init2")
    else:
        sys.exit("unknown kind " + kind)
    if init not in ("legacy", "init2"):
        sys.exit("unknown init " + init)
    if init == "init2" and kind != "regs":
        init2_fpu(p)
    assert len(p) == PAGE
    sys.stdout.buffer.write(bytes(p))


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""An independent decoder of the SEV-ES VMSA page, for checking what
`sevvm measure --explain` says about VMSA fields.

The layout is written down here as AMD64 APM vol. 2 table B-4 ("VMSA
Layout, State Save Area for SEV-ES") lists it, field after field with its
size; the offsets are summed up from the sizes, not copied, and pinned at
the offsets sev-reference.md (Part C 1.5) quotes. Names as Linux spells
them in struct sev_es_save_area. It shares no code or table with sevvm.

usage:
  vmsa_layout.py fields                 name offset size, one field a line
  vmsa_layout.py pattern IN OUT         OUT: IN with every field changed
  vmsa_layout.py check LAUNCH EXPECTED EXPLAIN_OUTPUT
        checks that EXPLAIN_OUTPUT names exactly the fields in which the
        two pages differ, each with its offset, size and both values
"""
import re
import sys

PAGE = 4096


def _layout():
    seq = []
    for s in ("es", "cs", "ss", "ds", "fs", "gs", "gdtr", "ldtr", "idtr", "tr"):
        seq += [(s + ".selector", 2), (s + ".attrib", 2), (s + ".limit", 4), (s + ".base", 8)]
    seq += [("pl0_ssp", 8), ("pl1_ssp", 8), ("pl2_ssp", 8), ("pl3_ssp", 8), ("u_cet", 8),
            ("reserved", 2), ("vmpl", 1), ("cpl", 1), ("reserved", 4), ("efer", 8),
            ("reserved", 104), ("xss", 8), ("cr4", 8), ("cr3", 8), ("cr0", 8), ("dr7", 8),
            ("dr6", 8), ("rflags", 8), ("rip", 8)]
    seq += [("dr%d" % i, 8) for i in range(4)]
    seq += [("dr%d_addr_mask" % i, 8) for i in range(4)]
    seq += [("reserved", 24), ("rsp", 8), ("s_cet", 8), ("ssp", 8), ("isst_addr", 8),
            ("rax", 8), ("star", 8), ("lstar", 8), ("cstar", 8), ("sfmask", 8),
            ("kernel_gs_base", 8), ("sysenter_cs", 8), ("sysenter_esp", 8),
            ("sysenter_eip", 8), ("cr2", 8), ("reserved", 32), ("g_pat", 8), ("dbgctl", 8),
            ("br_from", 8), ("br_to", 8), ("last_excp_from", 8), ("last_excp_to", 8),
            ("reserved", 80), ("pkru", 4), ("tsc_aux", 4), ("reserved", 24), ("rcx", 8),
            ("rdx", 8), ("rbx", 8), ("reserved", 8), ("rbp", 8), ("rsi", 8), ("rdi", 8)]
    seq += [("r%d" % i, 8) for i in range(8, 16)]
    seq += [("reserved", 16), ("guest_exit_info_1", 8), ("guest_exit_info_2", 8),
            ("guest_exit_int_info", 8), ("guest_nrip", 8), ("sev_features", 8),
            ("vintr_ctrl", 8), ("guest_exit_code", 8), ("virtual_tom", 8), ("tlb_id", 8),
            ("pcpu_id", 8), ("event_inj", 8), ("xcr0", 8), ("valid_bitmap", 16),
            ("x87_dp", 8), ("mxcsr", 4), ("x87_ftw", 2), ("x87_fsw", 2), ("x87_fcw", 2),
            ("x87_fop", 2), ("x87_ds", 2), ("x87_cs", 2), ("x87_rip", 8),
            ("fpreg_x87", 80), ("fpreg_xmm", 256), ("fpreg_ymm", 256)]
    fields, off = [], 0
    for name, size in seq:
        fields.append((name, off, size))
        off += size
    fields.append(("beyond the save area", off, PAGE - off))
    return fields


FIELDS = _layout()
# Offsets quoted in sev-reference.md Part C 1.5 (and Linux's BUILD_BUG_ONs).
_PINNED = {"cs.selector": 0x010, "efer": 0x0d0, "cr4": 0x148, "cr0": 0x158, "dr7": 0x160,
           "rflags": 0x170, "rip": 0x178, "g_pat": 0x268, "rdx": 0x310,
           "sev_features": 0x3b0, "xcr0": 0x3e8, "mxcsr": 0x408, "x87_fcw": 0x410,
           "beyond the save area": 0x670}
for _n, _o, _s in FIELDS:
    assert _PINNED.get(_n, _o) == _o, (_n, hex(_o))


def value(page, off, size):
    return int.from_bytes(page[off:off + size], "little")


def pattern(page):
    """Every field changed: byte i of the page XOR (0x11 + field number)."""
    p = bytearray(page)
    for k, (_name, off, size) in enumerate(FIELDS):
        for i in range(off, off + size):
            p[i] ^= (0x11 + k) & 0xff or 0x5a
    return bytes(p)


def expected_lines(launch, exp):
    lines = []
    for name, off, size in FIELDS:
        a, x = launch[off:off + size], exp[off:off + size]
        if a == x:
            continue
        head = "%s (%#x, %d bytes): launch " % (name, off, size)
        if size <= 8:
            lines.append(head + "%#x, expected %#x" % (value(a, 0, size), value(x, 0, size)))
        elif size <= 16:
            lines.append(head + "%s, expected %s" % (a.hex(), x.hex()))
        else:
            b = next(i for i in range(size) if a[i] != x[i])
            lines.append(head + "0x%02x, expected 0x%02x at +%#x (the first differing byte)"
                         % (a[b], x[b], b))
    return lines


def check(launch_path, exp_path, out_path):
    launch = open(launch_path, "rb").read()
    exp = open(exp_path, "rb").read()
    assert len(launch) == PAGE and len(exp) == PAGE
    want = expected_lines(launch, exp)
    field_line = re.compile(r"^ +(\S.*?) \(0x[0-9a-f]+, \d+ bytes\): launch ")
    got = [l.strip() for l in open(out_path) if field_line.match(l)]
    ok = True
    for w in want:
        if w not in got:
            print("missing or wrong: " + w)
            ok = False
    for g in got:
        if g not in want:
            print("unexpected: " + g)
            ok = False
    print("%d fields differ, %d named by sevvm" % (len(want), len(got)))
    return ok


def main(argv):
    if len(argv) >= 2 and argv[1] == "fields":
        for name, off, size in FIELDS:
            print("%s %#x %d" % (name, off, size))
    elif len(argv) == 4 and argv[1] == "pattern":
        open(argv[3], "wb").write(pattern(open(argv[2], "rb").read()))
    elif len(argv) == 5 and argv[1] == "check":
        sys.exit(0 if check(argv[2], argv[3], argv[4]) else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

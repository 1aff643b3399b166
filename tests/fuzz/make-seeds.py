#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes small seed corpora for the fuzz targets: DIR/<target>/<seed>.

Each seed is a well-formed input of the target's format (see the comment at
the top of each tests/fuzz/fuzz_*.c), so libFuzzer starts past the magic
numbers. GUIDs and constants are read from the C sources, not copied.
"""
import os
import re
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def c_bytes(path, name):
    """The bytes of the brace initialiser after @name in the C file @path."""
    text = open(os.path.join(ROOT, path)).read()
    m = re.search(re.escape(name) + r"[^{]*\{([^}]*)\}", text)
    return bytes(int(x, 16) for x in re.findall(r"0x[0-9a-fA-F]+", m.group(1)))


def c_define(path, name):
    text = open(os.path.join(ROOT, path)).read()
    return int(re.search(r"#define\s+" + name + r"\s+(0x[0-9a-fA-F]+|\d+)", text).group(1), 0)


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def bzimage(proto=0x020f, setup_sects=1, kernel_len=4096):
    """A bzImage: setup header (Linux boot protocol) and a zero kernel."""
    setup = bytearray((setup_sects + 1) * 512)
    setup[0x1f1] = setup_sects
    struct.pack_into("<I", setup, 0x1f4, kernel_len // 16)       # syssize
    struct.pack_into("<H", setup, 0x1fe, 0xaa55)                 # boot_flag
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, proto)
    setup[0x211] = 0x01                                          # LOADED_HIGH
    struct.pack_into("<I", setup, 0x22c, 0x7fffffff)             # initrd_addr_max
    struct.pack_into("<I", setup, 0x238, 2047)                   # cmdline_size
    struct.pack_into("<H", setup, 0x236, 0x1)                    # XLF_KERNEL_64
    struct.pack_into("<Q", setup, 0x258, 0x1000000)              # pref_address
    struct.pack_into("<I", setup, 0x260, kernel_len * 4)         # init_size
    return bytes(setup) + bytes(kernel_len)


def elf(segs):
    """An ELF64 x86-64 executable with PT_LOAD (paddr, data, memsz) segments."""
    phoff, n = 64, len(segs)
    off = phoff + 56 * n
    hdr = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    hdr += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, segs[0][0], phoff, 0, 0, 64, 56, n,
                       64, 0, 0)
    ph, body = b"", b""
    for paddr, data, memsz in segs:
        ph += struct.pack("<IIQQQQQQ", 1, 7, off + len(body), paddr, paddr, len(data),
                          memsz, 0x1000)
        body += data
    return hdr + ph + body


def multiboot_aout(load=0x100000, body=256, bss=0x1000):
    """A raw multiboot image: header at 0x20 with the a.out-kludge address fields."""
    magic, flags = 0x1BADB002, 0x00010003
    hdr = struct.pack("<III", magic, flags, (-(magic + flags)) & 0xffffffff)
    hdr += struct.pack("<IIIII", load + 0x20, load, 0, load + 0x20 + 32 + body + bss,
                       load + 0x40)
    return bytes(0x20) + hdr + b"\xf4" * body


def multiboot_elf32(paddr=0x100000):
    """An ELF32 i386 executable with a multiboot header (no address fields)."""
    magic, flags = 0x1BADB002, 0x3
    mb = struct.pack("<III", magic, flags, (-(magic + flags)) & 0xffffffff)
    code = mb + b"\xf4" * 64
    off = 52 + 32
    hdr = b"\x7fELF" + bytes([1, 1, 1]) + bytes(9)
    hdr += struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, paddr + 12, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    ph = struct.pack("<IIIIIIII", 1, off, paddr, paddr, len(code), len(code) + 0x1000, 7,
                     0x1000)
    return hdr + ph + code


def ovmf(entries, size=0x10000):
    """An image whose GUID table (before the last 32 bytes) holds @entries."""
    footer = c_bytes("sev/ovmf.c", "ovmf_guid_footer[OVMF_GUID_LEN]")
    table = b""
    for guid, data in entries:
        table = data + struct.pack("<H", len(data) + 18) + guid + table
    table += struct.pack("<H", len(table) + 18) + footer
    img = bytearray(size)
    img[size - 32 - len(table):size - 32] = table
    return bytes(img)


def ec_le(v):
    return v.to_bytes(72, "little")


def sev_cert(usage, key):
    """A SEV-format certificate (API 55766 appendix C.1), unsigned."""
    c = bytearray(2084)
    nums = key.public_key().public_numbers()
    struct.pack_into("<IBB", c, 0, 1, 0, 24)
    struct.pack_into("<III", c, 0x8, usage, 0x002 if usage != 0x1003 else 0x003, 2)
    c[0x14:0x14 + 72] = ec_le(nums.x)
    c[0x5c:0x5c + 72] = ec_le(nums.y)
    for at in (0x414, 0x61c):
        struct.pack_into("<II", c, at, 0x1000, 0)
    return bytes(c)


def amd_cert(usage, bits, key=None, key_id=bytes(16), cert_id=bytes(16), signer=None):
    """An AMD-format certificate (API 55766 appendix B.1), signed by @signer
    (RSASSA-PSS, SHA-384 for 4096-bit keys, SHA-256 else; LE) if given."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=bits)
    n = key.public_key().public_numbers().n
    c = bytearray(0x40)
    struct.pack_into("<I", c, 0, 1)
    c[0x04:0x14] = key_id
    c[0x14:0x24] = cert_id
    struct.pack_into("<I", c, 0x24, usage)
    struct.pack_into("<II", c, 0x38, 2048, bits)
    body = bytes(c) + (65537).to_bytes(256, "little") + n.to_bytes(bits // 8, "little")
    sig = bytes(bits // 8)
    if signer:
        md = hashes.SHA384() if bits == 4096 else hashes.SHA256()
        sig = signer.sign(body, padding.PSS(mgf=padding.MGF1(md), salt_length=md.digest_size),
                          md)[::-1]
    return body + sig


def sev_sign(cert, slot, signer, signer_usage, algo):
    """Signs bytes 0..0x413 of a SEV certificate into signature slot @slot."""
    c = bytearray(cert)
    at = (0x414, 0x61c)[slot]
    md = hashes.SHA384() if algo & 0x100 else hashes.SHA256()
    if isinstance(signer, rsa.RSAPrivateKey):
        sig = signer.sign(bytes(c[:0x414]), padding.PSS(mgf=padding.MGF1(md),
                                                        salt_length=md.digest_size), md)[::-1]
    else:
        r, s = decode_dss_signature(signer.sign(bytes(c[:0x414]), ec.ECDSA(md)))
        sig = ec_le(r) + ec_le(s)
    struct.pack_into("<II", c, at, signer_usage, algo)
    c[at + 8:at + 8 + 512] = sig + bytes(512 - len(sig))
    return bytes(c)


def signed_chain():
    """ARK, ASK (RSA 2048), CEK, OCA, PEK, PDH (P-384), signed as the model does."""
    ark_k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ask_k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ark_id, ask_id = bytes(range(16)), bytes(range(16, 32))
    ark = amd_cert(0x0000, 2048, ark_k, ark_id, ark_id, ark_k)
    ask = amd_cert(0x0013, 2048, ask_k, ask_id, ark_id, ark_k)
    keys = {u: ec.generate_private_key(ec.SECP384R1()) for u in (0x1004, 0x1001, 0x1002, 0x1003)}
    cek = sev_sign(sev_cert(0x1004, keys[0x1004]), 0, ask_k, 0x0013, 0x001)
    oca = sev_sign(sev_cert(0x1001, keys[0x1001]), 0, keys[0x1001], 0x1001, 0x102)
    pek = sev_sign(sev_cert(0x1002, keys[0x1002]), 0, keys[0x1001], 0x1001, 0x102)
    pek = sev_sign(pek, 1, keys[0x1004], 0x1004, 0x102)
    pdh = sev_sign(sev_cert(0x1003, keys[0x1003]), 0, keys[0x1002], 0x1002, 0x102)
    return [ark, ask, cek, oca, pek, pdh]


def hash_table():
    guid = lambda n: c_bytes("sev/kernel_hashes_abi.h", n)
    t = guid("SEV_HASH_GUID_TABLE") + struct.pack("<H", 18 + 3 * 50)
    for n in ("SEV_HASH_GUID_CMDLINE", "SEV_HASH_GUID_INITRD", "SEV_HASH_GUID_KERNEL"):
        t += guid(n) + struct.pack("<H", 50) + bytes(range(32))
    return t + bytes(176 - len(t))


def launch_log():
    """A launch log (sev/launch_log.h) with the events --explain reads."""
    import hashlib
    import json
    table = hash_table()
    vmsa = bytearray(4096)
    struct.pack_into("<QQ", vmsa, 0x310, 0x800f12, 0)
    struct.pack_into("<I", vmsa, 0x408, 0x1f80)
    sha = lambda b: hashlib.sha256(b).hexdigest()
    zp = bytearray(4096)
    struct.pack_into("<I", zp, 0x21c, 0x20)
    events = [
        {"type": "launch", "mode": "sev-es", "backend": "sim", "init": "init2"},
        {"type": "region", "gpa": 0xffffe000, "len": 8192, "what": "firmware",
         "sha256": sha(b"\x90" * 8192), "digest": "00" * 32},
        {"type": "region", "gpa": 0x840000, "len": 176, "what": "kernel hashes table",
         "sha256": sha(table), "digest": "00" * 32, "data": table.hex()},
        {"type": "region", "gpa": 0x7000, "len": 4096, "what": "zero page",
         "sha256": sha(bytes(zp)), "digest": "00" * 32, "data": bytes(zp).hex()},
        {"type": "command", "cmd": "KVM_SEV_LAUNCH_UPDATE_DATA", "args": {"gpa": 1, "len": 2},
         "result": -5, "ok": True, "none": None},
        {"type": "vmsa", "cpu": 0, "rip": 0xfff0, "sha256": sha(bytes(vmsa)),
         "vmsa": bytes(vmsa).rstrip(b"\0").hex()},
        {"type": "measurement", "digest": "11" * 32},
    ]
    return json.dumps({"sevvm_launch_log": 1, "events": events}, indent=1).encode()


def hashlib_empty():
    import hashlib
    return hashlib.sha256(b"").hexdigest().encode()


def secret_table():
    head = c_bytes("firmware/secret_table.c", "secret_guid[16]")
    e1 = bytes(range(16)) + struct.pack("<I", 20 + 5) + b"hello"
    e2 = bytes(16) + struct.pack("<I", 20)
    body = e1 + e2
    return head + struct.pack("<I", 20 + len(body)) + body + bytes(32)


def acpi_loader():
    """Two blobs and QEMU-format commands: allocate both, the RSDP's XSDT
    pointer into the tables, the RSDP's checksum (vmm/acpi/linker.c)."""
    def name(n):
        return n.encode().ljust(56, b"\0")

    def entry(cmd, body):
        return (struct.pack("<I", cmd) + body).ljust(128, b"\0")

    tables, rsdp = bytes(64), b"RSD PTR " + bytes(28)
    cmds = (entry(1, name("etc/acpi/tables") + struct.pack("<IB", 64, 1)) +
            entry(1, name("etc/acpi/rsdp") + struct.pack("<IB", 16, 2)) +
            entry(2, name("etc/acpi/rsdp") + name("etc/acpi/tables") + struct.pack("<IB", 24, 8)) +
            entry(3, name("etc/acpi/rsdp") + struct.pack("<III", 8, 0, 20)))
    return struct.pack("<HH", len(tables), len(rsdp)) + tables + rsdp + cmds


def ghcb(code, info1=0, info2=0, regs=(), msr=0, ram=b""):
    """vCPU state, a GHCB MSR value (0: the page) and a GHCB page."""
    page = bytearray(4096)
    bitmap = 0x3f0

    def setq(off, v):
        struct.pack_into("<Q", page, off, v)
        page[bitmap + off // 64] |= 1 << (off // 8 % 8)
    setq(0x390, code)
    setq(0x398, info1)
    setq(0x3a0, info2)
    for off, v in regs:
        setq(off, v)
    struct.pack_into("<HI", page, 0xffa, 2, 0)
    return bytes([2, 2]) + struct.pack("<Q", msr) + bytes(page) + ram


def desc_table(descs):
    t = b"".join(struct.pack("<QIHH", *d) for d in descs)
    return t + bytes(8 * 16 - len(t))


def vdev(heads, descs, bufs):
    """Offers, the descriptor table at VH_DESC, buffers at VH_BUF (0x8000)."""
    return bytes([len(heads)] + heads) + desc_table(descs) + bufs


def main():
    out = sys.argv[1]
    F_NEXT, F_WRITE, F_INDIRECT = 1, 2, 4
    BUF = 0x8000

    plan = struct.pack("<HIH", 63, 4096, 20)
    write(out, "fuzz_bzimage", "plain", plan + bzimage())
    write(out, "fuzz_bzimage", "proto-2.10", plan + bzimage(proto=0x020a, setup_sects=4))
    write(out, "fuzz_bzimage", "big-initrd", struct.pack("<HIH", 4095, 1 << 30, 2000) +
          bzimage())

    write(out, "fuzz_elf", "one", elf([(0x100000, b"\xf4" * 64, 0x2000)]))
    write(out, "fuzz_elf", "two", elf([(0x100000, b"\x90" * 32, 32),
                                       (0x200000, b"\xcc" * 16, 0x1000)]))

    write(out, "fuzz_multiboot", "aout", multiboot_aout())
    write(out, "fuzz_multiboot", "elf32", multiboot_elf32())
    write(out, "fuzz_multiboot", "modules", b"/m1 a b,/m2,,x,/m3")

    reset = c_bytes("sev/ovmf.c", "ovmf_guid_sev_es_reset[OVMF_GUID_LEN]")
    hashes = c_bytes("sev/ovmf.c", "ovmf_guid_hash_table[OVMF_GUID_LEN]")
    secret = c_bytes("sev/ovmf.c", "ovmf_guid_secret[OVMF_GUID_LEN]")
    write(out, "fuzz_ovmf", "reset", ovmf([(reset, struct.pack("<I", 0xffff0000))]))
    write(out, "fuzz_ovmf", "areas", ovmf([
        (reset, struct.pack("<I", 0xfffff000)),
        (hashes, struct.pack("<II", 0x80b000, 0x400)),
        (secret, struct.pack("<II", 0x80a000, 0x1000))]))

    pek = ec.generate_private_key(ec.SECP384R1())
    sev = {u: sev_cert(u, pek) for u in (0x1004, 0x1001, 0x1002, 0x1003)}
    ark, ask = amd_cert(0x0000, 4096), amd_cert(0x0013, 4096)
    write(out, "fuzz_sev_cert", "pek", b"\0" + sev[0x1002])
    write(out, "fuzz_sev_cert", "pdh", b"\0" + sev[0x1003])
    write(out, "fuzz_sev_cert", "ark", b"\1" + ark)
    write(out, "fuzz_sev_cert", "ask-2048", b"\1" + amd_cert(0x0013, 2048))
    chain = [ark, ask, sev[0x1004], sev[0x1001], sev[0x1002], sev[0x1003]]
    write(out, "fuzz_sev_chain", "unsigned",
          b"".join(struct.pack("<H", len(c)) for c in chain) + b"".join(chain))
    chain = signed_chain()
    write(out, "fuzz_sev_chain", "signed",
          b"".join(struct.pack("<H", len(c)) for c in chain) + b"".join(chain))

    # The console: records of a header byte (bit 7 virtio, bits 0-6 length)
    # and that much output.
    def con(*recs):
        return b"".join(bytes([(0x80 if v else 0) | len(t)]) + t for v, t in recs)
    write(out, "fuzz_console", "marker", con((0, b"booting\r\n"), (1, b"SEVVM-"),
                                             (0, b"[    0.1] x\r\n"), (1, b"BLK-OK 3\r\n")))
    write(out, "fuzz_console", "prompt", con((1, b"\0\0debian login: ")))
    write(out, "fuzz_console", "long", con(*[(0, b"y" * 127)] * 40, (0, b"\n")))

    write(out, "fuzz_base64", "16", b"AAECAwQFBgcICQoLDA0ODw==\n")
    write(out, "fuzz_base64", "lines", b"QUJD\nREVG\r\n")
    write(out, "fuzz_base64", "raw16", bytes(range(16)))

    write(out, "fuzz_kernel_hashes", "table", hash_table())
    write(out, "fuzz_launch_log", "log", launch_log())
    write(out, "fuzz_launch_log", "escapes", b'{"sevvm_launch_log": 1, "events": [{"type": '
          b'"region", "gpa": 16, "len": 0, "what": "a\\"b\\u0041\\n", "sha256": "'
          + hashlib_empty() + b'"}]}')
    write(out, "fuzz_secret_table", "two", secret_table())
    write(out, "fuzz_acpi_loader", "qemu-format", acpi_loader())

    GPA_RAM = 0x100000
    write(out, "fuzz_ghcb", "ioio-out", ghcb(0x7b, 0x3f8 << 16 | 0x10, 0, [(0x1f8, 0x41)]))
    write(out, "fuzz_ghcb", "ioio-string", ghcb(0x7b, 0x3f8 << 16 | 0x10 | 4 | 8, 4,
                                                [(0x3a8, GPA_RAM)], ram=b"abcd"))
    write(out, "fuzz_ghcb", "cpuid", ghcb(0x72, 0, 0, [(0x1f8, 0xd), (0x308, 1), (0x3e8, 7)]))
    write(out, "fuzz_ghcb", "rdmsr", ghcb(0x7c, 0, 0, [(0x308, 0xc0000080)]))
    write(out, "fuzz_ghcb", "wrmsr", ghcb(0x7c, 1, 0, [(0x308, 0xc0000080), (0x1f8, 1),
                                                       (0x310, 0)]))
    write(out, "fuzz_ghcb", "mmio-read", ghcb(0x80000001, 0xfee00000, 4, [(0x3a8, GPA_RAM)]))
    write(out, "fuzz_ghcb", "mmio-write", ghcb(0x80000002, 0xfee00000, 8,
                                               [(0x3a8, GPA_RAM)], ram=bytes(8)))
    write(out, "fuzz_ghcb", "vmmcall", ghcb(0x81, 0, 0, [(0x1f8, 12), (0x318, 1), (0xcb, 0)]))
    write(out, "fuzz_ghcb", "jump-table", ghcb(0x80000005, 0, 0x200000))
    write(out, "fuzz_ghcb", "ap-hlt", ghcb(0x80000004))
    write(out, "fuzz_ghcb", "hv-features", ghcb(0x8000fffd))
    write(out, "fuzz_ghcb", "term", ghcb(0x8000fffe, 0x101))
    for name, msr in (("msr-sev-info", 0x002), ("msr-cpuid", 0x4 | 1 << 30 | 0xd << 32),
                      ("msr-hv-ft", 0x080), ("msr-term", 0x100 | 1 << 12 | 3 << 16),
                      ("msr-hold", 0x006), ("msr-psc", 0x014)):
        write(out, "fuzz_ghcb", name, bytes([2, 0]) + struct.pack("<Q", msr))

    # Rings: queue of 8 at desc 0x1000, avail 0x2000, used 0x3000.
    q = struct.pack("<BBHHH", 3, 0, 0x1000 // 16, 0x2000 // 2, 0x3000 // 4)
    ram = bytearray(0x4000)
    ram[0x1000:0x1000 + 128] = desc_table([(0x3800, 16, F_NEXT, 1), (0x3900, 64, F_WRITE, 0),
                                           (0x3a00, 64, F_INDIRECT, 0)])
    ram[0x3a00:0x3a00 + 32] = struct.pack("<QIHHQIHH", 0x3800, 8, F_NEXT, 1, 0x3900, 8,
                                          F_WRITE, 0)
    struct.pack_into("<HHHH", ram, 0x2000, 0, 2, 0, 2)
    write(out, "fuzz_virtqueue", "direct-indirect", q + bytes(ram))
    q_ev = struct.pack("<BBHHH", 3, 3, 0x1000 // 16, 0x2000 // 2, 0x3000 // 4)
    write(out, "fuzz_virtqueue", "event-idx", q_ev + bytes(ram))

    # virtio-blk: header, data, status (VIRTIO 1.2, 5.2.6).
    hdr = lambda t, sector: struct.pack("<IIQ", t, 0, sector)
    for name, t, data_flags in (("read", 0, F_WRITE), ("write", 1, 0), ("flush", 4, 0),
                                ("get-id", 8, F_WRITE), ("discard", 11, 0)):
        bufs = bytearray(0x2000)
        bufs[0:16] = hdr(t, 1)
        if t == 11:
            bufs[0x1000:0x1010] = struct.pack("<QII", 2, 4, 0)
        write(out, "fuzz_virtio_blk", name, vdev(
            [0], [(BUF, 16, F_NEXT, 1), (BUF + 0x1000, 512 if t != 11 else 16,
                                         F_NEXT | data_flags, 2),
                  (BUF + 0x100, 1, F_WRITE, 0)], bytes(bufs)))
    ind = bytearray(0x2000)
    ind[0:16] = hdr(0, 0)
    ind[0x200:0x230] = struct.pack("<QIHHQIHHQIHH", BUF, 16, F_NEXT, 1, BUF + 0x1000, 512,
                                   F_NEXT | F_WRITE, 2, BUF + 0x100, 1, F_WRITE, 0)
    write(out, "fuzz_virtio_blk", "indirect", vdev([0], [(BUF + 0x200, 48, F_INDIRECT, 0)],
                                                   bytes(ind)))

    write(out, "fuzz_virtio_console", "hello", vdev([0, 1], [(BUF, 6, F_NEXT, 1),
                                                             (BUF + 6, 7, 0, 0)],
                                                    b"hello world!\n"))

    # virtio-net: selector (bit 0 receiveq: then a 2-byte frame length and
    # the frame), then the chains; a 12-byte virtio_net_hdr before each frame.
    frame = bytes(12) + bytes(range(60))
    write(out, "fuzz_virtio_net", "tx", b"\x00" + vdev([0, 1], [(BUF, 12, F_NEXT, 1),
                                                           (BUF + 12, 60, 0, 0)], frame))
    ind = bytearray(0x300)
    ind[0:72] = frame
    ind[0x200:0x220] = struct.pack("<QIHHQIHH", BUF, 12, F_NEXT, 1, BUF + 12, 60, 0, 0)
    write(out, "fuzz_virtio_net", "tx-indirect", b"\x00" + vdev([0], [(BUF + 0x200, 32,
                                                                    F_INDIRECT, 0)], bytes(ind)))
    write(out, "fuzz_virtio_net", "rx", b"\x01" + struct.pack("<H", len(frame)) + frame +
          vdev([0, 1], [(BUF, 1526, F_WRITE, 0), (BUF + 0x800, 12, F_WRITE | F_NEXT, 2),
                        (BUF + 0x900, 1514, F_WRITE, 0)], b""))

    write(out, "fuzz_virtio_rng", "two", vdev([0, 1], [(BUF, 64, F_WRITE, 0),
                                                       (BUF + 0x100, 16, F_WRITE | F_NEXT, 2),
                                                       (BUF + 0x200, 16, F_WRITE, 0)], b""))

    # fw_cfg: select (2-byte write at 0), data reads (1 at 1), DMA (4-byte writes at 4, 8).
    acc = lambda op, v: struct.pack("<BIB", op, v, 0)
    sel = lambda key: acc(0 << 3 | 1 | 4, key)
    rd = acc(1 << 3 | 0, 0)
    mem = bytearray(0x100)
    struct.pack_into(">IIQ", mem, 0x10, 0x11 << 16 | 0x08 | 0x02, 64, 0x80)  # select+read
    struct.pack_into(">IIQ", mem, 0x20, 0x19 << 16 | 0x08 | 0x02, 64, 0x80)  # file dir
    write(out, "fuzz_fw_cfg", "ports", struct.pack("<H", 0) + sel(0) + rd * 4 + sel(5) + rd * 2
          + sel(0x19) + rd * 8)
    write(out, "fuzz_fw_cfg", "dma", struct.pack("<H", len(mem)) + bytes(mem) +
          acc(4 << 3 | 2 | 4, 0) + acc(8 << 3 | 2 | 4, struct.unpack(">I", struct.pack("<I", 0x10))[0])
          + acc(4 << 3 | 2 | 4, 0) + acc(8 << 3 | 2 | 4, struct.unpack(">I", struct.pack("<I", 0x20))[0]))

    # PCI: kind (size | space << 2 | write 0x10), offset, value.
    a = lambda kind, off, v: struct.pack("<BHI", kind, off, v)
    pci = a(0 << 2 | 2, 0, 0) + a(0 << 2 | 2 | 0x10, 0x10, 0xffffffff) + a(0 << 2 | 2, 0x10, 0)
    pci += a(1 << 2 | 2 | 0x10, 0, 0x80000000 | 3 << 11 | 0x34) + a(1 << 2 | 2, 4, 0)
    pci += a(1 << 2 | 0 | 0x10, 5, 0x55)
    for off in range(0, 64, 4):
        pci += a(2 << 2 | 2, off, 0)
    pci += a(2 << 2 | 0x10, 20, 3) + a(2 << 2 | 1 | 0x10, 22, 0) + a(2 << 2 | 1, 24, 0)
    pci += a(2 << 2 | 3 | 0x10, 32, 0x1000) + a(2 << 2 | 1 | 0x10, 28, 1)
    pci += a(2 << 2 | 2 | 0x10, 0x2000, 0xfee00000) + a(2 << 2 | 2 | 0x10, 0x200c, 0)
    pci += a(2 << 2 | 0, 0x1000, 0) + a(2 << 2 | 2, 0x4000, 0)
    write(out, "fuzz_pci", "probe", pci)
    # The PIIX4 PM function (00:01.3): PMBA to 0xb000, PMIOSE, then its timer.
    pm_fn = 0x80000000 | 1 << 11 | 3 << 8
    pm = a(1 << 2 | 2 | 0x10, 0, pm_fn | 0x40) + a(1 << 2 | 2 | 0x10, 4, 0xb001)
    pm += a(1 << 2 | 2 | 0x10, 0, pm_fn | 0x80) + a(1 << 2 | 0 | 0x10, 4, 1)
    pm += a(3 << 2 | 2, 0xb008, 0) + a(3 << 2 | 1, 0xb000, 0) + a(3 << 2 | 1 | 0x10, 0xb004, 1)
    write(out, "fuzz_pci", "pm-move", pm)

    def gdb_packet(payload):
        return b"$" + payload + b"#%02x" % (sum(payload) % 256)
    session = [b"qSupported:multiprocess+;xmlRegisters=i386", b"?", b"qfThreadInfo",
               b"qsThreadInfo", b"Hg1", b"g", b"p10", b"m100000,40", b"Z1,100000,1",
               b"z1,100000,1", b"Z2,200000,8", b"qXfer:features:read:target.xml:0,ffb",
               b"qRcmd,7870203078313030303030", b"vCont?", b"T2", b"P10=0000100000000000"]
    write(out, "fuzz_gdb", "session", b"+".join(gdb_packet(p) for p in session))
    write(out, "fuzz_gdb", "escapes", gdb_packet(b"X100000,4:}\x03}\x04ab") + b"+" +
          gdb_packet(b"M100000,4:0* ") + b"-\x03")


if __name__ == "__main__":
    main()

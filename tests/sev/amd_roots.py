#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""AMD's root certificates in sev/amd-roots/, checked and imitated with
Python's hashlib and python3-cryptography only (no code shared with sevvm).

Formats: AMD SEV API 55766 appendix B.1 (ARK, ASK: little-endian numbers,
RSASSA-PSS with MGF1 of the same hash and salt = digest length, SHA-384 for
4096-bit keys, SHA-256 for 2048-bit) and appendix C (the CEK, whose first
signature slot at 0x414 holds the ASK's signature over bytes 0..0x413).

usage: amd_roots.py COMMAND ARGS...
  check ROOTS            every file against the SHA-256, size and key id in
                         ROOTS/README.md; each ARK self-signed and signing its
                         ASK. Prints "PRODUCT ARK_KEY_ID ASK_KEY_ID" (hex) per
                         product; exits 1 naming the first file that fails
  forge CHAIN ROOTS PRODUCT OUT
                         the chain an attacker makes: a new self-signed ARK
                         with the key id of AMD's ARK of PRODUCT, an ASK with
                         the key id of AMD's ASK, the CEK of CHAIN re-signed
                         by that ASK; OCA, PEK and PDH of CHAIN. Into OUT
  reroot CHAIN OUT       the same for an owner's own root (RSA-2048, key ids
                         "owner's own ARK", "owner's own ASK")
"""
import hashlib
import os
import re
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

PRODUCTS = ("naples", "rome", "milan", "genoa", "turin")
USAGE_ARK, USAGE_ASK = 0x0, 0x13


def parse(c, name):
    """B.1: version, key_id, certifying_id, usage, sizes, pubexp, modulus, signature."""
    if len(c) < 0x40:
        raise ValueError("%s: %d bytes, shorter than the header" % (name, len(c)))
    version, = struct.unpack_from("<I", c, 0)
    usage, = struct.unpack_from("<I", c, 0x24)
    pe_bits, mod_bits = struct.unpack_from("<II", c, 0x38)
    pe, mod = pe_bits // 8, mod_bits // 8
    if version != 1 or len(c) != 0x40 + pe + 2 * mod:
        raise ValueError("%s: version %d, %d bytes for %d/%d bits" %
                         (name, version, len(c), pe_bits, mod_bits))
    e = int.from_bytes(c[0x40:0x40 + pe], "little")
    n = int.from_bytes(c[0x40 + pe:0x40 + pe + mod], "little")
    return {
        "key_id": c[4:20], "cert_id": c[20:36], "usage": usage, "bits": mod_bits,
        "key": rsa.RSAPublicNumbers(e, n).public_key(),
        "signed": c[:0x40 + pe + mod], "sig": c[0x40 + pe + mod:][::-1],
    }


def digest(bits):
    return hashes.SHA384() if bits == 4096 else hashes.SHA256()


def pss(h):
    return padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)


def check_pair(ark_c, ask_c, where):
    ark, ask = parse(ark_c, where + "/ark.cert"), parse(ask_c, where + "/ask.cert")
    if ark["usage"] != USAGE_ARK or ark["cert_id"] != ark["key_id"]:
        raise ValueError("%s/ark.cert: not a self-signed ARK" % where)
    if ask["usage"] != USAGE_ASK or ask["cert_id"] != ark["key_id"]:
        raise ValueError("%s/ask.cert: not an ASK certified by the ARK" % where)
    for name, c in (("ark", ark), ("ask", ask)):
        h = digest(c["bits"])
        try:
            ark["key"].verify(c["sig"], c["signed"], pss(h), h)
        except Exception as ex:  # noqa: BLE001 (InvalidSignature has no text)
            raise ValueError("%s/%s.cert: the ARK's signature does not verify (%s)" %
                             (where, name, type(ex).__name__)) from ex
    return ark, ask


def readme_table(roots):
    """product/file -> (bytes, key id, sha256) from the README's table."""
    rows = {}
    row = re.compile(r"^\| (\w+) \| (\w+/\w+\.cert) \| (\d+) \| ([0-9a-f]{32}) \| ([0-9a-f]{64}) \|$")
    with open(os.path.join(roots, "README.md")) as f:
        for line in f:
            m = row.match(line.strip())
            if m:
                rows[m.group(2)] = (int(m.group(3)), m.group(4), m.group(5))
    return rows


def cmd_check(a):
    roots = a[0]
    table = readme_table(roots)
    out = []
    for p in PRODUCTS:
        certs = {}
        for n in ("ark", "ask"):
            rel = "%s/%s.cert" % (p, n)
            with open(os.path.join(roots, rel), "rb") as f:
                c = f.read()
            if rel not in table:
                raise ValueError("%s: not in the README's table" % rel)
            size, key_id, sha = table[rel]
            if len(c) != size or hashlib.sha256(c).hexdigest() != sha or c[4:20].hex() != key_id:
                raise ValueError("%s: size, SHA-256 or key id differs from the README" % rel)
            certs[n] = c
        ark, ask = check_pair(certs["ark"], certs["ask"], os.path.join(roots, p))
        out.append("%s %s %s" % (p, ark["key_id"].hex(), ask["key_id"].hex()))
    return out


def amd_cert(key, key_id, cert_id, usage, signer):
    """B.1 certificate of key's public half, signed by signer (itself when self-signed)."""
    bits = key.key_size
    mod = bits // 8
    num = key.public_key().public_numbers()
    body = (struct.pack("<I", 1) + key_id + cert_id + struct.pack("<I", usage) + bytes(16) +
            struct.pack("<II", bits, bits) + num.e.to_bytes(mod, "little") +
            num.n.to_bytes(mod, "little"))
    h = digest(bits)
    return body + signer.sign(body, pss(h), h)[::-1]


def resign_cek(cek, ask):
    """Slot 1 of the CEK: usage ASK, RSA-PSS (algo 0x101 SHA-384, 0x1 SHA-256)."""
    c = bytearray(cek)
    h = digest(ask.key_size)
    algo = 0x101 if ask.key_size == 4096 else 0x1
    struct.pack_into("<II", c, 0x414, USAGE_ASK, algo)
    sig = ask.sign(bytes(c[:0x414]), pss(h), h)[::-1]
    c[0x41c:0x41c + 0x200] = sig + bytes(0x200 - len(sig))
    return bytes(c)


def write_chain(chain, out, ark_id, ask_id, bits):
    ark = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    ask = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    os.makedirs(out, exist_ok=True)
    files = {n: open(os.path.join(chain, n + ".cert"), "rb").read()
             for n in ("cek", "oca", "pek", "pdh")}
    files["ark"] = amd_cert(ark, ark_id, ark_id, USAGE_ARK, ark)
    files["ask"] = amd_cert(ask, ask_id, ark_id, USAGE_ASK, ark)
    files["cek"] = resign_cek(files["cek"], ask)
    for n, c in files.items():
        with open(os.path.join(out, n + ".cert"), "wb") as f:
            f.write(c)
    return [ark_id.hex()]


def cmd_forge(a):
    chain, roots, product, out = a
    amd = {n: parse(open(os.path.join(roots, product, n + ".cert"), "rb").read(), n)
           for n in ("ark", "ask")}
    return write_chain(chain, out, amd["ark"]["key_id"], amd["ask"]["key_id"],
                       amd["ark"]["bits"])


def cmd_reroot(a):
    chain, out = a
    return write_chain(chain, out, b"owner's own ARK\0", b"owner's own ASK\0", 2048)


COMMANDS = {"check": cmd_check, "forge": cmd_forge, "reroot": cmd_reroot}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        return 2
    try:
        lines = COMMANDS[sys.argv[1]](sys.argv[2:])
    except (ValueError, OSError) as ex:
        print(ex, file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Independent oracle for sev/crypto.c, sev/cert.c and sev/sim_fw.c.

Built only from sev-reference.md Part C 2.2-2.4 and 3.1-3.2 (the formats of
sevctl / the virtee sev crate) with Python's hashlib/hmac and
python3-cryptography; it shares no code with the C implementation. Every
argument is hex unless noted ("-" is the empty string); every output line is
hex.

usage: oracle.py COMMAND ARGS...
  sha256   DATA
  hmac     KEY DATA
  kdf      KEY LABEL(text) CONTEXT OUT_LEN(dec)
  ctr      KEY IV DATA                          AES-128-CTR
  measure  TIK MAJ MIN BUILD POLICY MNONCE CHUNK...   (MAJ..POLICY decimal/0x)
           -> LD = SHA256(CHUNK || ...), then MEASURE (two lines)
  pdh      SEED USAGE ALGO MAJ MIN
           -> the model's PDH: scalar HMAC-SHA384(SEED, "sevvm-sim PDH")
              mod (n-1) + 1; prints its unsigned SEV certificate
  cert     PRIV USAGE ALGO MAJ MIN              unsigned cert of PRIV's key
  ecdh     PRIV PEER_CERT                       z = X(PRIV * PEER), 48 bytes BE
  session  GODH_PRIV PDH_CERT TEK TIK NONCE IV POLICY
           -> the GODH certificate, then the 128-byte session
  secret   TEK TIK IV MEASURE PLAIN [FLAGS]
           -> the 52-byte header, then TRANS = AES-128-CTR(TEK, IV)(PLAIN)
  pdh-priv SEED                                 the model's PDH private scalar
  unwrap   PDH_PRIV GODH_CERT SESSION POLICY    the firmware's side of
           LAUNCH_START: checks WRAP_MAC and POLICY_MAC, prints TEK, then TIK
  chain    DIR                                  verifies ark/ask/cek/oca/pek/pdh.cert
           in DIR (RSA-PSS, ECDSA); prints the ARK's key id, exits 1 naming
           the first certificate that fails
  table    GUID:DATA...                         the EFI secret table (GUID as
           text, DATA hex), zero-padded to 16 bytes as sevctl pads
"""
import hashlib
import hmac
import struct
import sys
import uuid

from cryptography.hazmat.primitives import hashes  # noqa: F401 (import check)
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

P384_N = int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
             "581a0db248b0a77aecec196accc52973", 16)
CERT_SIZE = 0x824
SECRET_TABLE_GUID = "1e74f542-71dd-4d66-963e-ef4287ff173b"


def unhex(s):
    return b"" if s == "-" else bytes.fromhex(s)


def num(s):
    return int(s, 0)


def hmac256(key, data):
    return hmac.new(key, data, hashlib.sha256).digest()


def kdf(key, label, context, out_len):
    """SP800-108 counter mode, HMAC-SHA256, i and L little-endian u32."""
    out = b""
    i = 1
    while len(out) < out_len:
        out += hmac256(key, struct.pack("<I", i) + label + b"\x00" + context +
                       struct.pack("<I", out_len * 8))
        i += 1
    return out[:out_len]


def ctr(key, iv, data):
    enc = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def measurement(tik, major, minor, build, policy, ld, mnonce):
    return hmac256(tik, bytes([4, major, minor, build]) + struct.pack("<I", policy) +
                   ld + mnonce)


def cert_of(pub, usage, algo, major, minor):
    """Part C 2.4: version 1, LE integers, both signature slots empty."""
    n = pub.public_numbers()
    c = bytearray(CERT_SIZE)
    struct.pack_into("<IBBBBII", c, 0, 1, major, minor, 0, 0, usage, algo)
    struct.pack_into("<I", c, 0x10, 2)
    c[0x14:0x14 + 72] = n.x.to_bytes(72, "little")
    c[0x5c:0x5c + 72] = n.y.to_bytes(72, "little")
    struct.pack_into("<II", c, 0x414, 0x1000, 0)
    struct.pack_into("<II", c, 0x61c, 0x1000, 0)
    return bytes(c)


def pub_of_cert(c):
    assert len(c) == CERT_SIZE and struct.unpack_from("<I", c, 0)[0] == 1
    assert struct.unpack_from("<I", c, 0x10)[0] == 2
    x = int.from_bytes(c[0x14:0x14 + 72], "little")
    y = int.from_bytes(c[0x5c:0x5c + 72], "little")
    return ec.EllipticCurvePublicNumbers(x, y, ec.SECP384R1()).public_key()


def priv_of(hexscalar):
    return ec.derive_private_key(int(hexscalar, 16), ec.SECP384R1())


def pdh_scalar(seed):
    raw = hmac.new(seed, b"sevvm-sim PDH", hashlib.sha384).digest()
    return int.from_bytes(raw, "big") % (P384_N - 1) + 1


def cmd_pdh(a):
    key = ec.derive_private_key(pdh_scalar(unhex(a[0])), ec.SECP384R1())
    return [cert_of(key.public_key(), num(a[1]), num(a[2]), num(a[3]), num(a[4]))]


def cmd_session(a):
    godh = priv_of(a[0])
    pdh = pub_of_cert(unhex(a[1]))
    tek, tik, nonce, iv = (unhex(x) for x in a[2:6])
    policy = num(a[6])
    z = godh.exchange(ec.ECDH(), pdh)
    ms = kdf(z, b"sev-master-secret", nonce, 16)
    kek = kdf(ms, b"sev-kek", b"", 16)
    kik = kdf(ms, b"sev-kik", b"", 16)
    wrap_tk = ctr(kek, iv, tek + tik)
    wrap_mac = hmac256(kik, wrap_tk)
    policy_mac = hmac256(tik, struct.pack("<I", policy))
    session = nonce + wrap_tk + iv + wrap_mac + policy_mac
    assert len(session) == 128
    return [cert_of(godh.public_key(), 0x1003, 0x3, 0, 0), session]


def cmd_unwrap(a):
    """Part C 2.3, the receiving side: ECDH with the PDH's private key."""
    pdh = priv_of(a[0])
    godh = pub_of_cert(unhex(a[1]))
    session = unhex(a[2])
    policy = num(a[3])
    assert len(session) == 128
    nonce, wrap_tk, iv = session[0:16], session[16:48], session[48:64]
    wrap_mac, policy_mac = session[64:96], session[96:128]
    z = pdh.exchange(ec.ECDH(), godh)
    ms = kdf(z, b"sev-master-secret", nonce, 16)
    kek = kdf(ms, b"sev-kek", b"", 16)
    kik = kdf(ms, b"sev-kik", b"", 16)
    if not hmac.compare_digest(hmac256(kik, wrap_tk), wrap_mac):
        raise SystemExit("unwrap: WRAP_MAC does not match")
    tk = ctr(kek, iv, wrap_tk)
    if not hmac.compare_digest(hmac256(tk[16:], struct.pack("<I", policy)), policy_mac):
        raise SystemExit("unwrap: POLICY_MAC does not match")
    return [tk[:16], tk[16:]]


def cmd_table(a):
    """The efi_secret table: header GUID, u32 length, entries GUID, u32 len, data."""
    body = b""
    for arg in a:
        guid, data = arg.split(":")
        data = unhex(data)
        body += uuid.UUID(guid).bytes_le + struct.pack("<I", 20 + len(data)) + data
    table = uuid.UUID(SECRET_TABLE_GUID).bytes_le + struct.pack("<I", 20 + len(body)) + body
    return [table + bytes(-len(table) % 16)]


def amd_cert(c):
    """Appendix B.1: the RSA key and (signed bytes, signature) of an ARK/ASK."""
    key_id, cert_id = c[4:20], c[20:36]
    pe_bits, mod_bits = struct.unpack_from("<II", c, 0x38)
    pe, mod = pe_bits // 8, mod_bits // 8
    assert len(c) == 0x40 + pe + 2 * mod, "length"
    e = int.from_bytes(c[0x40:0x40 + pe], "little")
    n = int.from_bytes(c[0x40 + pe:0x40 + pe + mod], "little")
    sig = c[0x40 + pe + mod:][::-1]
    key = rsa.RSAPublicNumbers(e, n).public_key()
    return key, key_id, cert_id, c[:0x40 + pe + mod], sig, mod_bits


def pss_verify(key, sig, msg, h):
    key.verify(sig, msg, padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size), h)


def sev_sig_verify(c, signer_key, signer_usage):
    """The slot of SEV certificate c signed by signer_usage (Part C 2.4)."""
    for slot, off in ((0, 0x414), (1, 0x61c)):
        usage, algo = struct.unpack_from("<II", c, off)
        if usage != signer_usage:
            continue
        h = hashes.SHA384() if algo & 0x100 else hashes.SHA256()
        sig = c[off + 8:off + 8 + 0x200]
        if algo in (0x1, 0x101):
            n = signer_key.key_size // 8
            pss_verify(signer_key, sig[:n][::-1], c[:0x414], h)
        else:
            r = int.from_bytes(sig[:72], "little")
            s_ = int.from_bytes(sig[72:144], "little")
            signer_key.verify(encode_dss_signature(r, s_), c[:0x414], ec.ECDSA(h))
        return
    raise ValueError("no slot signed by usage %#x" % signer_usage)


def sev_padding(c):
    """Part C 2.4: an empty slot is zero; an ECDSA slot is zero after r and s."""
    for slot, off in ((1, 0x414), (2, 0x61c)):
        usage, algo = struct.unpack_from("<II", c, off)
        sig = c[off + 8:off + 8 + 0x200]
        tail = sig if usage == 0x1000 else sig[144:] if algo in (0x2, 0x102) else b""
        if any(tail):
            raise ValueError("sig%d: non-zero bytes outside the signature" % slot)


def cmd_chain(a):
    files = {n: open("%s/%s.cert" % (a[0], n), "rb").read()
             for n in ("ark", "ask", "cek", "oca", "pek", "pdh")}
    ark, ark_id, ark_cid, ark_msg, ark_sig, ark_bits = amd_cert(files["ark"])
    checks = [
        ("ARK", lambda: (pss_verify(ark, ark_sig, ark_msg,
                                    hashes.SHA384() if ark_bits == 4096 else hashes.SHA256()),
                         ark_cid == ark_id or fail("not self-signed"))),
    ]
    ask = amd_cert(files["ask"])
    checks.append(("ASK", lambda: (pss_verify(ark, ask[4], ask[3], hashes.SHA384()
                                              if ask[5] == 4096 else hashes.SHA256()),
                                   ask[2] == ark_id or fail("certifying_id"))))
    checks.append(("CEK", lambda: (sev_padding(files["cek"]),
                                   sev_sig_verify(files["cek"], ask[0], 0x13))))
    checks.append(("OCA", lambda: (sev_padding(files["oca"]),
                                   sev_sig_verify(files["oca"], pub_of_cert(files["oca"]),
                                                  0x1001))))
    checks.append(("PEK", lambda: (sev_padding(files["pek"]),
                                   sev_sig_verify(files["pek"], pub_of_cert(files["oca"]),
                                                  0x1001),
                                   sev_sig_verify(files["pek"], pub_of_cert(files["cek"]),
                                                  0x1004))))
    checks.append(("PDH", lambda: (sev_padding(files["pdh"]),
                                   sev_sig_verify(files["pdh"], pub_of_cert(files["pek"]),
                                                  0x1002))))
    for name, check in checks:
        try:
            check()
        except Exception as ex:  # noqa: BLE001 (any failure names the certificate)
            raise SystemExit("%s: %s" % (name, str(ex) or type(ex).__name__))
    return [ark_id]


def fail(msg):
    raise ValueError(msg)


def cmd_secret(a):
    tek, tik, iv, measure, plain = (unhex(x) for x in a[:5])
    flags = num(a[5]) if len(a) > 5 else 0
    trans = ctr(tek, iv, plain)
    mac = hmac256(tik, b"\x01" + struct.pack("<I", flags) + iv +
                  struct.pack("<II", len(plain), len(trans)) + trans + measure)
    return [struct.pack("<I", flags) + iv + mac, trans]


def cmd_measure(a):
    tik, major, minor, build, policy, mnonce = unhex(a[0]), num(a[1]), num(a[2]), \
        num(a[3]), num(a[4]), unhex(a[5])
    ld = hashlib.sha256(b"".join(unhex(x) for x in a[6:])).digest()
    return [ld, measurement(tik, major, minor, build, policy, ld, mnonce)]


COMMANDS = {
    "sha256": lambda a: [hashlib.sha256(unhex(a[0])).digest()],
    "hmac": lambda a: [hmac256(unhex(a[0]), unhex(a[1]))],
    "kdf": lambda a: [kdf(unhex(a[0]), a[1].encode(), unhex(a[2]), int(a[3]))],
    "ctr": lambda a: [ctr(unhex(a[0]), unhex(a[1]), unhex(a[2]))],
    "measure": cmd_measure,
    "pdh": cmd_pdh,
    "cert": lambda a: [cert_of(priv_of(a[0]).public_key(), num(a[1]), num(a[2]),
                               num(a[3]), num(a[4]))],
    "ecdh": lambda a: [priv_of(a[0]).exchange(ec.ECDH(), pub_of_cert(unhex(a[1])))],
    "session": cmd_session,
    "secret": cmd_secret,
    "pdh-priv": lambda a: [pdh_scalar(unhex(a[0])).to_bytes(48, "big")],
    "unwrap": cmd_unwrap,
    "table": cmd_table,
    "chain": cmd_chain,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        return 2
    for line in COMMANDS[sys.argv[1]](sys.argv[2:]):
        print(line.hex())
    return 0


if __name__ == "__main__":
    sys.exit(main())

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV launch cryptography, all through OpenSSL 3's EVP API: the SEV KDF
 * (NIST SP800-108 counter mode, HMAC-SHA256, i and L little-endian), the
 * measurement HMAC (55766 6.5), AES-128-CTR with a 128-bit big-endian
 * counter, and the session wrap/unwrap (sev-reference Part C 2.3). Shared by
 * the firmware model and the guest owner's tools.
 */
#ifndef SEVVM_SEV_CRYPTO_H
#define SEVVM_SEV_CRYPTO_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

/* All functions return 0, or -EIO when OpenSSL fails (-EINVAL: bad argument). */

/* One piece of a message hashed in parts. */
struct sev_buf {
	const void *p;
	size_t len;
};

int sev_sha256(const void *data, size_t len, uint8_t out[32]);
/* HMAC-SHA256 over the concatenation of @nr parts (key non-empty). */
int sev_hmac_sha256_parts(const uint8_t *key, size_t key_len, const struct sev_buf *parts,
			  size_t nr, uint8_t out[32]);
int sev_hmac_sha256(const uint8_t *key, size_t key_len, const void *data, size_t len,
		    uint8_t out[32]);
/* K(i) = HMAC(key, u32le(i) || label || 0x00 || context || u32le(out_len * 8)). */
int sev_kdf(const uint8_t *key, size_t key_len, const char *label,
	    const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len);
int sev_aes128_ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in,
		   uint8_t *out, size_t len);
/* MEASURE = HMAC-SHA256(TIK, 0x04 || maj || min || build || u32le policy || LD || MNONCE). */
int sev_measurement(const uint8_t tik[16], uint8_t api_major, uint8_t api_minor, uint8_t build,
		    uint32_t policy, const uint8_t digest[32], const uint8_t mnonce[16],
		    uint8_t out[32]);

/* ECDH on P-384: the 48-byte big-endian X coordinate. */
int sev_ecdh_p384(EVP_PKEY *priv, EVP_PKEY *peer, uint8_t z[48]);

/*
 * The session keys of Part C 2.3: MS = KDF(z, "sev-master-secret", NONCE),
 * KEK = KDF(MS, "sev-kek"), KIK = KDF(MS, "sev-kik"), 16 bytes each.
 */
int sev_session_keys(const uint8_t z[48], const uint8_t nonce[16], uint8_t kek[16],
		     uint8_t kik[16]);

#endif

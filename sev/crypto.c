// SPDX-License-Identifier: GPL-2.0
/*
 * SEV launch cryptography through OpenSSL 3's EVP interfaces only (EVP_MAC,
 * EVP_Digest, EVP_CIPHER, EVP_PKEY_derive). Every function returns 0 on
 * success and -EIO when OpenSSL fails (or -EINVAL on a bad argument).
 */
#include "sev/crypto.h"
#include "vmm/util/le.h"

#include <errno.h>
#include <limits.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <string.h>

int sev_sha256(const void *data, size_t len, uint8_t out[32])
{
	unsigned int n = 0;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32)
		return -EIO;
	return 0;
}

static EVP_MAC_CTX *hmac_sha256_new(const uint8_t *key, size_t key_len)
{
	char digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac;

	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return NULL;
	ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);	/* the context holds its own reference */
	if (ctx && EVP_MAC_init(ctx, key, key_len, params) != 1) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

int sev_hmac_sha256_parts(const uint8_t *key, size_t key_len, const struct sev_buf *parts,
			  size_t nr, uint8_t out[32])
{
	EVP_MAC_CTX *ctx;
	size_t i, n = 0;
	int r = -EIO;

	if (!key || !key_len)
		return -EINVAL;
	ctx = hmac_sha256_new(key, key_len);
	if (!ctx)
		return -EIO;
	for (i = 0; i < nr; i++) {
		if (parts[i].len && EVP_MAC_update(ctx, parts[i].p, parts[i].len) != 1)
			goto out;
	}
	if (EVP_MAC_final(ctx, out, &n, 32) == 1 && n == 32)
		r = 0;
out:
	EVP_MAC_CTX_free(ctx);
	return r;
}

int sev_hmac_sha256(const uint8_t *key, size_t key_len, const void *data, size_t len,
		    uint8_t out[32])
{
	struct sev_buf part = { .p = data, .len = len };

	return sev_hmac_sha256_parts(key, key_len, &part, 1, out);
}

/*
 * NIST SP800-108 KDF in counter mode with HMAC-SHA256 as the PRF, as the SEV
 * API (55766 2.2.3) and the sev crate use it: the counter i and the output
 * length L in bits are little-endian u32s, a 0x00 separates label and context.
 */
int sev_kdf(const uint8_t *key, size_t key_len, const char *label,
	    const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len)
{
	uint8_t ibuf[4], lbuf[4], zero = 0, block[32];
	size_t done = 0, take;
	uint32_t i;
	int r = 0;

	if (!label || out_len == 0 || out_len > UINT32_MAX / 8 || (context_len && !context))
		return -EINVAL;
	put_le32(lbuf, (uint32_t)(out_len * 8));
	for (i = 1; done < out_len; i++) {
		struct sev_buf parts[] = {
			{ .p = ibuf, .len = 4 },
			{ .p = label, .len = strlen(label) },
			{ .p = &zero, .len = 1 },
			{ .p = context, .len = context_len },
			{ .p = lbuf, .len = 4 },
		};

		put_le32(ibuf, i);
		r = sev_hmac_sha256_parts(key, key_len, parts, 5, block);
		if (r)
			break;
		take = out_len - done < 32 ? out_len - done : 32;
		memcpy(out + done, block, take);
		done += take;
	}
	OPENSSL_cleanse(block, sizeof(block));
	if (r)
		OPENSSL_cleanse(out, out_len);
	return r;
}

/*
 * AES-128-CTR with the whole 16-byte IV as a big-endian counter (OpenSSL's
 * EVP_aes_128_ctr). @in and @out may be the same buffer. EVP takes int
 * lengths, so large buffers go in chunks; the context carries the counter.
 */
int sev_aes128_ctr(const uint8_t key[16], const uint8_t iv[16], const uint8_t *in,
		   uint8_t *out, size_t len)
{
	const size_t chunk = 1u << 30;
	EVP_CIPHER_CTX *ctx;
	size_t done = 0;
	int r = -EIO, n;

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -EIO;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv) != 1)
		goto out;
	while (done < len) {
		size_t take = len - done < chunk ? len - done : chunk;

		if (EVP_EncryptUpdate(ctx, out + done, &n, in + done, (int)take) != 1 ||
		    (size_t)n != take)
			goto out;
		done += take;
	}
	if (EVP_EncryptFinal_ex(ctx, out + done, &n) == 1 && n == 0)
		r = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return r;
}

/* 55766 6.5 (API >= 0.17 form, with the 0x04 || version prefix). */
int sev_measurement(const uint8_t tik[16], uint8_t api_major, uint8_t api_minor, uint8_t build,
		    uint32_t policy, const uint8_t digest[32], const uint8_t mnonce[16],
		    uint8_t out[32])
{
	uint8_t head[8] = { 0x04, api_major, api_minor, build };
	struct sev_buf parts[] = {
		{ .p = head, .len = sizeof(head) },
		{ .p = digest, .len = 32 },
		{ .p = mnonce, .len = 16 },
	};

	put_le32(head + 4, policy);
	return sev_hmac_sha256_parts(tik, 16, parts, 3, out);
}

/*
 * ECDH on P-384: OpenSSL's derive gives the shared point's X coordinate,
 * big-endian, padded to 48 bytes, which is what the SEV firmware and the sev
 * crate feed to the KDF. The peer is validated by EVP_PKEY_derive_set_peer.
 */
int sev_ecdh_p384(EVP_PKEY *priv, EVP_PKEY *peer, uint8_t z[48])
{
	EVP_PKEY_CTX *ctx;
	size_t len = 0;
	int r = -EIO;

	if (!priv || !peer || !EVP_PKEY_is_a(priv, "EC") || EVP_PKEY_get_bits(priv) != 384 ||
	    !EVP_PKEY_is_a(peer, "EC") || EVP_PKEY_get_bits(peer) != 384)
		return -EINVAL;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, priv, NULL);
	if (!ctx)
		return -EIO;
	if (EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer(ctx, peer) != 1 ||
	    EVP_PKEY_derive(ctx, NULL, &len) != 1 || len != 48)
		goto out;
	if (EVP_PKEY_derive(ctx, z, &len) == 1 && len == 48)
		r = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	return r;
}

int sev_session_keys(const uint8_t z[48], const uint8_t nonce[16], uint8_t kek[16],
		     uint8_t kik[16])
{
	uint8_t ms[16];
	int r;

	r = sev_kdf(z, 48, "sev-master-secret", nonce, 16, ms, sizeof(ms));
	if (!r)
		r = sev_kdf(ms, sizeof(ms), "sev-kek", NULL, 0, kek, 16);
	if (!r)
		r = sev_kdf(ms, sizeof(ms), "sev-kik", NULL, 0, kik, 16);
	OPENSSL_cleanse(ms, sizeof(ms));
	return r;
}

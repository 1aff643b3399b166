// SPDX-License-Identifier: GPL-2.0
/*
 * The guest owner's session and launch secret (sev-reference Part C 2.2 and
 * 2.3; AMD SEV API 55766 6.2 LAUNCH_START and 6.6 LAUNCH_SECRET).
 */
#include "sev/owner.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sev/crypto.h"
#include "vmm/util/le.h"

/* Session buffer layout (Part C 2.3). */
#define SESS_NONCE	0x00
#define SESS_WRAP_TK	0x10
#define SESS_WRAP_IV	0x30
#define SESS_WRAP_MAC	0x40
#define SESS_POLICY_MAC	0x60

static int get_random(sev_owner_rand_fn rnd, void *opaque, uint8_t *buf, size_t len)
{
	if (rnd)
		return rnd(opaque, buf, len);
	return RAND_priv_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

void sev_owner_session_wipe(struct sev_owner_session *s)
{
	OPENSSL_cleanse(s, sizeof(*s));
}

static int check_pdh(const uint8_t *pdh, size_t len, EVP_PKEY **key, struct err *e)
{
	uint32_t usage, algo;
	int r = sev_cert_pubkey(pdh, len, key, e);

	if (r)
		return r;
	usage = get_le32(pdh + SEV_CERT_OFF_USAGE);
	algo = get_le32(pdh + SEV_CERT_OFF_ALGO);
	if (usage != SEV_USAGE_PDH)
		r = err_set(e, EINVAL, "PDH certificate: pub_key_usage (offset %#x) is %#x, "
			    "expected %#x (PDH)", SEV_CERT_OFF_USAGE, usage, SEV_USAGE_PDH);
	else if (algo != SEV_ALGO_ECDH_SHA256 && algo != SEV_ALGO_ECDH_SHA384)
		r = err_set(e, EINVAL, "PDH certificate: pub_key_algo (offset %#x) is %#x, "
			    "expected an ECDH algorithm (0x3 or 0x103)", SEV_CERT_OFF_ALGO, algo);
	if (r) {
		EVP_PKEY_free(*key);
		*key = NULL;
	}
	return r;
}

int sev_owner_session_new(const uint8_t *pdh, size_t pdh_len, uint32_t policy,
			  sev_owner_rand_fn rnd, void *opaque, struct sev_owner_session *s,
			  struct err *e)
{
	EVP_PKEY *peer = NULL, *godh = NULL;
	uint8_t z[48], kek[16], kik[16], tk[32], pol[4];
	uint8_t *sess = s->session;
	int r;

	memset(s, 0, sizeof(*s));
	r = check_pdh(pdh, pdh_len, &peer, e);
	if (r)
		return r;
	godh = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	if (!godh) {
		r = err_set(e, EIO, "GODH: P-384 key generation failed");
		goto out;
	}
	if (get_random(rnd, opaque, s->tek, 16) || get_random(rnd, opaque, s->tik, 16) ||
	    get_random(rnd, opaque, sess + SESS_NONCE, 16) ||
	    get_random(rnd, opaque, sess + SESS_WRAP_IV, 16)) {
		r = err_set(e, EIO, "session: no random bytes");
		goto out;
	}
	r = sev_cert_from_pubkey(godh, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 0, 0, s->godh, e);
	if (r)
		goto out;
	memcpy(tk, s->tek, 16);
	memcpy(tk + 16, s->tik, 16);
	put_le32(pol, policy);
	if (sev_ecdh_p384(godh, peer, z) ||
	    sev_session_keys(z, sess + SESS_NONCE, kek, kik) ||
	    sev_aes128_ctr(kek, sess + SESS_WRAP_IV, tk, sess + SESS_WRAP_TK, sizeof(tk)) ||
	    sev_hmac_sha256(kik, sizeof(kik), sess + SESS_WRAP_TK, 32, sess + SESS_WRAP_MAC) ||
	    sev_hmac_sha256(s->tik, 16, pol, sizeof(pol), sess + SESS_POLICY_MAC))
		r = err_set(e, EIO, "session: key agreement or wrapping failed");
out:
	OPENSSL_cleanse(z, sizeof(z));
	OPENSSL_cleanse(kek, sizeof(kek));
	OPENSSL_cleanse(kik, sizeof(kik));
	OPENSSL_cleanse(tk, sizeof(tk));
	EVP_PKEY_free(godh);	/* the GODH private key is needed for nothing else */
	EVP_PKEY_free(peer);
	if (r)
		sev_owner_session_wipe(s);
	return r;
}

int sev_guid_parse(const char *s, uint8_t out[SEV_GUID_LEN])
{
	/* Byte i of the text goes to EFI position order[i] (three LE fields, then bytes). */
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	char hex[32];
	unsigned int i, n = 0;

	if (strlen(s) != 36)
		return -EINVAL;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
		} else {
			hex[n++] = s[i];
		}
	}
	for (i = 0; i < 16; i++) {
		int hi = OPENSSL_hexchar2int((unsigned char)hex[2 * i]);
		int lo = OPENSSL_hexchar2int((unsigned char)hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[order[i]] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int sev_secret_table(const struct sev_secret_entry *ents, size_t nr, uint8_t **out,
		     size_t *len, struct err *e)
{
	size_t total = SEV_GUID_LEN + 4, padded, off, i;
	uint8_t *t;

	*out = NULL;
	if (!nr)
		return err_set(e, EINVAL, "secret table: no entries");
	for (i = 0; i < nr; i++) {
		if (ents[i].len > UINT32_MAX - 20 || total > UINT32_MAX - 20 - ents[i].len)
			return err_set(e, EINVAL, "secret table: entry %zu: too large", i);
		total += 20 + ents[i].len;
	}
	padded = (total + 15) & ~(size_t)15;
	if (padded > UINT32_MAX)
		return err_set(e, EINVAL, "secret table: %zu bytes is too large", total);
	t = calloc(1, padded);
	if (!t)
		return err_set(e, ENOMEM, "secret table: %zu bytes", padded);
	if (sev_guid_parse(SEV_SECRET_TABLE_GUID, t)) {
		free(t);
		return err_set(e, EINVAL, "secret table GUID");
	}
	/* The table's length counts the header and entries, not the padding. */
	put_le32(t + SEV_GUID_LEN, (uint32_t)total);
	off = SEV_GUID_LEN + 4;
	for (i = 0; i < nr; i++) {
		memcpy(t + off, ents[i].guid, SEV_GUID_LEN);
		put_le32(t + off + SEV_GUID_LEN, (uint32_t)(20 + ents[i].len));
		if (ents[i].len)
			memcpy(t + off + 20, ents[i].data, ents[i].len);
		off += 20 + ents[i].len;
	}
	*out = t;
	*len = padded;
	return 0;
}

int sev_secret_package(const uint8_t tek[16], const uint8_t tik[16], const uint8_t measure[32],
		       const uint8_t *plain, size_t len, sev_owner_rand_fn rnd, void *opaque,
		       uint8_t hdr[SEV_OWNER_SECRET_HDR], uint8_t *trans, struct err *e)
{
	uint8_t one = 0x01, lens[8];
	struct sev_buf parts[] = {
		{ .p = &one, .len = 1 },
		{ .p = hdr, .len = 4 },			/* FLAGS */
		{ .p = hdr + 4, .len = 16 },		/* IV */
		{ .p = lens, .len = 8 },		/* GUEST_LENGTH, TRANS_LENGTH */
		{ .p = trans, .len = len },
		{ .p = measure, .len = 32 },
	};

	if (!len || len & 15 || len > UINT32_MAX)
		return err_set(e, EINVAL, "secret: %zu bytes, expected a non-zero multiple of 16",
			       len);
	memset(hdr, 0, SEV_OWNER_SECRET_HDR);
	if (get_random(rnd, opaque, hdr + 4, 16))
		return err_set(e, EIO, "secret: no random bytes for the IV");
	put_le32(lens, (uint32_t)len);
	put_le32(lens + 4, (uint32_t)len);
	if (sev_aes128_ctr(tek, hdr + 4, plain, trans, len) ||
	    sev_hmac_sha256_parts(tik, 16, parts, sizeof(parts) / sizeof(parts[0]), hdr + 20))
		return err_set(e, EIO, "secret: encryption or MAC failed");
	return 0;
}

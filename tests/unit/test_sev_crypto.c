// SPDX-License-Identifier: GPL-2.0
/*
 * sev/crypto.c and sev/cert.c, each result compared with an independent
 * computation: tests/sev/oracle.py (Python hashlib/hmac and
 * python3-cryptography, written from sev-reference Part C) and, for
 * AES-128-CTR, the openssl command. Tests run from the repository root.
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/cert.h"
#include "sev/crypto.h"
#include "sev/model/sim_fw.h"
#include "tests/unit/sev_oracle.h"
#include "tests/unit/unit.h"


static void pattern(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

START_TEST(crypto_sha256_hmac)
{
	static const size_t lens[] = { 0, 1, 55, 64, 1000 };
	uint8_t data[1000], key[48], got[32], want[32];
	unsigned int i;

	pattern(data, sizeof(data), 3);
	pattern(key, sizeof(key), 0x80);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		ck_assert_int_eq(sev_sha256(data, lens[i], got), 0);
		oracle(1, (uint8_t *[]){ want }, (size_t[]){ 32 }, "sha256 %s", hx(data, lens[i]));
		ck_assert_mem_eq(got, want, 32);
		ck_assert_int_eq(sev_hmac_sha256(key, 16 + i * 8, data, lens[i], got), 0);
		oracle(1, (uint8_t *[]){ want }, (size_t[]){ 32 }, "hmac %s %s",
		       hx(key, 16 + i * 8), hx(data, lens[i]));
		ck_assert_mem_eq(got, want, 32);
	}
	/* In parts, the same as in one piece. */
	{
		struct sev_buf parts[] = {
			{ .p = data, .len = 10 }, { .p = NULL, .len = 0 },
			{ .p = data + 10, .len = 990 },
		};

		ck_assert_int_eq(sev_hmac_sha256_parts(key, 48, parts, 3, got), 0);
		ck_assert_int_eq(sev_hmac_sha256(key, 48, data, 1000, want), 0);
		ck_assert_mem_eq(got, want, 32);
	}
	ck_assert_int_eq(sev_hmac_sha256(key, 0, data, 1, got), -EINVAL);
}
END_TEST

START_TEST(crypto_kdf)
{
	static const struct {
		const char *label;
		size_t key_len, ctx_len, out_len;
	} cases[] = {
		{ "sev-master-secret", 48, 16, 16 },
		{ "sev-kek", 16, 0, 16 },
		{ "sev-kik", 16, 0, 16 },
		{ "sev-kek", 16, 0, 32 },	/* exactly one block */
		{ "other", 32, 5, 80 },		/* three blocks, the last cut */
	};
	uint8_t key[48], ctx[16], got[80], want[80];
	unsigned int i;

	pattern(key, sizeof(key), 0x11);
	pattern(ctx, sizeof(ctx), 0x99);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(got, 0, sizeof(got));
		ck_assert_int_eq(sev_kdf(key, cases[i].key_len, cases[i].label, ctx,
					 cases[i].ctx_len, got, cases[i].out_len), 0);
		oracle(1, (uint8_t *[]){ want }, (size_t[]){ cases[i].out_len }, "kdf %s %s %s %zu",
		       hx(key, cases[i].key_len), cases[i].label, hx(ctx, cases[i].ctx_len),
		       cases[i].out_len);
		ck_assert_mem_eq(got, want, cases[i].out_len);
	}
	/* L is an input: 16 bytes of output are not a prefix of 32. */
	ck_assert_int_eq(sev_kdf(key, 16, "sev-kek", NULL, 0, got, 16), 0);
	ck_assert_int_eq(sev_kdf(key, 16, "sev-kek", NULL, 0, want, 32), 0);
	ck_assert_mem_ne(got, want, 16);
	ck_assert_int_eq(sev_kdf(key, 16, "sev-kek", NULL, 0, got, 0), -EINVAL);
}
END_TEST

START_TEST(crypto_session_keys)
{
	uint8_t z[48], nonce[16], kek[16], kik[16], ms[16], want[16];

	pattern(z, sizeof(z), 0x42);
	pattern(nonce, sizeof(nonce), 0x24);
	ck_assert_int_eq(sev_session_keys(z, nonce, kek, kik), 0);
	oracle(1, (uint8_t *[]){ ms }, (size_t[]){ 16 }, "kdf %s sev-master-secret %s 16",
	       hx(z, 48), hx(nonce, 16));
	oracle(1, (uint8_t *[]){ want }, (size_t[]){ 16 }, "kdf %s sev-kek - 16", hx(ms, 16));
	ck_assert_mem_eq(kek, want, 16);
	oracle(1, (uint8_t *[]){ want }, (size_t[]){ 16 }, "kdf %s sev-kik - 16", hx(ms, 16));
	ck_assert_mem_eq(kik, want, 16);
}
END_TEST

START_TEST(crypto_aes_ctr)
{
	static const uint8_t ivs[][16] = {
		{ 0 },
		/* The counter is the whole IV, big-endian: this one carries into byte 7. */
		{ 0, 1, 2, 3, 4, 5, 6, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe },
		{ [0 ... 15] = 0xff },	/* wraps to zero */
	};
	static const size_t lens[] = { 0, 1, 16, 37, 100 };
	uint8_t key[16], in[100], got[100], want[100], back[100];
	unsigned int i, j;

	pattern(key, sizeof(key), 0x5a);
	pattern(in, sizeof(in), 0x01);
	for (i = 0; i < sizeof(ivs) / sizeof(ivs[0]); i++) {
		for (j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
			ck_assert_int_eq(sev_aes128_ctr(key, ivs[i], in, got, lens[j]), 0);
			if (lens[j]) {
				oracle(1, (uint8_t *[]){ want }, (size_t[]){ lens[j] },
				       "ctr %s %s %s", hx(key, 16), hx(ivs[i], 16),
				       hx(in, lens[j]));
				ck_assert_mem_eq(got, want, lens[j]);
			}
			/* Decryption is the same operation. */
			ck_assert_int_eq(sev_aes128_ctr(key, ivs[i], got, back, lens[j]), 0);
			ck_assert_mem_eq(back, in, lens[j]);
		}
	}
	/* In place. */
	memcpy(back, in, sizeof(in));
	ck_assert_int_eq(sev_aes128_ctr(key, ivs[1], back, back, sizeof(back)), 0);
	ck_assert_int_eq(sev_aes128_ctr(key, ivs[1], in, got, sizeof(in)), 0);
	ck_assert_mem_eq(back, got, sizeof(in));
}
END_TEST

/* The same keystream as `openssl enc -aes-128-ctr`. */
START_TEST(crypto_aes_ctr_openssl_cmd)
{
	uint8_t key[16], iv[16], in[80], got[80], want[81];
	char path[] = "/tmp/sevvm-ctr-XXXXXX", *cmd = NULL;
	size_t n;
	FILE *f;
	int fd;

	pattern(key, sizeof(key), 0x33);
	pattern(iv, sizeof(iv), 0xf0);
	iv[15] = 0xfd;
	pattern(in, sizeof(in), 0x77);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, in, sizeof(in)), (ssize_t)sizeof(in));
	close(fd);
	ck_assert_int_ge(asprintf(&cmd, "openssl enc -aes-128-ctr -K %s -iv %s -in %s",
				  hx(key, 16), hx(iv, 16), path), 0);
	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "popen %s", cmd);
	n = fread(want, 1, sizeof(want), f);
	ck_assert_msg(pclose(f) == 0, "%s failed (is the openssl command installed?)", cmd);
	unlink(path);
	free(cmd);
	ck_assert_uint_eq(n, sizeof(in));
	ck_assert_int_eq(sev_aes128_ctr(key, iv, in, got, sizeof(in)), 0);
	ck_assert_mem_eq(got, want, sizeof(in));
}
END_TEST

START_TEST(crypto_measurement)
{
	uint8_t data[160], tik[16], mnonce[16], ld[32], got[32], want_ld[32], want[32];
	const uint32_t policy = 0x01370005;

	pattern(data, sizeof(data), 0x10);
	pattern(tik, sizeof(tik), 0xa0);
	pattern(mnonce, sizeof(mnonce), 0xc0);
	ck_assert_int_eq(sev_sha256(data, sizeof(data), ld), 0);
	ck_assert_int_eq(sev_measurement(tik, 1, 55, 21, policy, ld, mnonce, got), 0);
	/* The oracle hashes the regions itself, in two pieces. */
	oracle(2, (uint8_t *[]){ want_ld, want }, (size_t[]){ 32, 32 },
	       "measure %s 1 55 21 %#x %s %s %s", hx(tik, 16), policy, hx(mnonce, 16),
	       hx(data, 48), hx(data + 48, 112));
	ck_assert_mem_eq(ld, want_ld, 32);
	ck_assert_mem_eq(got, want, 32);
	/* Every input is bound: the build byte changes the result. */
	ck_assert_int_eq(sev_measurement(tik, 1, 55, 22, policy, ld, mnonce, want), 0);
	ck_assert_mem_ne(got, want, 32);
}
END_TEST

static EVP_PKEY *gen_key(const char *curve)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);

	ck_assert_ptr_nonnull(k);
	return k;
}

/* Both sides of ECDH agree, through certificates written by each side. */
START_TEST(crypto_ecdh_and_certs)
{
	uint8_t mine[SEV_CERT_SIZE], theirs[SEV_CERT_SIZE], again[SEV_CERT_SIZE];
	uint8_t z[48], want[48];
	EVP_PKEY *k = gen_key("P-384"), *peer = NULL, *p256 = gen_key("P-256");
	struct err e = { 0 };

	ck_assert_int_eq(sev_cert_from_pubkey(k, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 0, 22, mine,
					      &e), 0);
	oracle(1, (uint8_t *[]){ theirs }, (size_t[]){ SEV_CERT_SIZE },
	       "cert " GODH_PRIV " 0x1003 3 0 0");
	ck_assert_int_eq(sev_cert_pubkey(theirs, sizeof(theirs), &peer, &e), 0);
	ck_assert_int_eq(sev_ecdh_p384(k, peer, z), 0);
	oracle(1, (uint8_t *[]){ want }, (size_t[]){ 48 }, "ecdh " GODH_PRIV " %s",
	       hx(mine, sizeof(mine)));
	ck_assert_mem_eq(z, want, 48);
	/* The parsed key written back is the oracle's certificate, byte for byte. */
	ck_assert_int_eq(sev_cert_from_pubkey(peer, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 0, 0,
					      again, &e), 0);
	ck_assert_mem_eq(again, theirs, SEV_CERT_SIZE);
	/* Only P-384 goes in. */
	ck_assert_int_eq(sev_ecdh_p384(k, p256, z), -EINVAL);
	ck_assert_int_eq(sev_ecdh_p384(p256, peer, z), -EINVAL);
	EVP_PKEY_free(peer);
	EVP_PKEY_free(p256);
	EVP_PKEY_free(k);
}
END_TEST

/* The model's PDH certificate equals the one the oracle derives from the seed. */
START_TEST(cert_pdh_matches_oracle)
{
	struct sev_fw_config cfg = { .api_major = 1, .api_minor = 55, .build = 21 };
	uint8_t got[SEV_CERT_SIZE], want[SEV_CERT_SIZE];
	struct err e = { 0 };
	struct sev_fw fw;

	pattern(cfg.seed, sizeof(cfg.seed), 0x61);
	ck_assert_int_eq(sev_fw_create(&fw, &cfg, &e), 0);
	ck_assert_int_eq(sev_cert_from_pubkey(sev_fw_pdh(&fw), SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256,
					      1, 55, got, &e), 0);
	oracle(1, (uint8_t *[]){ want }, (size_t[]){ SEV_CERT_SIZE }, "pdh %s 0x1003 3 1 55",
	       hx(cfg.seed, 32));
	ck_assert_mem_eq(got, want, SEV_CERT_SIZE);
	sev_fw_destroy(&fw);
}
END_TEST

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* x86: little-endian */
}

/* Each malformed certificate is refused with a message naming field and offset. */
START_TEST(cert_refusals)
{
	/* P-384's p, little-endian in 48 bytes: p = 2^384 - 2^128 - 2^96 + 2^32 - 1. */
	static const uint8_t p_le[48] = {
		0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, [20 ... 47] = 0xff,
	};
	static const struct {
		const char *what, *msg;
		size_t len;
		unsigned int off;
		enum { SET32, XOR8, SETX_P, ZERO_XY } how;
		uint32_t val;
	} cases[] = {
		{ "short", "length 2083", SEV_CERT_SIZE - 1, 0, XOR8, 0 },
		{ "version 2", "version (offset 0)", SEV_CERT_SIZE, 0x000, SET32, 2 },
		{ "version 0", "version (offset 0)", SEV_CERT_SIZE, 0x000, SET32, 0 },
		{ "RSA algo", "pub_key_algo (offset 0xc)", SEV_CERT_SIZE, 0x00c, SET32, 1 },
		{ "P-256", "curve (offset 0x10)", SEV_CERT_SIZE, 0x010, SET32, 1 },
		{ "qx > 384 bits", "qx (offset 0x14)", SEV_CERT_SIZE, 0x014 + 48, XOR8, 1 },
		{ "qy > 384 bits", "qy (offset 0x5c)", SEV_CERT_SIZE, 0x05c + 71, XOR8, 0x80 },
		{ "off the curve", "not a point on P-384", SEV_CERT_SIZE, 0x05c, XOR8, 1 },
		{ "x = p", "not a point on P-384", SEV_CERT_SIZE, 0, SETX_P, 0 },
		{ "(0, 0)", "not a point on P-384", SEV_CERT_SIZE, 0, ZERO_XY, 0 },
	};
	uint8_t good[SEV_CERT_SIZE], bad[SEV_CERT_SIZE];
	struct err e = { 0 };
	EVP_PKEY *k;
	unsigned int i;

	oracle(1, (uint8_t *[]){ good }, (size_t[]){ SEV_CERT_SIZE },
	       "cert " GODH_PRIV " 0x1003 3 0 0");
	k = (EVP_PKEY *)1;
	ck_assert_int_eq(sev_cert_pubkey(good, sizeof(good), &k, &e), 0);
	EVP_PKEY_free(k);
	/* ECDSA keys and the SHA-384 algorithms are accepted as well. */
	put32(good + SEV_CERT_OFF_ALGO, SEV_ALGO_ECDSA_SHA384);
	ck_assert_int_eq(sev_cert_pubkey(good, sizeof(good), &k, &e), 0);
	EVP_PKEY_free(k);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(bad, good, sizeof(bad));
		switch (cases[i].how) {
		case SET32:
			put32(bad + cases[i].off, cases[i].val);
			break;
		case XOR8:
			bad[cases[i].off] ^= (uint8_t)cases[i].val;
			break;
		case SETX_P:
			memcpy(bad + SEV_CERT_OFF_QX, p_le, 48);
			break;
		case ZERO_XY:
			memset(bad + SEV_CERT_OFF_QX, 0, 2 * SEV_CERT_ECC_COORD);
			break;
		}
		k = (EVP_PKEY *)1;
		e.msg[0] = '\0';
		ck_assert_msg(sev_cert_pubkey(bad, cases[i].len, &k, &e) == -EINVAL, "%s accepted",
			      cases[i].what);
		ck_assert_ptr_null(k);
		ck_assert_msg(strstr(e.msg, cases[i].msg), "%s: \"%s\" lacks \"%s\"", cases[i].what,
			      e.msg, cases[i].msg);
	}
}
END_TEST

START_TEST(cert_write_refusals)
{
	uint8_t out[SEV_CERT_SIZE];
	EVP_PKEY *p256 = gen_key("P-256"), *p384 = gen_key("P-384");
	struct err e = { 0 };

	ck_assert_int_eq(sev_cert_from_pubkey(p256, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 0, 0, out,
					      &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "P-384"));
	ck_assert_int_eq(sev_cert_from_pubkey(p384, SEV_USAGE_PDH, SEV_ALGO_RSA_SHA256, 0, 0, out,
					      &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "algorithm"));
	/* The layout: version, usage, algo, curve, and both empty signature slots. */
	ck_assert_int_eq(sev_cert_from_pubkey(p384, SEV_USAGE_PEK, SEV_ALGO_ECDSA_SHA256, 0, 22,
					      out, &e), 0);
	ck_assert_mem_eq(out, ((uint8_t[]){ 1, 0, 0, 0, 0, 22, 0, 0, 0x02, 0x10, 0, 0, 2, 0, 0, 0,
					      2, 0, 0, 0 }), 20);
	ck_assert_mem_eq(out + 0x414, ((uint8_t[]){ 0, 0x10, 0, 0, 0, 0, 0, 0 }), 8);
	ck_assert_mem_eq(out + 0x61c, ((uint8_t[]){ 0, 0x10, 0, 0, 0, 0, 0, 0 }), 8);
	EVP_PKEY_free(p256);
	EVP_PKEY_free(p384);
}
END_TEST

Suite *sev_crypto_suite(void)
{
	Suite *s = suite_create("sev_crypto");
	TCase *tc = tcase_create("crypto");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, crypto_sha256_hmac);
	tcase_add_test(tc, crypto_kdf);
	tcase_add_test(tc, crypto_session_keys);
	tcase_add_test(tc, crypto_aes_ctr);
	tcase_add_test(tc, crypto_aes_ctr_openssl_cmd);
	tcase_add_test(tc, crypto_measurement);
	tcase_add_test(tc, crypto_ecdh_and_certs);
	tcase_add_test(tc, cert_pdh_matches_oracle);
	tcase_add_test(tc, cert_refusals);
	tcase_add_test(tc, cert_write_refusals);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
#include "sev/model/sim_keys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <stdio.h>
#include <string.h>

/* HMAC-SHA384(seed, label [|| counter]) into @out (48 bytes). */
static int prf(const uint8_t seed[32], const char *label, int counter, uint8_t out[48])
{
	char msg[96];
	size_t n = 0;
	int len;

	len = counter < 0 ? snprintf(msg, sizeof(msg), "%s", label) :
			    snprintf(msg, sizeof(msg), "%s %d", label, counter);
	if (len < 0 || (size_t)len >= sizeof(msg))
		return -1;
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA384", NULL, seed, 32, (const uint8_t *)msg,
		       (size_t)len, out, 48, &n) || n != 48)
		return -1;
	return 0;
}

/* d = HMAC-SHA384(seed, label) mod (n - 1) + 1, a scalar in [1, n-1]. */
static BIGNUM *p384_scalar(const uint8_t seed[32], const char *label, const BIGNUM *order,
			   BN_CTX *bn)
{
	uint8_t raw[48];
	BIGNUM *d = NULL, *nm1;

	nm1 = BN_dup(order);
	if (!nm1 || !BN_sub_word(nm1, 1) || prf(seed, label, -1, raw))
		goto out;
	d = BN_secure_new();
	if (!d || !BN_bin2bn(raw, sizeof(raw), d) || !BN_nnmod(d, d, nm1, bn) ||
	    !BN_add_word(d, 1)) {
		BN_clear_free(d);
		d = NULL;
	}
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	BN_free(nm1);
	return d;
}

/*
 * The one low-level EC call: OpenSSL 3.0's EVP_PKEY_fromdata does not derive
 * the public point from a bare private scalar, so Q = d*G is computed with
 * EC_POINT_mul (the EC_GROUP/EC_POINT API is not deprecated in 3.0; only
 * EC_KEY is) and handed to fromdata with the scalar.
 */
static int p384_public(const EC_GROUP *grp, const BIGNUM *d, uint8_t point[97], BN_CTX *bn)
{
	EC_POINT *q = EC_POINT_new(grp);
	int r = -1;

	if (q && EC_POINT_mul(grp, q, d, NULL, NULL, bn) &&
	    EC_POINT_point2oct(grp, q, POINT_CONVERSION_UNCOMPRESSED, point, 97, bn) == 97)
		r = 0;
	EC_POINT_free(q);
	return r;
}

/* A key pair from @bld's parameters, checked pairwise. */
static EVP_PKEY *keypair_from(const char *type, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL), *chk = NULL;
	EVP_PKEY *key = NULL;

	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) != 1)
		goto out;
	chk = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (!chk || EVP_PKEY_pairwise_check(chk) != 1) {
		EVP_PKEY_free(key);
		key = NULL;
	}
out:
	EVP_PKEY_CTX_free(chk);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);	/* OSSL_PARAM_clear_free is 3.2+ */
	return key;
}

EVP_PKEY *sev_sim_p384_key(const uint8_t seed[32], const char *label)
{
	EC_GROUP *grp = EC_GROUP_new_by_curve_name(NID_secp384r1);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BN_CTX *bn = BN_CTX_new();
	EVP_PKEY *key = NULL;
	uint8_t point[97];
	BIGNUM *d = NULL;

	if (!grp || !bn || !bld)
		goto out;
	d = p384_scalar(seed, label, EC_GROUP_get0_order(grp), bn);
	if (!d || p384_public(grp, d, point, bn))
		goto out;
	if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-384", 0) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, 97))
		key = keypair_from("EC", bld);
out:
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(d);
	BN_CTX_free(bn);
	EC_GROUP_free(grp);
	return key;
}

/* The first prime >= a number drawn from the PRF, with gcd(p - 1, e) = 1. */
static BIGNUM *rsa_prime(const uint8_t seed[32], const char *label, unsigned int bits,
			 BN_CTX *bn)
{
	uint8_t raw[512];
	unsigned int i, bytes = bits / 8;
	BIGNUM *p = BN_secure_new();
	int ok = 0;

	if (!p || bytes > sizeof(raw))
		goto out;
	for (i = 0; i < bytes; i += 48) {
		uint8_t block[48];

		if (prf(seed, label, (int)(i / 48), block))
			goto out;
		memcpy(raw + i, block, bytes - i < 48 ? bytes - i : 48);
		OPENSSL_cleanse(block, sizeof(block));
	}
	raw[0] |= 0xc0;			/* p * q has exactly 2 * bits bits */
	raw[bytes - 1] |= 1;
	if (!BN_bin2bn(raw, (int)bytes, p))
		goto out;
	for (;;) {
		int prime = BN_check_prime(p, bn, NULL);

		if (prime < 0)
			goto out;
		if (prime && BN_mod_word(p, 65537) != 1)
			break;
		if (!BN_add_word(p, 2))
			goto out;
	}
	ok = BN_num_bits(p) == (int)bits;
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	if (!ok) {
		BN_clear_free(p);
		p = NULL;
	}
	return p;
}

EVP_PKEY *sev_sim_rsa_key(const uint8_t seed[32], const char *label, unsigned int bits)
{
	BIGNUM *p = NULL, *q = NULL, *n = NULL, *e = NULL, *d = NULL, *p1 = NULL, *q1 = NULL;
	BIGNUM *phi = NULL, *dp = NULL, *dq = NULL, *qinv = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BN_CTX *bn = BN_CTX_new();
	EVP_PKEY *key = NULL;
	char lp[80], lq[80];

	if (!bld || !bn || (bits != 2048 && bits != 4096))
		goto out;
	snprintf(lp, sizeof(lp), "%s p", label);
	snprintf(lq, sizeof(lq), "%s q", label);
	p = rsa_prime(seed, lp, bits / 2, bn);
	q = rsa_prime(seed, lq, bits / 2, bn);
	n = BN_new();
	e = BN_new();
	d = BN_secure_new();
	p1 = BN_new();
	q1 = BN_new();
	phi = BN_new();
	dp = BN_secure_new();
	dq = BN_secure_new();
	qinv = BN_secure_new();
	if (!p || !q || !n || !e || !d || !p1 || !q1 || !phi || !dp || !dq || !qinv ||
	    !BN_cmp(p, q) || !BN_set_word(e, 65537) || !BN_mul(n, p, q, bn) ||
	    !BN_sub(p1, p, BN_value_one()) || !BN_sub(q1, q, BN_value_one()) ||
	    !BN_mul(phi, p1, q1, bn) || !BN_mod_inverse(d, e, phi, bn) ||
	    !BN_mod(dp, d, p1, bn) || !BN_mod(dq, d, q1, bn) || !BN_mod_inverse(qinv, q, p, bn))
		goto out;
	if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv))
		key = keypair_from("RSA", bld);
out:
	BN_clear_free(p);
	BN_clear_free(q);
	BN_free(n);
	BN_free(e);
	BN_clear_free(d);
	BN_clear_free(p1);
	BN_clear_free(q1);
	BN_clear_free(phi);
	BN_clear_free(dp);
	BN_clear_free(dq);
	BN_clear_free(qinv);
	OSSL_PARAM_BLD_free(bld);
	BN_CTX_free(bn);
	return key;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * SEV certificates (55766 Appendix C): the P-384 public key in and out.
 * The coordinates are stored little-endian in 72-byte fields; OpenSSL wants
 * the SEC1 uncompressed point 0x04 || X || Y, big-endian.
 */
#include "sev/cert.h"
#include "vmm/util/le.h"

#include <errno.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <stdbool.h>
#include <string.h>

#define P384_BYTES	48
#define P384_POINT	(1 + 2 * P384_BYTES)

static bool ec_algo(uint32_t algo)
{
	return algo == SEV_ALGO_ECDSA_SHA256 || algo == SEV_ALGO_ECDH_SHA256 ||
	       algo == SEV_ALGO_ECDSA_SHA384 || algo == SEV_ALGO_ECDH_SHA384;
}

/* A 72-byte little-endian field into 48 big-endian bytes; the rest must be 0. */
static int coord_from_le(const uint8_t *cert, size_t off, const char *name, uint8_t be[48],
			 struct err *e)
{
	size_t i;

	for (i = P384_BYTES; i < SEV_CERT_ECC_COORD; i++) {
		if (cert[off + i])
			return err_set(e, EINVAL,
				       "SEV certificate: %s (offset %#zx): byte %#zx is not zero, "
				       "the value exceeds 384 bits", name, off, off + i);
	}
	for (i = 0; i < P384_BYTES; i++)
		be[i] = cert[off + P384_BYTES - 1 - i];
	return 0;
}

/* The key from a SEC1 uncompressed point; NULL unless it is on P-384. */
static EVP_PKEY *p384_from_point(uint8_t point[P384_POINT])
{
	char group[] = "P-384";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
		OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, P384_POINT),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY_CTX *ctx, *check = NULL;
	EVP_PKEY *key = NULL;

	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!ctx)
		return NULL;
	if (EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		goto out;
	/*
	 * fromdata already refuses points off the curve; the partial check
	 * (SEC 1 v2, 3.2.3) adds the point at infinity. P-384's cofactor is 1,
	 * so every other point on it has order n and the full check's nQ = O
	 * (3.2.2.1 step 4, a scalar multiplication) would prove nothing more.
	 */
	check = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (!check || EVP_PKEY_public_check_quick(check) != 1) {
		EVP_PKEY_free(key);
		key = NULL;
	}
out:
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

int sev_cert_pubkey(const uint8_t *cert, size_t len, EVP_PKEY **out, struct err *e)
{
	uint8_t point[P384_POINT];
	uint32_t v;
	int r;

	*out = NULL;
	if (!cert || len != SEV_CERT_SIZE)
		return err_set(e, EINVAL, "SEV certificate: length %zu, expected %u", len,
			       SEV_CERT_SIZE);
	v = get_le32(cert + SEV_CERT_OFF_VERSION);
	if (v != 1)
		return err_set(e, EINVAL, "SEV certificate: version (offset %#x) is %u, expected 1",
			       SEV_CERT_OFF_VERSION, v);
	v = get_le32(cert + SEV_CERT_OFF_ALGO);
	if (!ec_algo(v))
		return err_set(e, EINVAL,
			       "SEV certificate: pub_key_algo (offset %#x) is %#x, not "
			       "an ECDH/ECDSA algorithm", SEV_CERT_OFF_ALGO, v);
	v = get_le32(cert + SEV_CERT_OFF_CURVE);
	if (v != SEV_CURVE_P384)
		return err_set(e, EINVAL, "SEV certificate: curve (offset %#x) is %u, expected 2 "
			       "(P-384)", SEV_CERT_OFF_CURVE, v);
	point[0] = 0x04;
	r = coord_from_le(cert, SEV_CERT_OFF_QX, "qx", point + 1, e);
	if (!r)
		r = coord_from_le(cert, SEV_CERT_OFF_QY, "qy", point + 1 + P384_BYTES, e);
	if (r)
		return r;
	*out = p384_from_point(point);
	if (!*out)
		return err_set(e, EINVAL, "SEV certificate: qx/qy (offsets %#x/%#x) is not a point "
			       "on P-384", SEV_CERT_OFF_QX, SEV_CERT_OFF_QY);
	return 0;
}

/* One affine coordinate of @key as 72 little-endian bytes at @dst. */
static int coord_to_le(EVP_PKEY *key, const char *param, uint8_t *dst)
{
	BIGNUM *bn = NULL;
	int r = -EINVAL;

	if (EVP_PKEY_get_bn_param(key, param, &bn) == 1 &&
	    BN_bn2lebinpad(bn, dst, SEV_CERT_ECC_COORD) == SEV_CERT_ECC_COORD)
		r = 0;
	BN_free(bn);
	return r;
}

int sev_cert_from_pubkey(EVP_PKEY *key, uint32_t usage, uint32_t algo, uint8_t api_major,
			 uint8_t api_minor, uint8_t out[SEV_CERT_SIZE], struct err *e)
{
	char group[32] = "";

	if (!key || !EVP_PKEY_is_a(key, "EC") ||
	    EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
					   sizeof(group), NULL) != 1 ||
	    (strcmp(group, "P-384") && strcmp(group, "secp384r1")))
		return err_set(e, EINVAL, "SEV certificate: the key is not a P-384 EC key");
	if (!ec_algo(algo))
		return err_set(e, EINVAL, "SEV certificate: algorithm %#x is not ECDH/ECDSA", algo);
	memset(out, 0, SEV_CERT_SIZE);
	put_le32(out + SEV_CERT_OFF_VERSION, 1);
	out[SEV_CERT_OFF_API_MAJOR] = api_major;
	out[SEV_CERT_OFF_API_MINOR] = api_minor;
	put_le32(out + SEV_CERT_OFF_USAGE, usage);
	put_le32(out + SEV_CERT_OFF_ALGO, algo);
	put_le32(out + SEV_CERT_OFF_CURVE, SEV_CURVE_P384);
	if (coord_to_le(key, OSSL_PKEY_PARAM_EC_PUB_X, out + SEV_CERT_OFF_QX) ||
	    coord_to_le(key, OSSL_PKEY_PARAM_EC_PUB_Y, out + SEV_CERT_OFF_QY)) {
		memset(out, 0, SEV_CERT_SIZE);
		return err_set(e, EINVAL, "SEV certificate: the key has no public point");
	}
	/* Both signature slots empty (sevctl's GODH): usage INVALID, algo 0. */
	put_le32(out + SEV_CERT_OFF_SIG1_USAGE, SEV_USAGE_INVALID);
	put_le32(out + SEV_CERT_OFF_SIG2_USAGE, SEV_USAGE_INVALID);
	return 0;
}

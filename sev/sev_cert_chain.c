// SPDX-License-Identifier: GPL-2.0
/*
 * SEV certificate chain parsing, signing (for the software model) and
 * verification, all signature work through OpenSSL's EVP API. Layouts: AMD
 * SEV API 55766 Appendix B.1 (ARK/ASK) and C (SEV certificates); chain
 * rules as checked on AMD's published Naples and Rome chains (sev-reference
 * Part C 2.4, 2.5).
 */
#include "sev/sev_cert_chain.h"
#include "vmm/util/le.h"

#include <errno.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <stdbool.h>
#include <string.h>

#define ECC_COORD	72	/* r and s of an ECDSA signature, LE */
#define RSA_MAX_BYTES	512

const char *const sev_chain_names[SEV_CHAIN_NR] = { "ARK", "ASK", "CEK", "OCA", "PEK", "PDH" };

static bool known_usage(uint32_t u)
{
	return u == SEV_USAGE_ARK || u == SEV_USAGE_ASK || u == SEV_USAGE_INVALID ||
	       u == SEV_USAGE_OCA || u == SEV_USAGE_PEK || u == SEV_USAGE_PDH ||
	       u == SEV_USAGE_CEK;
}

static bool known_algo(uint32_t a)
{
	return a == SEV_ALGO_INVALID || a == SEV_ALGO_RSA_SHA256 || a == SEV_ALGO_ECDSA_SHA256 ||
	       a == SEV_ALGO_ECDH_SHA256 || a == SEV_ALGO_RSA_SHA384 ||
	       a == SEV_ALGO_ECDSA_SHA384 || a == SEV_ALGO_ECDH_SHA384;
}

static const EVP_MD *algo_md(uint32_t a)
{
	return (a & 0x100) ? EVP_sha384() : EVP_sha256();
}

static bool rsa_algo(uint32_t a)
{
	return a == SEV_ALGO_RSA_SHA256 || a == SEV_ALGO_RSA_SHA384;
}

static bool ecdsa_algo(uint32_t a)
{
	return a == SEV_ALGO_ECDSA_SHA256 || a == SEV_ALGO_ECDSA_SHA384;
}

/* ---- Parsing ---------------------------------------------------------- */

/*
 * The unsigned signature area holds nothing but the signature: an empty
 * slot is all zero, an ECDSA one is zero after r and s (Part C 2.4). So no
 * byte of a certificate can change without failing the check.
 */
static int check_sig_padding(const uint8_t *c, const char *name, unsigned int slot,
			     uint32_t usage, uint32_t algo, struct err *e)
{
	size_t off = slot ? SEV_CERT_OFF_SIG2 : SEV_CERT_OFF_SIG1, from, i;

	if (usage == SEV_USAGE_INVALID)
		from = 0;
	else if (ecdsa_algo(algo))
		from = 2 * ECC_COORD;
	else
		return 0;	/* RSA: checked against the signer's key size */
	for (i = from; i < SEV_CERT_SIG_SIZE; i++) {
		if (c[off + i])
			return err_set(e, EINVAL, "%s: SEV certificate: sig%u (offset %#zx): byte "
				       "%#zx is not zero (%s)", name, slot + 1, off, off + i,
				       from ? "after the ECDSA r and s" : "an empty slot");
	}
	return 0;
}

void sev_cert_info_free(struct sev_cert_info *ci)
{
	EVP_PKEY_free(ci->key);
	ci->key = NULL;
}

int sev_cert_parse(const uint8_t *c, size_t len, const char *name, struct sev_cert_info *out,
		   struct err *e)
{
	static const size_t sig_off[2][2] = {
		{ SEV_CERT_OFF_SIG1_USAGE, SEV_CERT_OFF_SIG1_ALGO },
		{ SEV_CERT_OFF_SIG2_USAGE, SEV_CERT_OFF_SIG2_ALGO },
	};
	unsigned int i;
	int r;

	memset(out, 0, sizeof(*out));
	r = sev_cert_pubkey(c, len, &out->key, e);
	if (r) {
		err_prefix(e, "%s: ", name);
		return r;
	}
	out->api_major = c[SEV_CERT_OFF_API_MAJOR];
	out->api_minor = c[SEV_CERT_OFF_API_MINOR];
	out->usage = get_le32(c + SEV_CERT_OFF_USAGE);
	out->algo = get_le32(c + SEV_CERT_OFF_ALGO);
	if (!known_usage(out->usage) || out->usage == SEV_USAGE_INVALID) {
		r = err_set(e, EINVAL, "%s: SEV certificate: pub_key_usage (offset %#x) is %#x, "
			    "not a key usage", name, SEV_CERT_OFF_USAGE, out->usage);
		goto fail;
	}
	for (i = 0; i < 2; i++) {
		out->sig_usage[i] = get_le32(c + sig_off[i][0]);
		out->sig_algo[i] = get_le32(c + sig_off[i][1]);
		if (!known_usage(out->sig_usage[i])) {
			r = err_set(e, EINVAL, "%s: SEV certificate: sig%u_usage (offset %#zx) is "
				    "%#x, not a key usage", name, i + 1, sig_off[i][0],
				    out->sig_usage[i]);
			goto fail;
		}
		if (!known_algo(out->sig_algo[i]) || (out->sig_usage[i] != SEV_USAGE_INVALID &&
		    !rsa_algo(out->sig_algo[i]) && !ecdsa_algo(out->sig_algo[i]))) {
			r = err_set(e, EINVAL, "%s: SEV certificate: sig%u_algo (offset %#zx) is "
				    "%#x, not a signature algorithm", name, i + 1, sig_off[i][1],
				    out->sig_algo[i]);
			goto fail;
		}
		r = check_sig_padding(c, name, i, out->sig_usage[i], out->sig_algo[i], e);
		if (r)
			goto fail;
	}
	return 0;
fail:
	sev_cert_info_free(out);
	return r;
}

void amd_cert_info_free(struct amd_cert_info *ai)
{
	EVP_PKEY_free(ai->key);
	ai->key = NULL;
}

/* A little-endian big number field into a BIGNUM. */
static BIGNUM *le_bn(const uint8_t *p, size_t n)
{
	return BN_lebin2bn(p, (int)n, NULL);
}

static EVP_PKEY *rsa_public(const BIGNUM *n, const BIGNUM *ex)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;

	if (!bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, ex))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return key;
}

int amd_cert_parse(const uint8_t *c, size_t len, const char *name, struct amd_cert_info *out,
		   struct err *e)
{
	BIGNUM *n = NULL, *ex = NULL;
	size_t pe, mod;
	uint32_t v;

	memset(out, 0, sizeof(*out));
	if (len < AMD_CERT_OFF_PUBEXP)
		return err_set(e, EINVAL, "%s: AMD certificate: %zu bytes, shorter than its "
			       "%u-byte header", name, len, AMD_CERT_OFF_PUBEXP);
	v = get_le32(c);
	if (v != 1)
		return err_set(e, EINVAL, "%s: AMD certificate: version (offset 0) is %u, "
			       "expected 1", name, v);
	out->usage = get_le32(c + AMD_CERT_OFF_USAGE);
	if (out->usage != SEV_USAGE_ARK && out->usage != SEV_USAGE_ASK)
		return err_set(e, EINVAL, "%s: AMD certificate: key_usage (offset %#x) is %#x, "
			       "expected 0 (ARK) or 0x13 (ASK)", name, AMD_CERT_OFF_USAGE,
			       out->usage);
	out->pubexp_bits = get_le32(c + AMD_CERT_OFF_PUBEXP_SIZE);
	out->modulus_bits = get_le32(c + AMD_CERT_OFF_MOD_SIZE);
	if (out->modulus_bits != 2048 && out->modulus_bits != 4096)
		return err_set(e, EINVAL, "%s: AMD certificate: modulus_size (offset %#x) is %u "
			       "bits, expected 2048 or 4096", name, AMD_CERT_OFF_MOD_SIZE,
			       out->modulus_bits);
	if (!out->pubexp_bits || out->pubexp_bits > out->modulus_bits || out->pubexp_bits % 8)
		return err_set(e, EINVAL, "%s: AMD certificate: pubexp_size (offset %#x) is %u "
			       "bits, expected a multiple of 8 up to the modulus size", name,
			       AMD_CERT_OFF_PUBEXP_SIZE, out->pubexp_bits);
	pe = out->pubexp_bits / 8;
	mod = out->modulus_bits / 8;
	out->signed_len = AMD_CERT_OFF_PUBEXP + pe + mod;
	out->len = out->signed_len + mod;
	if (len != out->len)
		return err_set(e, EINVAL, "%s: AMD certificate: %zu bytes, but its sizes (pubexp "
			       "%u, modulus %u bits) make %zu", name, len, out->pubexp_bits,
			       out->modulus_bits, out->len);
	memcpy(out->key_id, c + AMD_CERT_OFF_KEY_ID, 16);
	memcpy(out->certifying_id, c + AMD_CERT_OFF_CERT_ID, 16);
	ex = le_bn(c + AMD_CERT_OFF_PUBEXP, pe);
	n = le_bn(c + AMD_CERT_OFF_PUBEXP + pe, mod);
	if (n && ex && BN_num_bits(n) == (int)out->modulus_bits && BN_is_odd(ex) &&
	    !BN_is_one(ex))
		out->key = rsa_public(n, ex);
	BN_free(n);
	BN_free(ex);
	if (!out->key)
		return err_set(e, EINVAL, "%s: AMD certificate: pubexp/modulus (offset %#x) is not "
			       "an RSA key of %u bits", name, AMD_CERT_OFF_PUBEXP,
			       out->modulus_bits);
	return 0;
}

/* ---- Signatures ------------------------------------------------------- */

/* Reverses @n bytes (the formats store big numbers little-endian). */
static void reverse(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

/* RSASSA-PSS, salt = digest length, MGF1 with the digest (55766 B.1). */
static int pss_params(EVP_PKEY_CTX *pctx, const EVP_MD *md)
{
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
	       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, EVP_MD_get_size(md)) == 1 &&
	       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1 ? 0 : -1;
}

/* @sig: the signature as the formats store it (RSA: LE; ECDSA: r[72] s[72] LE). */
static int verify_sig(EVP_PKEY *key, bool rsa, const EVP_MD *md, const uint8_t *msg,
		      size_t len, const uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	uint8_t buf[RSA_MAX_BYTES], *der = NULL;
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	int ok = 0, dlen;

	if (!ctx || EVP_DigestVerifyInit(ctx, &pctx, md, NULL, key) != 1)
		goto out;
	if (rsa) {
		size_t n = (size_t)EVP_PKEY_get_size(key);

		if (n > sig_len || n > sizeof(buf) || pss_params(pctx, md))
			goto out;
		/* A smaller key's signature leaves the rest of the slot zero. */
		for (dlen = (int)n; (size_t)dlen < sig_len; dlen++) {
			if (sig[dlen])
				goto out;
		}
		reverse(buf, sig, n);
		ok = EVP_DigestVerify(ctx, buf, n, msg, len) == 1;
		goto out;
	}
	es = ECDSA_SIG_new();
	r = BN_lebin2bn(sig, ECC_COORD, NULL);
	s = BN_lebin2bn(sig + ECC_COORD, ECC_COORD, NULL);
	if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s))
		goto out;
	r = s = NULL;
	dlen = i2d_ECDSA_SIG(es, &der);
	if (dlen > 0)
		ok = EVP_DigestVerify(ctx, der, (size_t)dlen, msg, len) == 1;
out:
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	BN_free(r);
	BN_free(s);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* Signs @msg; the signature goes to @sig in the formats' layout (zero-filled to @sig_len). */
static int make_sig(EVP_PKEY *key, bool rsa, const EVP_MD *md, const uint8_t *msg, size_t len,
		    uint8_t *sig, size_t sig_len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	uint8_t buf[RSA_MAX_BYTES + 16];
	const uint8_t *p = buf;
	size_t n = sizeof(buf);
	ECDSA_SIG *es = NULL;
	int r = -1;

	memset(sig, 0, sig_len);
	if (!ctx || EVP_DigestSignInit(ctx, &pctx, md, NULL, key) != 1 ||
	    (rsa && pss_params(pctx, md)) || EVP_DigestSign(ctx, buf, &n, msg, len) != 1)
		goto out;
	if (rsa) {
		if (n <= sig_len) {
			reverse(sig, buf, n);
			r = 0;
		}
		goto out;
	}
	es = d2i_ECDSA_SIG(NULL, &p, (long)n);
	if (es && 2 * ECC_COORD <= sig_len &&
	    BN_bn2lebinpad(ECDSA_SIG_get0_r(es), sig, ECC_COORD) == ECC_COORD &&
	    BN_bn2lebinpad(ECDSA_SIG_get0_s(es), sig + ECC_COORD, ECC_COORD) == ECC_COORD)
		r = 0;
out:
	ECDSA_SIG_free(es);
	EVP_MD_CTX_free(ctx);
	return r;
}

int sev_cert_sign(uint8_t c[SEV_CERT_SIZE], unsigned int slot, EVP_PKEY *signer,
		  uint32_t signer_usage, uint32_t algo, struct err *e)
{
	size_t usage_off = slot ? SEV_CERT_OFF_SIG2_USAGE : SEV_CERT_OFF_SIG1_USAGE;
	size_t sig_off = slot ? SEV_CERT_OFF_SIG2 : SEV_CERT_OFF_SIG1;

	if (slot > 1 || (!rsa_algo(algo) && !ecdsa_algo(algo)))
		return err_set(e, EINVAL, "SEV certificate: bad signature slot or algorithm");
	put_le32(c + usage_off, signer_usage);
	put_le32(c + usage_off + 4, algo);
	if (make_sig(signer, rsa_algo(algo), algo_md(algo), c, SEV_CERT_SIGNED_LEN, c + sig_off,
		     SEV_CERT_SIG_SIZE))
		return err_set(e, EIO, "SEV certificate: signing failed");
	return 0;
}

static int put_bn_le(EVP_PKEY *key, const char *param, uint8_t *dst, size_t n)
{
	BIGNUM *bn = NULL;
	int r = -1;

	if (EVP_PKEY_get_bn_param(key, param, &bn) == 1 &&
	    BN_bn2lebinpad(bn, dst, (int)n) == (int)n)
		r = 0;
	BN_free(bn);
	return r;
}

int amd_cert_build(EVP_PKEY *key, const uint8_t key_id[16], const uint8_t certifying_id[16],
		   uint32_t usage, EVP_PKEY *signer, uint8_t out[AMD_CERT_MAX], size_t *len,
		   struct err *e)
{
	int bits = EVP_PKEY_get_bits(key);
	size_t mod = (size_t)bits / 8, signed_len = AMD_CERT_OFF_PUBEXP + 2 * mod;

	if ((bits != 2048 && bits != 4096) || EVP_PKEY_get_bits(signer) != bits)
		return err_set(e, EINVAL, "AMD certificate: RSA keys of 2048 or 4096 bits");
	memset(out, 0, AMD_CERT_MAX);
	put_le32(out, 1);
	memcpy(out + AMD_CERT_OFF_KEY_ID, key_id, 16);
	memcpy(out + AMD_CERT_OFF_CERT_ID, certifying_id, 16);
	put_le32(out + AMD_CERT_OFF_USAGE, usage);
	put_le32(out + AMD_CERT_OFF_PUBEXP_SIZE, (uint32_t)bits);
	put_le32(out + AMD_CERT_OFF_MOD_SIZE, (uint32_t)bits);
	if (put_bn_le(key, OSSL_PKEY_PARAM_RSA_E, out + AMD_CERT_OFF_PUBEXP, mod) ||
	    put_bn_le(key, OSSL_PKEY_PARAM_RSA_N, out + AMD_CERT_OFF_PUBEXP + mod, mod))
		return err_set(e, EIO, "AMD certificate: no RSA numbers in the key");
	/* Naples (2048-bit) signs with SHA-256; Rome and later (4096-bit) with SHA-384. */
	if (make_sig(signer, true, bits == 4096 ? EVP_sha384() : EVP_sha256(), out, signed_len,
		     out + signed_len, mod))
		return err_set(e, EIO, "AMD certificate: signing failed");
	*len = signed_len + mod;
	return 0;
}

void sev_chain_certs_view(const struct sev_chain_certs *c, struct sev_chain *view)
{
	enum sev_chain_idx i;

	view->cert[SEV_CHAIN_ARK] = c->amd[0];
	view->len[SEV_CHAIN_ARK] = c->amd_len[0];
	view->cert[SEV_CHAIN_ASK] = c->amd[1];
	view->len[SEV_CHAIN_ASK] = c->amd_len[1];
	for (i = SEV_CHAIN_CEK; i < SEV_CHAIN_NR; i++) {
		view->cert[i] = c->sev[i];
		view->len[i] = SEV_CERT_SIZE;
	}
}

/* ---- The chain -------------------------------------------------------- */

/* The slot of @subject signed by a key of @usage; -1 if none. */
static int sig_slot(const struct sev_cert_info *subject, uint32_t usage)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (subject->sig_usage[i] == usage)
			return (int)i;
	}
	return -1;
}

/* @subject (SEV format, chain index @si) is signed by @key of @usage. */
static int check_sev_sig(const struct sev_chain *ch, enum sev_chain_idx si,
			 const struct sev_cert_info *subject, EVP_PKEY *key, uint32_t usage,
			 const char *signer, struct err *e)
{
	int slot = sig_slot(subject, usage);
	uint32_t algo;
	bool rsa;

	if (slot < 0)
		return err_set(e, EINVAL, "%s: no signature slot signed by the %s (sig usage %#x)",
			       sev_chain_names[si], signer, usage);
	algo = subject->sig_algo[slot];
	rsa = rsa_algo(algo);
	if (rsa != (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA))
		return err_set(e, EINVAL, "%s: signature slot %d algorithm %#x does not fit the "
			       "%s's key", sev_chain_names[si], slot + 1, algo, signer);
	if (verify_sig(key, rsa, algo_md(algo), ch->cert[si], SEV_CERT_SIGNED_LEN,
		       ch->cert[si] + (slot ? SEV_CERT_OFF_SIG2 : SEV_CERT_OFF_SIG1),
		       SEV_CERT_SIG_SIZE))
		return err_set(e, EBADMSG, "%s: the signature by the %s (slot %d, algo %#x) does "
			       "not verify", sev_chain_names[si], signer, slot + 1, algo);
	return 0;
}


static int expect_usage(enum sev_chain_idx i, uint32_t have, uint32_t want, struct err *e)
{
	if (have == want)
		return 0;
	return err_set(e, EINVAL, "%s: pub_key_usage is %#x, expected %#x (%s)", sev_chain_names[i],
		       have, want, sev_chain_names[i]);
}

/* @c (AMD format, parsed into @subject, named @name) is signed by @key of the @signer. */
static int check_amd_sig(const uint8_t *c, const char *name, const struct amd_cert_info *subject,
			 EVP_PKEY *key, const char *signer, struct err *e)
{
	const EVP_MD *md = subject->modulus_bits == 4096 ? EVP_sha384() : EVP_sha256();

	if (EVP_PKEY_get_bits(key) != (int)subject->modulus_bits)
		return err_set(e, EINVAL, "%s: signed by the %s's %d-bit key, but it is %u bits",
			       name, signer, EVP_PKEY_get_bits(key), subject->modulus_bits);
	if (verify_sig(key, true, md, c, subject->signed_len, c + subject->signed_len,
		       subject->modulus_bits / 8))
		return err_set(e, EBADMSG, "%s: the RSA-PSS signature by the %s does not verify",
			       name, signer);
	return 0;
}

/* The ARK and ASK rules of 55766 B.1 on parsed certificates. */
static int check_ark_ask(const uint8_t *ark_c, const struct amd_cert_info *ark,
			 const uint8_t *ask_c, const struct amd_cert_info *ask, struct err *e)
{
	int r;

	r = expect_usage(SEV_CHAIN_ARK, ark->usage, SEV_USAGE_ARK, e);
	if (!r)
		r = expect_usage(SEV_CHAIN_ASK, ask->usage, SEV_USAGE_ASK, e);
	if (r)
		return r;
	if (memcmp(ark->certifying_id, ark->key_id, 16))
		return err_set(e, EINVAL, "ARK: certifying_id differs from key_id: not self-signed");
	if (memcmp(ask->certifying_id, ark->key_id, 16))
		return err_set(e, EINVAL, "ASK: certifying_id does not name the ARK's key_id");
	r = check_amd_sig(ark_c, "ARK", ark, ark->key, "ARK", e);
	if (!r)
		r = check_amd_sig(ask_c, "ASK", ask, ark->key, "ARK", e);
	return r;
}

int amd_cert_pair_verify(const uint8_t *ark, size_t ark_len, const uint8_t *ask,
			 size_t ask_len, struct err *e)
{
	struct amd_cert_info a = { 0 }, s = { 0 };
	int r;

	r = amd_cert_parse(ark, ark_len, "ARK", &a, e);
	if (!r)
		r = amd_cert_parse(ask, ask_len, "ASK", &s, e);
	if (!r)
		r = check_ark_ask(ark, &a, ask, &s, e);
	amd_cert_info_free(&a);
	amd_cert_info_free(&s);
	return r;
}

int sev_chain_verify(const struct sev_chain *ch, uint8_t ark_id[16], struct err *e)
{
	static const uint32_t want[SEV_CHAIN_NR] = {
		[SEV_CHAIN_ARK] = SEV_USAGE_ARK, [SEV_CHAIN_ASK] = SEV_USAGE_ASK,
		[SEV_CHAIN_CEK] = SEV_USAGE_CEK, [SEV_CHAIN_OCA] = SEV_USAGE_OCA,
		[SEV_CHAIN_PEK] = SEV_USAGE_PEK, [SEV_CHAIN_PDH] = SEV_USAGE_PDH,
	};
	struct amd_cert_info ark = { 0 }, ask = { 0 };
	struct sev_cert_info s[SEV_CHAIN_NR] = { { 0 } };
	enum sev_chain_idx i;
	int r;

	r = amd_cert_parse(ch->cert[SEV_CHAIN_ARK], ch->len[SEV_CHAIN_ARK], "ARK", &ark, e);
	if (!r)
		r = amd_cert_parse(ch->cert[SEV_CHAIN_ASK], ch->len[SEV_CHAIN_ASK], "ASK", &ask, e);
	for (i = SEV_CHAIN_CEK; !r && i < SEV_CHAIN_NR; i++)
		r = sev_cert_parse(ch->cert[i], ch->len[i], sev_chain_names[i], &s[i], e);
	for (i = SEV_CHAIN_CEK; !r && i < SEV_CHAIN_NR; i++)
		r = expect_usage(i, s[i].usage, want[i], e);
	if (!r)
		r = check_ark_ask(ch->cert[SEV_CHAIN_ARK], &ark, ch->cert[SEV_CHAIN_ASK], &ask, e);
	if (!r)
		r = check_sev_sig(ch, SEV_CHAIN_CEK, &s[SEV_CHAIN_CEK], ask.key, SEV_USAGE_ASK,
				  "ASK", e);
	if (!r)
		r = check_sev_sig(ch, SEV_CHAIN_OCA, &s[SEV_CHAIN_OCA], s[SEV_CHAIN_OCA].key,
				  SEV_USAGE_OCA, "OCA", e);
	if (!r)
		r = check_sev_sig(ch, SEV_CHAIN_PEK, &s[SEV_CHAIN_PEK], s[SEV_CHAIN_OCA].key,
				  SEV_USAGE_OCA, "OCA", e);
	if (!r)
		r = check_sev_sig(ch, SEV_CHAIN_PEK, &s[SEV_CHAIN_PEK], s[SEV_CHAIN_CEK].key,
				  SEV_USAGE_CEK, "CEK", e);
	if (!r)
		r = check_sev_sig(ch, SEV_CHAIN_PDH, &s[SEV_CHAIN_PDH], s[SEV_CHAIN_PEK].key,
				  SEV_USAGE_PEK, "PEK", e);
	if (!r)
		memcpy(ark_id, ark.key_id, 16);
	amd_cert_info_free(&ark);
	amd_cert_info_free(&ask);
	for (i = SEV_CHAIN_CEK; i < SEV_CHAIN_NR; i++)
		sev_cert_info_free(&s[i]);
	return r;
}

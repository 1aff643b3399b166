// SPDX-License-Identifier: GPL-2.0
#include "sev/model/sim_chain.h"

#include <errno.h>
#include <string.h>
#include "sev/model/sim_keys.h"

bool sev_sim_chain_is_test(const uint8_t ark_id[16])
{
	return !memcmp(ark_id, SEV_SIM_ARK_ID, 16);
}

/* A SEV-format certificate of @key, signed by each signer given. */
static int sev_cert(EVP_PKEY *key, uint32_t usage, uint32_t algo, uint8_t maj, uint8_t min,
		    EVP_PKEY *s1, uint32_t u1, uint32_t a1, EVP_PKEY *s2, uint32_t u2, uint32_t a2,
		    uint8_t out[SEV_CERT_SIZE], struct err *e)
{
	int r = sev_cert_from_pubkey(key, usage, algo, maj, min, out, e);

	if (!r)
		r = sev_cert_sign(out, 0, s1, u1, a1, e);
	if (!r && s2)
		r = sev_cert_sign(out, 1, s2, u2, a2, e);
	return r;
}

int sev_sim_chain_build(const uint8_t seed[32], EVP_PKEY *pdh, uint8_t api_major,
			uint8_t api_minor, struct sev_chain_certs *out, struct err *e)
{
	EVP_PKEY *ark, *ask, *cek, *oca, *pek;
	int r = -EIO;

	memset(out, 0, sizeof(*out));
	ark = sev_sim_rsa_key(seed, "sevvm-sim ARK", 4096);
	ask = sev_sim_rsa_key(seed, "sevvm-sim ASK", 4096);
	cek = sev_sim_p384_key(seed, "sevvm-sim CEK");
	oca = sev_sim_p384_key(seed, "sevvm-sim OCA");
	pek = sev_sim_p384_key(seed, "sevvm-sim PEK");
	if (!ark || !ask || !cek || !oca || !pek) {
		err_set(e, EIO, "SEV model: cannot derive the certificate chain's keys");
		goto out;
	}
	r = amd_cert_build(ark, (const uint8_t *)SEV_SIM_ARK_ID, (const uint8_t *)SEV_SIM_ARK_ID,
			   SEV_USAGE_ARK, ark, out->amd[0], &out->amd_len[0], e);
	if (!r)
		r = amd_cert_build(ask, (const uint8_t *)SEV_SIM_ASK_ID,
				   (const uint8_t *)SEV_SIM_ARK_ID, SEV_USAGE_ASK, ark, out->amd[1],
				   &out->amd_len[1], e);
	/* CEK <- ASK (RSA-PSS SHA-384, as on Rome and later); OCA self-signed. */
	if (!r)
		r = sev_cert(cek, SEV_USAGE_CEK, SEV_ALGO_ECDSA_SHA384, 0, 0, ask, SEV_USAGE_ASK,
			     SEV_ALGO_RSA_SHA384, NULL, 0, 0, out->sev[SEV_CHAIN_CEK], e);
	if (!r)
		r = sev_cert(oca, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA384, api_major, api_minor, oca,
			     SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA384, NULL, 0, 0,
			     out->sev[SEV_CHAIN_OCA], e);
	/* PEK <- OCA (slot 1) and CEK (slot 2). */
	if (!r)
		r = sev_cert(pek, SEV_USAGE_PEK, SEV_ALGO_ECDSA_SHA384, api_major, api_minor, oca,
			     SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA384, cek, SEV_USAGE_CEK,
			     SEV_ALGO_ECDSA_SHA384, out->sev[SEV_CHAIN_PEK], e);
	if (!r)
		r = sev_cert(pdh, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, api_major, api_minor, pek,
			     SEV_USAGE_PEK, SEV_ALGO_ECDSA_SHA384, NULL, 0, 0,
			     out->sev[SEV_CHAIN_PDH], e);
out:
	EVP_PKEY_free(ark);
	EVP_PKEY_free(ask);
	EVP_PKEY_free(cek);
	EVP_PKEY_free(oca);
	EVP_PKEY_free(pek);
	return r;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The SEV firmware model (AMD SEV API 55766): platform and guest state
 * machines, policy checks, the launch digest and measurement, the session
 * unwrap and LAUNCH_SECRET. See sim_fw.h for what it models and what not.
 *
 * Every guest command checks, in this order: the platform state (nothing but
 * LAUNCH_START and the platform commands works in UNINIT), the handle, the
 * guest state, then its own parameters. Where 55766 or the public tools do
 * not pin the status of a failure, the choice is marked "model's choice".
 * The model implements the API >= 0.17 forms of MEASURE and the secret MAC.
 */
#include "sev/model/sim_fw.h"
#include "vmm/util/le.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>
#include "sev/cert.h"
#include "sev/crypto.h"
#include "sev/model/sim_keys.h"

/* Policy bits 15:6 are reserved (55766 3, Table 2; Part C 3.4). */
#define SEV_POLICY_RESERVED	0x0000ffc0u

/* The LAUNCH_START session buffer (Part C 2.3). */
#define SESS_NONCE		0x00
#define SESS_WRAP_TK		0x10
#define SESS_WRAP_IV		0x30
#define SESS_WRAP_MAC		0x40
#define SESS_POLICY_MAC		0x60

/* The LAUNCH_SECRET header (55766 6.6). */
#define SECRET_FLAGS		0
#define SECRET_IV		4
#define SECRET_MAC		20

#define GSTATE(s)		(1u << (s))
#define GSTATE_ANY		(GSTATE(SEV_GSTATE_UNINIT) | GSTATE(SEV_GSTATE_LUPDATE) | \
				 GSTATE(SEV_GSTATE_LSECRET) | GSTATE(SEV_GSTATE_RUNNING))

static const char pdh_label[] = "sevvm-sim PDH";

static int fw_rand(struct sev_fw *fw, uint8_t *buf, size_t len)
{
	if (fw->cfg.rand)
		return fw->cfg.rand(fw->cfg.rand_opaque, buf, len);
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

/* ---- The PDH key ------------------------------------------------------ */

/* The model's PDH (55766 5.8 PDH_GEN), deterministic from cfg.seed. */
static EVP_PKEY *pdh_derive(const uint8_t seed[32])
{
	return sev_sim_p384_key(seed, pdh_label);
}

/* ---- Guest contexts --------------------------------------------------- */

static struct sev_fw_guest *guest_find(struct sev_fw *fw, uint32_t handle)
{
	unsigned int i;

	for (i = 0; handle && i < SEV_FW_MAX_GUESTS; i++) {
		if (fw->guests[i].in_use && fw->guests[i].handle == handle)
			return &fw->guests[i];
	}
	return NULL;
}

static unsigned int guest_count(const struct sev_fw *fw)
{
	unsigned int i, n = 0;

	for (i = 0; i < SEV_FW_MAX_GUESTS; i++)
		n += fw->guests[i].in_use;
	return n;
}

/* Wipes the keys, digest and measurement with the context. */
static void guest_free(struct sev_fw_guest *g)
{
	EVP_MD_CTX_free(g->ld);
	OPENSSL_cleanse(g, sizeof(*g));
	g->in_use = false;
	g->ld = NULL;
}

/* The checks every guest command starts with; @states is a GSTATE() mask. */
static enum sev_status guest_get(struct sev_fw *fw, uint32_t handle, unsigned int states,
				 struct sev_fw_guest **out)
{
	struct sev_fw_guest *g;

	if (fw->state == SEV_PSTATE_UNINIT)
		return SEV_INVALID_PLATFORM_STATE;
	g = guest_find(fw, handle);
	if (!g)
		return SEV_INVALID_GUEST;
	if (!(states & GSTATE(g->state)))
		return SEV_INVALID_GUEST_STATE;
	*out = g;
	return SEV_SUCCESS;
}

/* GCTX.LD so far, without finishing the running hash. */
static int digest_peek(const struct sev_fw_guest *g, uint8_t out[32])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int n = 0;
	int r = -EIO;

	if (c && EVP_MD_CTX_copy_ex(c, g->ld) == 1 && EVP_DigestFinal_ex(c, out, &n) == 1 &&
	    n == 32)
		r = 0;
	EVP_MD_CTX_free(c);
	return r;
}

/* ---- Platform commands ------------------------------------------------ */

int sev_fw_create(struct sev_fw *fw, const struct sev_fw_config *cfg, struct err *e)
{
	memset(fw, 0, sizeof(*fw));
	fw->cfg = *cfg;
	fw->state = SEV_PSTATE_UNINIT;
	fw->next_handle = 1;
	fw->pdh = pdh_derive(cfg->seed);
	if (!fw->pdh) {
		OPENSSL_cleanse(fw, sizeof(*fw));
		return err_set(e, EIO, "SEV model: cannot derive the P-384 PDH key");
	}
	return 0;
}

void sev_fw_destroy(struct sev_fw *fw)
{
	unsigned int i;

	for (i = 0; i < SEV_FW_MAX_GUESTS; i++) {
		if (fw->guests[i].in_use)
			guest_free(&fw->guests[i]);
	}
	EVP_PKEY_free(fw->pdh);
	OPENSSL_cleanse(fw, sizeof(*fw));
}

/* 55766 5.1.2: INIT only from UNINIT. */
enum sev_status sev_fw_init(struct sev_fw *fw)
{
	if (fw->state != SEV_PSTATE_UNINIT)
		return SEV_INVALID_PLATFORM_STATE;
	fw->state = SEV_PSTATE_INIT;
	return SEV_SUCCESS;
}

/* SHUTDOWN is allowed in INIT and WORKING (not UNINIT, 5.1.2); it drops every guest. */
enum sev_status sev_fw_shutdown(struct sev_fw *fw)
{
	unsigned int i;

	if (fw->state == SEV_PSTATE_UNINIT)
		return SEV_INVALID_PLATFORM_STATE;
	for (i = 0; i < SEV_FW_MAX_GUESTS; i++) {
		if (fw->guests[i].in_use)
			guest_free(&fw->guests[i]);
	}
	fw->state = SEV_PSTATE_UNINIT;
	return SEV_SUCCESS;
}

enum sev_status sev_fw_platform_status(struct sev_fw *fw, struct sev_fw_platform_status *st)
{
	*st = (struct sev_fw_platform_status){
		.api_major = fw->cfg.api_major, .api_minor = fw->cfg.api_minor,
		.state = (uint8_t)fw->state, .owner = 0, .config = fw->cfg.es ? 1u : 0,
		.build = fw->cfg.build, .guest_count = guest_count(fw),
	};
	return SEV_SUCCESS;
}

EVP_PKEY *sev_fw_pdh(struct sev_fw *fw)
{
	return fw->pdh;
}

/* ---- LAUNCH_START ----------------------------------------------------- */

/*
 * Unwraps TEK || TIK from the session (Part C 2.3): z = ECDH(PDH, GODH),
 * KEK/KIK from the KDF, WRAP_MAC over WRAP_TK, AES-CTR unwrap, then
 * POLICY_MAC with the new TIK over the command's policy. A MAC mismatch is
 * BAD_MEASUREMENT (model's choice: 55766 names no code publicly).
 */
static enum sev_status session_unwrap(struct sev_fw *fw, uint32_t policy, const uint8_t *godh,
				      size_t godh_len, const uint8_t *session,
				      uint8_t tek[16], uint8_t tik[16])
{
	uint8_t z[48], kek[16], kik[16], mac[32], tk[32], pol[4];
	enum sev_status st = SEV_HWERROR_PLATFORM;
	EVP_PKEY *peer = NULL;
	struct err e;

	if (sev_cert_pubkey(godh, godh_len, &peer, &e))
		return SEV_INVALID_CERTIFICATE;
	if (sev_ecdh_p384(fw->pdh, peer, z) ||
	    sev_session_keys(z, session + SESS_NONCE, kek, kik) ||
	    sev_hmac_sha256(kik, sizeof(kik), session + SESS_WRAP_TK, 32, mac))
		goto out;
	st = SEV_BAD_MEASUREMENT;
	if (CRYPTO_memcmp(mac, session + SESS_WRAP_MAC, 32))
		goto out;
	st = SEV_HWERROR_PLATFORM;
	put_le32(pol, policy);
	if (sev_aes128_ctr(kek, session + SESS_WRAP_IV, session + SESS_WRAP_TK, tk, 32) ||
	    sev_hmac_sha256(tk + 16, 16, pol, sizeof(pol), mac))
		goto out;
	st = SEV_BAD_MEASUREMENT;
	if (CRYPTO_memcmp(mac, session + SESS_POLICY_MAC, 32))
		goto out;
	memcpy(tek, tk, 16);
	memcpy(tik, tk + 16, 16);
	st = SEV_SUCCESS;
out:
	OPENSSL_cleanse(z, sizeof(z));
	OPENSSL_cleanse(kek, sizeof(kek));
	OPENSSL_cleanse(kik, sizeof(kik));
	OPENSSL_cleanse(tk, sizeof(tk));
	OPENSSL_cleanse(mac, sizeof(mac));
	EVP_PKEY_free(peer);
	return st;
}

/*
 * The policy rules of LAUNCH_START (55766 6.2), then key sharing: a non-zero
 * handle names the guest to share keys with, and NOKS in either policy
 * forbids it.
 */
static enum sev_status launch_start_policy(struct sev_fw *fw, uint32_t handle, uint32_t policy,
					   struct sev_fw_guest **share)
{
	unsigned int want, have;

	/*
	 * Model's choice: reserved policy bits must be zero, and a command
	 * field with a reserved value is INVALID_PARAM. (The public sources
	 * list no status for it.)
	 */
	if (policy & SEV_POLICY_RESERVED)
		return SEV_INVALID_PARAM;
	if ((policy & SEV_POLICY_ES) && !fw->cfg.es)
		return SEV_POLICY_FAILURE;
	/* The policy's minimum firmware version (bits 16-31) vs. the platform's. */
	want = SEV_POLICY_API_MAJOR(policy) << 8 | SEV_POLICY_API_MINOR(policy);
	have = (unsigned int)fw->cfg.api_major << 8 | fw->cfg.api_minor;
	if (want > have)
		return SEV_POLICY_FAILURE;
	*share = NULL;
	if (!handle)
		return SEV_SUCCESS;
	*share = guest_find(fw, handle);
	if (!*share)
		return SEV_INVALID_GUEST;
	if ((policy | (*share)->policy) & SEV_POLICY_NOKS)
		return SEV_POLICY_FAILURE;
	return SEV_SUCCESS;
}

/*
 * TEK/TIK of the new context: from the owner's session when given; else,
 * when sharing, those of the other guest (55766 shares the VEK, which the
 * model does not have, so it shares the transport keys in its place; an
 * owner's session still wins, as only its keys let the owner inject
 * secrets); else fresh random keys.
 */
static enum sev_status launch_start_keys(struct sev_fw *fw, struct sev_fw_guest *g,
					 const struct sev_fw_guest *share, const uint8_t *godh,
					 size_t godh_len, const uint8_t *session)
{
	if (session)
		return session_unwrap(fw, g->policy, godh, godh_len, session, g->tek, g->tik);
	if (share) {
		memcpy(g->tek, share->tek, sizeof(g->tek));
		memcpy(g->tik, share->tik, sizeof(g->tik));
		return SEV_SUCCESS;
	}
	if (fw_rand(fw, g->tek, sizeof(g->tek)) || fw_rand(fw, g->tik, sizeof(g->tik)))
		return SEV_HWERROR_PLATFORM;
	return SEV_SUCCESS;
}

static struct sev_fw_guest *guest_slot(struct sev_fw *fw)
{
	unsigned int i;

	for (i = 0; i < SEV_FW_MAX_GUESTS; i++) {
		if (!fw->guests[i].in_use)
			return &fw->guests[i];
	}
	return NULL;
}

static uint32_t handle_alloc(struct sev_fw *fw)
{
	uint32_t h;

	do
		h = fw->next_handle++;
	while (!h || guest_find(fw, h));
	return h;
}

enum sev_status sev_fw_launch_start(struct sev_fw *fw, uint32_t *handle, uint32_t policy,
				    const uint8_t *godh, size_t godh_len,
				    const uint8_t *session, size_t session_len)
{
	struct sev_fw_guest *share, *g;
	enum sev_status st;

	if (fw->state != SEV_PSTATE_INIT && fw->state != SEV_PSTATE_WORKING)
		return SEV_INVALID_PLATFORM_STATE;
	/* Model's choice: a GODH without a session or the reverse is INVALID_PARAM. */
	if (!handle || !godh != !session)
		return SEV_INVALID_PARAM;
	if ((godh && godh_len != SEV_CERT_SIZE) || (session && session_len != SEV_SESSION_LEN))
		return SEV_INVALID_LENGTH;
	st = launch_start_policy(fw, *handle, policy, &share);
	if (st)
		return st;
	g = guest_slot(fw);
	if (!g)
		return SEV_RESOURCE_LIMIT;
	*g = (struct sev_fw_guest){ .policy = policy, .state = SEV_GSTATE_LUPDATE };
	st = launch_start_keys(fw, g, share, godh, godh_len, session);
	if (st)
		goto fail;
	st = SEV_HWERROR_PLATFORM;
	g->ld = EVP_MD_CTX_new();
	if (!g->ld || EVP_DigestInit_ex(g->ld, EVP_sha256(), NULL) != 1)
		goto fail;
	g->handle = handle_alloc(fw);
	g->in_use = true;
	fw->state = SEV_PSTATE_WORKING;	/* 5.1.2: WORKING while a guest exists */
	*handle = g->handle;
	return SEV_SUCCESS;
fail:
	guest_free(g);
	return st;
}

/* ---- LAUNCH_UPDATE_*, LAUNCH_MEASURE, LAUNCH_SECRET, LAUNCH_FINISH ----- */

static enum sev_status measure_data(struct sev_fw_guest *g, const void *data, uint32_t len)
{
	if (EVP_DigestUpdate(g->ld, data, len) != 1)
		return SEV_HWERROR_PLATFORM;
	g->bytes_measured += len;
	return SEV_SUCCESS;
}

/* 55766 6.3: address and length 16-byte aligned. */
enum sev_status sev_fw_launch_update_data(struct sev_fw *fw, uint32_t handle,
					  uint64_t paddr, const void *data, uint32_t len)
{
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE(SEV_GSTATE_LUPDATE), &g);
	if (st)
		return st;
	if ((paddr & 15) || !data)
		return SEV_INVALID_ADDRESS;
	if (!len || (len & 15))
		return SEV_INVALID_LENGTH;
	return measure_data(g, data, len);
}

/* 55766 6.4: only for an SEV-ES policy; one page-aligned 4 KiB VMSA. */
enum sev_status sev_fw_launch_update_vmsa(struct sev_fw *fw, uint32_t handle,
					  uint64_t paddr, const void *vmsa, uint32_t len)
{
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE(SEV_GSTATE_LUPDATE), &g);
	if (st)
		return st;
	if (!(g->policy & SEV_POLICY_ES))
		return SEV_POLICY_FAILURE;
	if ((paddr & (SEV_VMSA_SIZE - 1)) || !vmsa)
		return SEV_INVALID_ADDRESS;
	if (len != SEV_VMSA_SIZE)
		return SEV_INVALID_LENGTH;
	return measure_data(g, vmsa, len);
}

/*
 * 55766 6.5. A buffer shorter than 48 bytes (or none) is the length probe:
 * INVALID_LENGTH with *len = 48 and the state unchanged.
 */
enum sev_status sev_fw_launch_measure(struct sev_fw *fw, uint32_t handle,
				      uint8_t *out, uint32_t *len)
{
	uint8_t mnonce[16], digest[32], measure[32];
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE(SEV_GSTATE_LUPDATE), &g);
	if (st)
		return st;
	if (!len)
		return SEV_INVALID_PARAM;
	if (*len < SEV_MEASURE_LEN) {
		*len = SEV_MEASURE_LEN;
		return SEV_INVALID_LENGTH;
	}
	if (!out)
		return SEV_INVALID_ADDRESS;
	if (fw_rand(fw, mnonce, sizeof(mnonce)) || digest_peek(g, digest) ||
	    sev_measurement(g->tik, fw->cfg.api_major, fw->cfg.api_minor, fw->cfg.build,
			    g->policy, digest, mnonce, measure))
		return SEV_HWERROR_PLATFORM;
	memcpy(g->digest, digest, sizeof(digest));
	memcpy(g->measure, measure, sizeof(measure));
	EVP_MD_CTX_free(g->ld);
	g->ld = NULL;
	memcpy(out, measure, 32);
	memcpy(out + 32, mnonce, 16);
	*len = SEV_MEASURE_LEN;
	g->state = SEV_GSTATE_LSECRET;
	return SEV_SUCCESS;
}

/* The header MAC of 55766 6.6 (API >= 0.17: MEASURE is included). */
static int secret_mac(const struct sev_fw_guest *g, const uint8_t *hdr, const uint8_t *trans,
		      uint32_t trans_len, uint32_t guest_len, uint8_t mac[32])
{
	uint8_t one = 0x01, glen[4], tlen[4];
	struct sev_buf parts[] = {
		{ .p = &one, .len = 1 },
		{ .p = hdr + SECRET_FLAGS, .len = 4 },
		{ .p = hdr + SECRET_IV, .len = 16 },
		{ .p = glen, .len = 4 },
		{ .p = tlen, .len = 4 },
		{ .p = trans, .len = trans_len },
		{ .p = g->measure, .len = 32 },
	};

	put_le32(glen, guest_len);
	put_le32(tlen, trans_len);
	return sev_hmac_sha256_parts(g->tik, sizeof(g->tik), parts, 7, mac);
}

enum sev_status sev_fw_launch_secret(struct sev_fw *fw, uint32_t handle,
				     const uint8_t *hdr, uint32_t hdr_len,
				     const uint8_t *trans, uint32_t trans_len,
				     uint64_t guest_paddr, uint8_t *guest, uint32_t guest_len)
{
	struct sev_fw_guest *g;
	enum sev_status st;
	uint8_t mac[32];

	st = guest_get(fw, handle, GSTATE(SEV_GSTATE_LSECRET), &g);
	if (st)
		return st;
	if (!hdr || !trans || !guest || (guest_paddr & 15))
		return SEV_INVALID_ADDRESS;
	if (hdr_len != SEV_SECRET_HDR_LEN)
		return SEV_INVALID_LENGTH;
	/* FLAGS bit 0 is COMPRESSED, which the model does not do; the rest is reserved. */
	if (get_le32(hdr + SECRET_FLAGS))
		return SEV_INVALID_PARAM;
	if (trans_len != guest_len || !trans_len || (trans_len & 15))
		return SEV_INVALID_LENGTH;
	if (secret_mac(g, hdr, trans, trans_len, guest_len, mac))
		return SEV_HWERROR_PLATFORM;
	/* Model's choice: BAD_MEASUREMENT; the spec's exact code here is unverified. */
	if (CRYPTO_memcmp(mac, hdr + SECRET_MAC, sizeof(mac)))
		return SEV_BAD_MEASUREMENT;
	if (sev_aes128_ctr(g->tek, hdr + SECRET_IV, trans, guest, trans_len))
		return SEV_HWERROR_PLATFORM;
	return SEV_SUCCESS;
}

enum sev_status sev_fw_launch_finish(struct sev_fw *fw, uint32_t handle)
{
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE(SEV_GSTATE_LSECRET), &g);
	if (st)
		return st;
	g->state = SEV_GSTATE_RUNNING;
	return SEV_SUCCESS;
}

/* ---- Guest commands in any launch state ------------------------------- */

enum sev_status sev_fw_guest_status(struct sev_fw *fw, uint32_t handle, uint32_t *policy,
				    enum sev_guest_state *state)
{
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE_ANY, &g);
	if (st)
		return st;
	if (policy)
		*policy = g->policy;
	if (state)
		*state = g->state;
	return SEV_SUCCESS;
}

/* 55766 7.1/7.2: refused under NODBG; 16-byte aligned address and length. */
static enum sev_status dbg_check(struct sev_fw *fw, uint32_t handle, uint64_t paddr,
				 const void *src, const void *dst, uint32_t len)
{
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE(SEV_GSTATE_LUPDATE) | GSTATE(SEV_GSTATE_LSECRET) |
			   GSTATE(SEV_GSTATE_RUNNING), &g);
	if (st)
		return st;
	if (g->policy & SEV_POLICY_NODBG)
		return SEV_POLICY_FAILURE;
	if ((paddr & 15) || !src || !dst)
		return SEV_INVALID_ADDRESS;
	if (!len || (len & 15))
		return SEV_INVALID_LENGTH;
	return SEV_SUCCESS;
}

enum sev_status sev_fw_dbg_decrypt(struct sev_fw *fw, uint32_t handle, uint64_t src_paddr,
				   const void *src, void *dst, uint32_t len)
{
	enum sev_status st = dbg_check(fw, handle, src_paddr, src, dst, len);

	if (!st)
		memmove(dst, src, len);	/* guest memory is plaintext in the model */
	return st;
}

enum sev_status sev_fw_dbg_encrypt(struct sev_fw *fw, uint32_t handle, uint64_t dst_paddr,
				   const void *src, void *dst, uint32_t len)
{
	enum sev_status st = dbg_check(fw, handle, dst_paddr, src, dst, len);

	if (!st)
		memmove(dst, src, len);
	return st;
}

/* Any state; the platform drops back to INIT with its last guest (5.1.2). */
enum sev_status sev_fw_decommission(struct sev_fw *fw, uint32_t handle)
{
	struct sev_fw_guest *g;
	enum sev_status st;

	st = guest_get(fw, handle, GSTATE_ANY, &g);
	if (st)
		return st;
	guest_free(g);
	if (!guest_count(fw))
		fw->state = SEV_PSTATE_INIT;
	return SEV_SUCCESS;
}

/* ---- Introspection ---------------------------------------------------- */

/* The launch digest: the running hash so far, or GCTX.LD once measured. */
int sev_fw_running_digest(struct sev_fw *fw, uint32_t handle, uint8_t out[32])
{
	struct sev_fw_guest *g = guest_find(fw, handle);

	if (!g)
		return -ENOENT;
	if (g->ld)
		return digest_peek(g, out);
	memcpy(out, g->digest, 32);
	return 0;
}

int sev_fw_guest_keys(struct sev_fw *fw, uint32_t handle, uint8_t tek[16], uint8_t tik[16])
{
	struct sev_fw_guest *g = guest_find(fw, handle);

	if (!g)
		return -ENOENT;
	memcpy(tek, g->tek, 16);
	memcpy(tik, g->tik, 16);
	return 0;
}

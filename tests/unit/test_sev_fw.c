// SPDX-License-Identifier: GPL-2.0
/*
 * The SEV firmware model: every command in every state (table-driven),
 * policy, length and alignment rules, the measurement probe, handles, key
 * sharing and NODBG; and the cryptography end to end against
 * tests/sev/oracle.py: a session the oracle wraps for the model's PDH, the
 * measurement of a sequence of updates, and secrets the oracle packages.
 * Tests run from the repository root.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/cert.h"
#include "sev/crypto.h"
#include "sev/model/sim_fw.h"
#include "tests/unit/sev_oracle.h"
#include "tests/unit/unit.h"


#define ck_status(expr, want)							\
	do {									\
		enum sev_status got_ = (expr), want_ = (want);			\
		char g_[48], w_[48];						\
		ck_assert_msg(got_ == want_, "%s: %s, expected %s", #expr,	\
			      sev_status_str(got_, g_, sizeof(g_)),		\
			      sev_status_str(want_, w_, sizeof(w_)));		\
	} while (0)

/* ---- The model under test --------------------------------------------- */

/* Deterministic randomness: 00 01 02 ... across calls; can be made to fail. */
struct rng {
	uint8_t next;
	bool fail;
};

static int det_rand(void *opaque, uint8_t *buf, size_t len)
{
	struct rng *r = opaque;
	size_t i;

	if (r->fail)
		return -EIO;
	for (i = 0; i < len; i++)
		buf[i] = r->next++;
	return 0;
}

static void pattern(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 13 + (i >> 8));
}

/* A firmware 1.55 build 21, initialised; @rng NULL = the system RNG. */
static void fw_open_seed(struct sev_fw *fw, struct rng *rng, bool es, uint8_t seed)
{
	struct sev_fw_config cfg = {
		.api_major = 1, .api_minor = 55, .build = 21, .es = es,
		.rand = rng ? det_rand : NULL, .rand_opaque = rng,
	};
	struct err e = { 0 };

	pattern(cfg.seed, sizeof(cfg.seed), seed);
	ck_assert_msg(sev_fw_create(fw, &cfg, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(fw->state, SEV_PSTATE_UNINIT);
	ck_status(sev_fw_init(fw), SEV_SUCCESS);
}

static void fw_open(struct sev_fw *fw, struct rng *rng, bool es)
{
	fw_open_seed(fw, rng, es, 0x5e);
}

static uint32_t start(struct sev_fw *fw, uint32_t policy)
{
	uint32_t h = 0;

	ck_status(sev_fw_launch_start(fw, &h, policy, NULL, 0, NULL, 0), SEV_SUCCESS);
	ck_assert_uint_ne(h, 0);
	return h;
}

static enum sev_guest_state gstate(struct sev_fw *fw, uint32_t h)
{
	enum sev_guest_state s = SEV_GSTATE_UNINIT;
	uint32_t policy;

	ck_status(sev_fw_guest_status(fw, h, &policy, &s), SEV_SUCCESS);
	return s;
}

static uint32_t guest_count(struct sev_fw *fw)
{
	struct sev_fw_platform_status st;

	ck_status(sev_fw_platform_status(fw, &st), SEV_SUCCESS);
	return st.guest_count;
}

static void measure(struct sev_fw *fw, uint32_t h, uint8_t out[SEV_MEASURE_LEN])
{
	uint32_t len = SEV_MEASURE_LEN;

	ck_status(sev_fw_launch_measure(fw, h, out, &len), SEV_SUCCESS);
	ck_assert_uint_eq(len, SEV_MEASURE_LEN);
}

static void pdh_cert(struct sev_fw *fw, uint8_t cert[SEV_CERT_SIZE])
{
	struct err e = { 0 };

	ck_assert_int_eq(sev_cert_from_pubkey(sev_fw_pdh(fw), SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256,
					      1, 55, cert, &e), 0);
}

/* The oracle's GODH certificate and session for @pdh (a certificate). */
static void make_session(const uint8_t *pdh, const uint8_t tek[16], const uint8_t tik[16],
			 uint8_t nonce_seed, uint32_t policy, uint8_t godh[SEV_CERT_SIZE],
			 uint8_t session[SEV_SESSION_LEN])
{
	uint8_t nonce[16], iv[16];

	pattern(nonce, sizeof(nonce), nonce_seed);
	pattern(iv, sizeof(iv), (uint8_t)(nonce_seed + 0x40));
	oracle(2, (uint8_t *[]){ godh, session }, (size_t[]){ SEV_CERT_SIZE, SEV_SESSION_LEN },
	       "session " GODH_PRIV " %s %s %s %s %s %#x", hx(pdh, SEV_CERT_SIZE), hx(tek, 16),
	       hx(tik, 16), hx(nonce, 16), hx(iv, 16), policy);
}

/* The oracle's LAUNCH_SECRET header and TRANS for @plain. */
static void make_secret(const uint8_t tek[16], const uint8_t tik[16], uint8_t iv_seed,
			const uint8_t measure_[32], const uint8_t *plain, size_t len,
			uint32_t flags, uint8_t hdr[SEV_SECRET_HDR_LEN], uint8_t *trans)
{
	uint8_t iv[16];

	pattern(iv, sizeof(iv), iv_seed);
	oracle(2, (uint8_t *[]){ hdr, trans }, (size_t[]){ SEV_SECRET_HDR_LEN, len },
	       "secret %s %s %s %s %s %#x", hx(tek, 16), hx(tik, 16), hx(iv, 16),
	       hx(measure_, 32), hx(plain, len), flags);
}

/* ---- Platform --------------------------------------------------------- */

START_TEST(fw_platform_states)
{
	struct sev_fw_platform_status st;
	struct rng rng = { 0 };
	struct err e = { 0 };
	struct sev_fw fw;
	struct sev_fw_config cfg = {
		.api_major = 1, .api_minor = 55, .build = 21, .es = true,
		.rand = det_rand, .rand_opaque = &rng,
	};
	uint32_t a, b, h = 0;

	ck_assert_int_eq(sev_fw_create(&fw, &cfg, &e), 0);
	ck_status(sev_fw_platform_status(&fw, &st), SEV_SUCCESS);
	ck_assert_uint_eq(st.state, SEV_PSTATE_UNINIT);
	ck_assert_uint_eq(st.api_major, 1);
	ck_assert_uint_eq(st.api_minor, 55);
	ck_assert_uint_eq(st.build, 21);
	ck_assert_uint_eq(st.config, 1);	/* ES */
	ck_assert_uint_eq(st.owner, 0);
	/* UNINIT: no LAUNCH_START, no SHUTDOWN. */
	ck_status(sev_fw_launch_start(&fw, &h, 0, NULL, 0, NULL, 0), SEV_INVALID_PLATFORM_STATE);
	ck_assert_uint_eq(h, 0);
	ck_status(sev_fw_shutdown(&fw), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_init(&fw), SEV_SUCCESS);
	ck_assert_int_eq(fw.state, SEV_PSTATE_INIT);
	ck_status(sev_fw_init(&fw), SEV_INVALID_PLATFORM_STATE);
	/* WORKING while any guest exists. */
	a = start(&fw, 0);
	ck_assert_int_eq(fw.state, SEV_PSTATE_WORKING);
	ck_status(sev_fw_init(&fw), SEV_INVALID_PLATFORM_STATE);
	b = start(&fw, 0);
	ck_assert_uint_eq(guest_count(&fw), 2);
	ck_status(sev_fw_decommission(&fw, a), SEV_SUCCESS);
	ck_assert_int_eq(fw.state, SEV_PSTATE_WORKING);
	ck_status(sev_fw_decommission(&fw, b), SEV_SUCCESS);
	ck_assert_int_eq(fw.state, SEV_PSTATE_INIT);
	ck_assert_uint_eq(guest_count(&fw), 0);
	/* SHUTDOWN from WORKING drops the guests. */
	a = start(&fw, 0);
	ck_status(sev_fw_shutdown(&fw), SEV_SUCCESS);
	ck_assert_int_eq(fw.state, SEV_PSTATE_UNINIT);
	ck_assert_uint_eq(guest_count(&fw), 0);
	ck_status(sev_fw_guest_status(&fw, a, NULL, NULL), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_init(&fw), SEV_SUCCESS);
	ck_status(sev_fw_guest_status(&fw, a, NULL, NULL), SEV_INVALID_GUEST);
	/* ... and from INIT. */
	ck_status(sev_fw_shutdown(&fw), SEV_SUCCESS);
	ck_assert_int_eq(fw.state, SEV_PSTATE_UNINIT);
	sev_fw_destroy(&fw);
	sev_fw_destroy(&fw);	/* a destroyed model destroys again harmlessly */

	cfg.es = false;
	ck_assert_int_eq(sev_fw_create(&fw, &cfg, &e), 0);
	ck_status(sev_fw_platform_status(&fw, &st), SEV_SUCCESS);
	ck_assert_uint_eq(st.config, 0);
	sev_fw_destroy(&fw);
}
END_TEST

/* Every guest command is refused in platform state UNINIT. */
START_TEST(fw_guest_cmds_need_platform)
{
	uint8_t buf[64] = { 0 }, page[SEV_VMSA_SIZE] = { 0 }, hdr[SEV_SECRET_HDR_LEN] = { 0 };
	uint32_t len = 64, h;
	struct rng rng = { 0 };
	struct sev_fw fw;

	fw_open(&fw, &rng, true);
	h = start(&fw, SEV_POLICY_ES);
	ck_status(sev_fw_shutdown(&fw), SEV_SUCCESS);
	ck_status(sev_fw_launch_update_data(&fw, h, 0, buf, 16), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_launch_update_vmsa(&fw, h, 0, page, SEV_VMSA_SIZE),
		  SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_launch_measure(&fw, h, buf, &len), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_launch_secret(&fw, h, hdr, sizeof(hdr), buf, 16, 0, buf + 16, 16),
		  SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_launch_finish(&fw, h), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_guest_status(&fw, h, NULL, NULL), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_dbg_decrypt(&fw, h, 0, buf, buf + 16, 16), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_dbg_encrypt(&fw, h, 0, buf, buf + 16, 16), SEV_INVALID_PLATFORM_STATE);
	ck_status(sev_fw_decommission(&fw, h), SEV_INVALID_PLATFORM_STATE);
	sev_fw_destroy(&fw);
}
END_TEST

/* ---- Commands x guest states ------------------------------------------ */

enum cmd {
	C_UPDATE_DATA, C_UPDATE_VMSA, C_MEASURE, C_SECRET, C_FINISH, C_STATUS,
	C_DBG_DECRYPT, C_DBG_ENCRYPT, C_DECOMMISSION, C_NR,
};
enum where { W_LUPDATE, W_LSECRET, W_RUNNING, W_GONE, W_NR };

static const char *const cmd_names[C_NR] = {
	"LAUNCH_UPDATE_DATA", "LAUNCH_UPDATE_VMSA", "LAUNCH_MEASURE", "LAUNCH_SECRET",
	"LAUNCH_FINISH", "GUEST_STATUS", "DBG_DECRYPT", "DBG_ENCRYPT", "DECOMMISSION",
};
static const char *const where_names[W_NR] = { "LUPDATE", "LSECRET", "RUNNING", "decommissioned" };

#define OK	SEV_SUCCESS
#define IGS	SEV_INVALID_GUEST_STATE
#define IG	SEV_INVALID_GUEST
/* 55766 6.1.1 (sev-reference Part C 3.6); a decommissioned handle is unknown. */
static const enum sev_status cmd_table[C_NR][W_NR] = {
	/*			LUPDATE	LSECRET	RUNNING	gone */
	[C_UPDATE_DATA]	 = {	OK,	IGS,	IGS,	IG },
	[C_UPDATE_VMSA]	 = {	OK,	IGS,	IGS,	IG },
	[C_MEASURE]	 = {	OK,	IGS,	IGS,	IG },
	[C_SECRET]	 = {	IGS,	OK,	IGS,	IG },
	[C_FINISH]	 = {	IGS,	OK,	IGS,	IG },
	[C_STATUS]	 = {	OK,	OK,	OK,	IG },
	[C_DBG_DECRYPT]	 = {	OK,	OK,	OK,	IG },
	[C_DBG_ENCRYPT]	 = {	OK,	OK,	OK,	IG },
	[C_DECOMMISSION] = {	OK,	OK,	OK,	IG },
};
#undef OK
#undef IGS
#undef IG

struct fx {
	struct sev_fw fw;
	struct rng rng;
	uint32_t h;
	uint8_t meas[SEV_MEASURE_LEN];
	uint8_t hdr[SEV_SECRET_HDR_LEN], trans[32], plain[32], guest[32];
	uint8_t page[SEV_VMSA_SIZE], buf[64];
};

static void fx_to(struct fx *x, enum where w)
{
	memset(x, 0, sizeof(*x));
	pattern(x->page, sizeof(x->page), 9);
	pattern(x->plain, sizeof(x->plain), 0x70);
	fw_open(&x->fw, &x->rng, true);
	x->h = start(&x->fw, SEV_POLICY_ES);
	if (w >= W_LSECRET)
		measure(&x->fw, x->h, x->meas);
	if (w >= W_RUNNING)
		ck_status(sev_fw_launch_finish(&x->fw, x->h), SEV_SUCCESS);
	if (w == W_GONE)
		ck_status(sev_fw_decommission(&x->fw, x->h), SEV_SUCCESS);
}

static enum sev_status fx_run(struct fx *x, enum cmd c)
{
	enum sev_guest_state state;
	uint32_t len = SEV_MEASURE_LEN, policy;

	switch (c) {
	case C_UPDATE_DATA:
		return sev_fw_launch_update_data(&x->fw, x->h, 0x1000, x->page, 64);
	case C_UPDATE_VMSA:
		return sev_fw_launch_update_vmsa(&x->fw, x->h, 0x2000, x->page, SEV_VMSA_SIZE);
	case C_MEASURE:
		return sev_fw_launch_measure(&x->fw, x->h, x->buf, &len);
	case C_SECRET:
		return sev_fw_launch_secret(&x->fw, x->h, x->hdr, sizeof(x->hdr), x->trans,
					    sizeof(x->trans), 0x3000, x->guest, sizeof(x->guest));
	case C_FINISH:
		return sev_fw_launch_finish(&x->fw, x->h);
	case C_STATUS:
		return sev_fw_guest_status(&x->fw, x->h, &policy, &state);
	case C_DBG_DECRYPT:
		return sev_fw_dbg_decrypt(&x->fw, x->h, 0x4000, x->page, x->buf, 32);
	case C_DBG_ENCRYPT:
		return sev_fw_dbg_encrypt(&x->fw, x->h, 0x4000, x->page, x->buf, 32);
	case C_DECOMMISSION:
		return sev_fw_decommission(&x->fw, x->h);
	case C_NR:
		break;
	}
	ck_abort_msg("no command %d", (int)c);
	return SEV_INVALID_COMMAND;
}

/* The guest state a successful command leaves. */
static enum sev_guest_state next_state(enum cmd c, enum sev_guest_state s)
{
	if (c == C_MEASURE)
		return SEV_GSTATE_LSECRET;
	if (c == C_FINISH)
		return SEV_GSTATE_RUNNING;
	return s;
}

/* One cell per loop iteration: _i = command * W_NR + state. */
START_TEST(fw_cmd_state_table)
{
	enum cmd c = (enum cmd)(_i / W_NR);
	enum where w = (enum where)(_i % W_NR);
	enum sev_status want = cmd_table[c][w], got;
	enum sev_guest_state before = SEV_GSTATE_UNINIT;
	struct fx *x = calloc(1, sizeof(*x));
	uint8_t tek[16], tik[16];
	char g[48], wn[48];

	ck_assert_ptr_nonnull(x);
	fx_to(x, w);
	if (w != W_GONE)
		before = gstate(&x->fw, x->h);
	if (c == C_SECRET && want == SEV_SUCCESS) {
		ck_assert_int_eq(sev_fw_guest_keys(&x->fw, x->h, tek, tik), 0);
		make_secret(tek, tik, 0x31, x->meas, x->plain, sizeof(x->plain), 0, x->hdr,
			    x->trans);
	}
	got = fx_run(x, c);
	ck_assert_msg(got == want, "%s in %s: %s, expected %s", cmd_names[c], where_names[w],
		      sev_status_str(got, g, sizeof(g)), sev_status_str(want, wn, sizeof(wn)));
	if (c == C_DECOMMISSION && want == SEV_SUCCESS) {
		ck_status(sev_fw_guest_status(&x->fw, x->h, NULL, NULL), SEV_INVALID_GUEST);
		ck_assert_int_eq(x->fw.state, SEV_PSTATE_INIT);
	} else if (w != W_GONE) {
		/* A refused command leaves the state alone. */
		ck_assert_int_eq(gstate(&x->fw, x->h),
				 want == SEV_SUCCESS ? next_state(c, before) : before);
	}
	if (c == C_SECRET && want == SEV_SUCCESS)
		ck_assert_mem_eq(x->guest, x->plain, sizeof(x->plain));
	sev_fw_destroy(&x->fw);
	free(x);
}
END_TEST

START_TEST(fw_unknown_handles)
{
	struct rng rng = { 0 };
	uint8_t buf[32];
	struct sev_fw fw;
	uint32_t h, other;

	fw_open(&fw, &rng, false);
	ck_status(sev_fw_guest_status(&fw, 1, NULL, NULL), SEV_INVALID_GUEST);
	h = start(&fw, 0);
	ck_status(sev_fw_guest_status(&fw, 0, NULL, NULL), SEV_INVALID_GUEST);
	ck_status(sev_fw_guest_status(&fw, h + 1, NULL, NULL), SEV_INVALID_GUEST);
	ck_status(sev_fw_launch_update_data(&fw, 0, 0, buf, 16), SEV_INVALID_GUEST);
	ck_status(sev_fw_launch_finish(&fw, 0xffffffffu), SEV_INVALID_GUEST);
	ck_status(sev_fw_decommission(&fw, h + 7), SEV_INVALID_GUEST);
	ck_assert_int_eq(sev_fw_running_digest(&fw, h + 1, buf), -ENOENT);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, 0, buf, buf), -ENOENT);
	/* A non-zero handle in LAUNCH_START names a guest to share with. */
	other = 77;
	ck_status(sev_fw_launch_start(&fw, &other, 0, NULL, 0, NULL, 0), SEV_INVALID_GUEST);
	ck_assert_uint_eq(other, 77);
	ck_assert_uint_eq(guest_count(&fw), 1);
	ck_status(sev_fw_launch_start(&fw, NULL, 0, NULL, 0, NULL, 0), SEV_INVALID_PARAM);
	sev_fw_destroy(&fw);
}
END_TEST

/* Distinct handles, SEV_FW_MAX_GUESTS contexts, no reuse of a freed one. */
START_TEST(fw_handles_and_limit)
{
	uint32_t h[SEV_FW_MAX_GUESTS], extra = 0;
	struct rng rng = { 0 };
	struct sev_fw fw;
	unsigned int i, j;

	fw_open(&fw, &rng, false);
	for (i = 0; i < SEV_FW_MAX_GUESTS; i++) {
		h[i] = start(&fw, 0);
		for (j = 0; j < i; j++)
			ck_assert_uint_ne(h[i], h[j]);
	}
	ck_status(sev_fw_launch_start(&fw, &extra, 0, NULL, 0, NULL, 0), SEV_RESOURCE_LIMIT);
	ck_assert_uint_eq(extra, 0);
	ck_status(sev_fw_decommission(&fw, h[3]), SEV_SUCCESS);
	extra = start(&fw, 0);
	for (i = 0; i < SEV_FW_MAX_GUESTS; i++)
		ck_assert_uint_ne(extra, h[i]);
	ck_status(sev_fw_guest_status(&fw, h[3], NULL, NULL), SEV_INVALID_GUEST);
	ck_assert_uint_eq(guest_count(&fw), SEV_FW_MAX_GUESTS);
	sev_fw_destroy(&fw);	/* frees all eight: ASan checks */
}
END_TEST

/* ---- Policy ----------------------------------------------------------- */

START_TEST(fw_policy_checks)
{
	static const struct {
		uint32_t policy;
		bool es_platform;
		enum sev_status want;
	} cases[] = {
		{ SEV_POLICY_ES, false, SEV_POLICY_FAILURE },
		{ SEV_POLICY_ES, true, SEV_SUCCESS },
		{ 0x37, true, SEV_SUCCESS },			/* sev-tool's "normal" policy */
		{ 0x37, false, SEV_POLICY_FAILURE },
		{ 1u << 16 | 55u << 24, false, SEV_SUCCESS },	/* needs 1.55: have it */
		{ 1u << 16 | 56u << 24, false, SEV_POLICY_FAILURE },
		{ 2u << 16, false, SEV_POLICY_FAILURE },
		{ 255u << 24, false, SEV_SUCCESS },		/* 0.255 < 1.55 */
		{ 1u << 6, false, SEV_INVALID_PARAM },		/* reserved bits 15:6 */
		{ 1u << 15, false, SEV_INVALID_PARAM },
		{ SEV_POLICY_NODBG | SEV_POLICY_NOKS | SEV_POLICY_NOSEND, false, SEV_SUCCESS },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rng rng = { 0 };
		struct sev_fw fw;
		uint32_t h = 0, policy = 0;
		enum sev_guest_state s;
		enum sev_status got;
		char g[48];

		fw_open(&fw, &rng, cases[i].es_platform);
		got = sev_fw_launch_start(&fw, &h, cases[i].policy, NULL, 0, NULL, 0);
		ck_assert_msg(got == cases[i].want, "policy %#x (ES platform %d): %s",
			      cases[i].policy, cases[i].es_platform,
			      sev_status_str(got, g, sizeof(g)));
		if (got == SEV_SUCCESS) {
			ck_status(sev_fw_guest_status(&fw, h, &policy, &s), SEV_SUCCESS);
			ck_assert_uint_eq(policy, cases[i].policy);
			ck_assert_int_eq(s, SEV_GSTATE_LUPDATE);
		} else {
			ck_assert_uint_eq(h, 0);
			ck_assert_uint_eq(guest_count(&fw), 0);
			ck_assert_int_eq(fw.state, SEV_PSTATE_INIT);
		}
		sev_fw_destroy(&fw);
	}
}
END_TEST

START_TEST(fw_key_sharing)
{
	uint8_t tek_a[16], tik_a[16], tek[16], tik[16], pdh[SEV_CERT_SIZE];
	uint8_t godh[SEV_CERT_SIZE], session[SEV_SESSION_LEN], stek[16], stik[16];
	uint32_t a, b, d, h;
	struct rng rng = { 0 };
	struct sev_fw fw;

	fw_open(&fw, &rng, false);
	a = start(&fw, 0);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, a, tek_a, tik_a), 0);
	b = a;
	ck_status(sev_fw_launch_start(&fw, &b, SEV_POLICY_NODBG, NULL, 0, NULL, 0), SEV_SUCCESS);
	ck_assert_uint_ne(b, a);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, b, tek, tik), 0);
	ck_assert_mem_eq(tek, tek_a, 16);
	ck_assert_mem_eq(tik, tik_a, 16);
	ck_assert_int_eq(gstate(&fw, b), SEV_GSTATE_LUPDATE);
	/* NOKS in the new policy or in the existing guest's refuses sharing. */
	h = a;
	ck_status(sev_fw_launch_start(&fw, &h, SEV_POLICY_NOKS, NULL, 0, NULL, 0),
		  SEV_POLICY_FAILURE);
	ck_assert_uint_eq(h, a);
	d = start(&fw, SEV_POLICY_NOKS);
	h = d;
	ck_status(sev_fw_launch_start(&fw, &h, 0, NULL, 0, NULL, 0), SEV_POLICY_FAILURE);
	ck_assert_uint_eq(guest_count(&fw), 3);
	/* With the owner's session, the session's keys are the guest's. */
	pattern(stek, 16, 0xd0);
	pattern(stik, 16, 0xe0);
	pdh_cert(&fw, pdh);
	make_session(pdh, stek, stik, 0x10, 0, godh, session);
	h = a;
	ck_status(sev_fw_launch_start(&fw, &h, 0, godh, sizeof(godh), session, sizeof(session)),
		  SEV_SUCCESS);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, h, tek, tik), 0);
	ck_assert_mem_eq(tek, stek, 16);
	ck_assert_mem_eq(tik, stik, 16);
	/* The shared keys are copies: B keeps them when A goes. */
	ck_status(sev_fw_decommission(&fw, a), SEV_SUCCESS);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, b, tek, tik), 0);
	ck_assert_mem_eq(tek, tek_a, 16);
	sev_fw_destroy(&fw);
}
END_TEST

/* ---- LAUNCH_UPDATE_DATA / VMSA ---------------------------------------- */

START_TEST(fw_update_rules)
{
	uint8_t data[64], page[SEV_VMSA_SIZE], d1[32], d2[32];
	struct rng rng = { 0 };
	struct sev_fw fw;
	uint32_t h, plain;

	pattern(data, sizeof(data), 1);
	pattern(page, sizeof(page), 2);
	fw_open(&fw, &rng, true);
	h = start(&fw, SEV_POLICY_ES);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1001, data, 32), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1008, data, 32), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1000, NULL, 32), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1000, data, 0), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1000, data, 8), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1000, data, 33), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x1010, data, 32), SEV_SUCCESS);
	ck_status(sev_fw_launch_update_vmsa(&fw, h, 0x2010, page, SEV_VMSA_SIZE),
		  SEV_INVALID_ADDRESS);
	ck_status(sev_fw_launch_update_vmsa(&fw, h, 0x2800, page, SEV_VMSA_SIZE),
		  SEV_INVALID_ADDRESS);
	ck_status(sev_fw_launch_update_vmsa(&fw, h, 0x2000, page, 4080), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_update_vmsa(&fw, h, 0x2000, page, 8192), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_update_vmsa(&fw, h, 0x2000, page, SEV_VMSA_SIZE), SEV_SUCCESS);
	/* Only the accepted regions were hashed, in order. */
	ck_assert_uint_eq(fw.guests[0].bytes_measured, 32 + SEV_VMSA_SIZE);
	ck_assert_int_eq(sev_fw_running_digest(&fw, h, d1), 0);
	oracle(1, (uint8_t *[]){ d2 }, (size_t[]){ 32 }, "sha256 %s%s", hx(data, 32),
	       hx(page, SEV_VMSA_SIZE));
	ck_assert_mem_eq(d1, d2, 32);
	/* Peeking did not disturb the running hash. */
	ck_assert_int_eq(sev_fw_running_digest(&fw, h, d2), 0);
	ck_assert_mem_eq(d1, d2, 32);
	/* A VMSA needs an SEV-ES policy, even with perfect arguments. */
	plain = start(&fw, 0);
	ck_status(sev_fw_launch_update_vmsa(&fw, plain, 0x2000, page, SEV_VMSA_SIZE),
		  SEV_POLICY_FAILURE);
	ck_status(sev_fw_launch_update_data(&fw, plain, 0x2000, page, SEV_VMSA_SIZE),
		  SEV_SUCCESS);
	sev_fw_destroy(&fw);
}
END_TEST

/* ---- LAUNCH_MEASURE --------------------------------------------------- */

START_TEST(fw_measure_probe)
{
	uint8_t out[64], mnonce[16];
	struct rng rng = { 0 };
	struct sev_fw fw;
	uint32_t h, len;
	unsigned int i;

	fw_open(&fw, &rng, false);
	h = start(&fw, 0);		/* TEK, TIK: rand bytes 0x00..0x1f */
	len = 0;
	ck_status(sev_fw_launch_measure(&fw, h, NULL, &len), SEV_INVALID_LENGTH);
	ck_assert_uint_eq(len, SEV_MEASURE_LEN);
	ck_assert_int_eq(gstate(&fw, h), SEV_GSTATE_LUPDATE);
	memset(out, 0xcc, sizeof(out));
	len = 47;
	ck_status(sev_fw_launch_measure(&fw, h, out, &len), SEV_INVALID_LENGTH);
	ck_assert_uint_eq(len, SEV_MEASURE_LEN);
	for (i = 0; i < sizeof(out); i++)
		ck_assert_uint_eq(out[i], 0xcc);
	ck_assert_int_eq(gstate(&fw, h), SEV_GSTATE_LUPDATE);
	ck_status(sev_fw_launch_measure(&fw, h, out, NULL), SEV_INVALID_PARAM);
	len = sizeof(out);
	ck_status(sev_fw_launch_measure(&fw, h, NULL, &len), SEV_INVALID_ADDRESS);
	/* A larger buffer is fine; exactly 48 bytes come back. */
	ck_status(sev_fw_launch_measure(&fw, h, out, &len), SEV_SUCCESS);
	ck_assert_uint_eq(len, SEV_MEASURE_LEN);
	ck_assert_uint_eq(out[48], 0xcc);
	/* The probes took no randomness: MNONCE is rand bytes 0x20..0x2f. */
	for (i = 0; i < 16; i++)
		mnonce[i] = (uint8_t)(0x20 + i);
	ck_assert_mem_eq(out + 32, mnonce, 16);
	ck_assert_int_eq(gstate(&fw, h), SEV_GSTATE_LSECRET);
	len = SEV_MEASURE_LEN;
	ck_status(sev_fw_launch_measure(&fw, h, out, &len), SEV_INVALID_GUEST_STATE);
	sev_fw_destroy(&fw);
}
END_TEST

/* The measurement of a sequence of updates, against the oracle; loop: 0 SEV, 1 SEV-ES. */
START_TEST(fw_measurement_matches_oracle)
{
	const bool es = _i == 1;
	const uint32_t policy = (es ? SEV_POLICY_ES : 0) | SEV_POLICY_NODBG | 1u << 16 | 2u << 24;
	uint8_t a[48], b[1040], vmsa[SEV_VMSA_SIZE], out[SEV_MEASURE_LEN], ld[32];
	uint8_t want_ld[32], want[32], tek[16], tik[16], expect[16];
	struct rng rng = { 0 };
	struct sev_fw fw;
	unsigned int i;
	uint32_t h;

	pattern(a, sizeof(a), 0x11);
	pattern(b, sizeof(b), 0x22);
	pattern(vmsa, sizeof(vmsa), 0x33);
	fw_open(&fw, &rng, true);
	h = start(&fw, policy);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, h, tek, tik), 0);
	/* The keys come from cfg.rand: TEK first, then TIK. */
	for (i = 0; i < 16; i++)
		expect[i] = (uint8_t)i;
	ck_assert_mem_eq(tek, expect, 16);
	for (i = 0; i < 16; i++)
		expect[i] = (uint8_t)(16 + i);
	ck_assert_mem_eq(tik, expect, 16);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x100000, a, sizeof(a)), SEV_SUCCESS);
	ck_status(sev_fw_launch_update_data(&fw, h, 0x7f0, b, sizeof(b)), SEV_SUCCESS);
	if (es)
		ck_status(sev_fw_launch_update_vmsa(&fw, h, 0xfee000000000ull, vmsa, sizeof(vmsa)),
			  SEV_SUCCESS);
	measure(&fw, h, out);
	ck_assert_int_eq(sev_fw_running_digest(&fw, h, ld), 0);
	if (es)
		oracle(2, (uint8_t *[]){ want_ld, want }, (size_t[]){ 32, 32 },
		       "measure %s 1 55 21 %#x %s %s %s %s", hx(tik, 16), policy, hx(out + 32, 16),
		       hx(a, sizeof(a)), hx(b, sizeof(b)), hx(vmsa, sizeof(vmsa)));
	else
		oracle(2, (uint8_t *[]){ want_ld, want }, (size_t[]){ 32, 32 },
		       "measure %s 1 55 21 %#x %s %s %s", hx(tik, 16), policy, hx(out + 32, 16),
		       hx(a, sizeof(a)), hx(b, sizeof(b)));
	ck_assert_mem_eq(ld, want_ld, 32);
	ck_assert_mem_eq(out, want, 32);
	sev_fw_destroy(&fw);
}
END_TEST

/* ---- LAUNCH_START with a session -------------------------------------- */

START_TEST(fw_session_round_trip)
{
	const uint32_t policy = SEV_POLICY_NODBG | SEV_POLICY_ES | 1u << 16;
	uint8_t pdh[SEV_CERT_SIZE], godh[SEV_CERT_SIZE], session[SEV_SESSION_LEN];
	uint8_t tek[16], tik[16], got_tek[16], got_tik[16];
	struct rng rng = { .next = 0x80 };
	struct sev_fw fw;
	uint32_t h = 0;

	fw_open(&fw, &rng, true);
	pdh_cert(&fw, pdh);
	pattern(tek, 16, 0x01);
	pattern(tik, 16, 0x02);
	make_session(pdh, tek, tik, 0x50, policy, godh, session);
	ck_status(sev_fw_launch_start(&fw, &h, policy, godh, sizeof(godh), session,
				      sizeof(session)), SEV_SUCCESS);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, h, got_tek, got_tik), 0);
	ck_assert_mem_eq(got_tek, tek, 16);
	ck_assert_mem_eq(got_tik, tik, 16);
	ck_assert_uint_eq(rng.next, 0x80);	/* no random keys were drawn */
	sev_fw_destroy(&fw);
}
END_TEST

/* Each damaged session or certificate is refused, and no guest is created. */
START_TEST(fw_session_refusals)
{
	const uint32_t policy = SEV_POLICY_NOKS;
	static const struct {
		const char *what;
		unsigned int off;	/* byte flipped in the session, or the certificate */
		bool in_cert;
		enum sev_status want;
	} flips[] = {
		{ "NONCE", 0x00, false, SEV_BAD_MEASUREMENT },
		{ "WRAP_TK", 0x1f, false, SEV_BAD_MEASUREMENT },
		/* WRAP_IV is not under WRAP_MAC: the unwrapped TIK fails POLICY_MAC. */
		{ "WRAP_IV", 0x30, false, SEV_BAD_MEASUREMENT },
		{ "WRAP_MAC", 0x4f, false, SEV_BAD_MEASUREMENT },
		{ "POLICY_MAC", 0x60, false, SEV_BAD_MEASUREMENT },
		{ "GODH version", SEV_CERT_OFF_VERSION, true, SEV_INVALID_CERTIFICATE },
		{ "GODH curve", SEV_CERT_OFF_CURVE, true, SEV_INVALID_CERTIFICATE },
		{ "GODH qy", SEV_CERT_OFF_QY, true, SEV_INVALID_CERTIFICATE },
		{ "GODH algo", SEV_CERT_OFF_ALGO + 2, true, SEV_INVALID_CERTIFICATE },
	};
	uint8_t pdh[SEV_CERT_SIZE], godh[SEV_CERT_SIZE], session[SEV_SESSION_LEN];
	uint8_t bad_godh[SEV_CERT_SIZE], bad[SEV_SESSION_LEN], tek[16], tik[16];
	struct rng rng = { 0 };
	struct sev_fw fw, other;
	enum sev_status got;
	unsigned int i;
	uint32_t h = 0;
	char g[48];

	fw_open(&fw, &rng, false);
	pdh_cert(&fw, pdh);
	pattern(tek, 16, 0x0a);
	pattern(tik, 16, 0x0b);
	make_session(pdh, tek, tik, 0x60, policy, godh, session);
	for (i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		memcpy(bad_godh, godh, sizeof(godh));
		memcpy(bad, session, sizeof(session));
		if (flips[i].in_cert)
			bad_godh[flips[i].off] ^= 1;
		else
			bad[flips[i].off] ^= 1;
		got = sev_fw_launch_start(&fw, &h, policy, bad_godh, sizeof(bad_godh), bad,
					  sizeof(bad));
		ck_assert_msg(got == flips[i].want, "%s flipped: %s", flips[i].what,
			      sev_status_str(got, g, sizeof(g)));
	}
	/* The POLICY_MAC binds the policy of the command. */
	ck_status(sev_fw_launch_start(&fw, &h, policy | SEV_POLICY_NODBG, godh, sizeof(godh),
				      session, sizeof(session)), SEV_BAD_MEASUREMENT);
	/* Lengths, and a GODH without a session or the reverse. */
	ck_status(sev_fw_launch_start(&fw, &h, policy, godh, SEV_CERT_SIZE - 1, session,
				      sizeof(session)), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_start(&fw, &h, policy, godh, sizeof(godh), session,
				      SEV_SESSION_LEN - 1), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_start(&fw, &h, policy, godh, sizeof(godh), session,
				      SEV_SESSION_LEN + 1), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_start(&fw, &h, policy, godh, sizeof(godh), NULL, 0),
		  SEV_INVALID_PARAM);
	ck_status(sev_fw_launch_start(&fw, &h, policy, NULL, 0, session, sizeof(session)),
		  SEV_INVALID_PARAM);
	/* A session wrapped for another platform's PDH does not open here. */
	fw_open_seed(&other, &rng, false, 0x99);
	ck_status(sev_fw_launch_start(&other, &h, policy, godh, sizeof(godh), session,
				      sizeof(session)), SEV_BAD_MEASUREMENT);
	sev_fw_destroy(&other);
	ck_assert_uint_eq(h, 0);
	ck_assert_uint_eq(guest_count(&fw), 0);
	ck_assert_int_eq(fw.state, SEV_PSTATE_INIT);
	/* The undamaged session still works. */
	ck_status(sev_fw_launch_start(&fw, &h, policy, godh, sizeof(godh), session,
				      sizeof(session)), SEV_SUCCESS);
	sev_fw_destroy(&fw);
}
END_TEST

/* ---- LAUNCH_SECRET ---------------------------------------------------- */

struct secret_fx {
	struct sev_fw fw;
	struct rng rng;
	uint32_t h;
	uint8_t tek[16], tik[16], meas[SEV_MEASURE_LEN];
	uint8_t plain[48], hdr[SEV_SECRET_HDR_LEN], trans[48], guest[64];
};

/* A guest launched with the oracle's session, one update, measured. */
static void secret_setup(struct secret_fx *x)
{
	const uint32_t policy = SEV_POLICY_NODBG;
	uint8_t pdh[SEV_CERT_SIZE], godh[SEV_CERT_SIZE], session[SEV_SESSION_LEN], data[32];

	memset(x, 0, sizeof(*x));
	fw_open(&x->fw, &x->rng, false);
	pdh_cert(&x->fw, pdh);
	pattern(x->tek, 16, 0x3c);
	pattern(x->tik, 16, 0x4d);
	pattern(x->plain, sizeof(x->plain), 0x5e);
	pattern(data, sizeof(data), 0x6f);
	make_session(pdh, x->tek, x->tik, 0x70, policy, godh, session);
	ck_status(sev_fw_launch_start(&x->fw, &x->h, policy, godh, sizeof(godh), session,
				      sizeof(session)), SEV_SUCCESS);
	ck_status(sev_fw_launch_update_data(&x->fw, x->h, 0x800000, data, sizeof(data)),
		  SEV_SUCCESS);
	measure(&x->fw, x->h, x->meas);
	make_secret(x->tek, x->tik, 0x81, x->meas, x->plain, sizeof(x->plain), 0, x->hdr,
		    x->trans);
}

static enum sev_status inject(struct secret_fx *x, const uint8_t *hdr, const uint8_t *trans)
{
	memset(x->guest, 0xee, sizeof(x->guest));
	return sev_fw_launch_secret(&x->fw, x->h, hdr, SEV_SECRET_HDR_LEN, trans,
				    sizeof(x->plain), 0x900000, x->guest, sizeof(x->plain));
}

static void guest_untouched(const struct secret_fx *x)
{
	size_t i;

	for (i = 0; i < sizeof(x->guest); i++)
		ck_assert_uint_eq(x->guest[i], 0xee);
}

START_TEST(fw_secret_accepted)
{
	struct secret_fx *x = calloc(1, sizeof(*x));
	uint8_t plain2[32], guest2[32];

	ck_assert_ptr_nonnull(x);
	secret_setup(x);
	ck_status(inject(x, x->hdr, x->trans), SEV_SUCCESS);
	ck_assert_mem_eq(x->guest, x->plain, sizeof(x->plain));
	ck_assert_uint_eq(x->guest[sizeof(x->plain)], 0xee);	/* nothing past guest_len */
	/* A second secret, another IV and length, in the same LSECRET window. */
	pattern(plain2, sizeof(plain2), 0x99);
	make_secret(x->tek, x->tik, 0x82, x->meas, plain2, sizeof(plain2), 0, x->hdr, x->trans);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, sizeof(x->hdr), x->trans,
				       sizeof(plain2), 0x900040, guest2, sizeof(guest2)),
		  SEV_SUCCESS);
	ck_assert_mem_eq(guest2, plain2, sizeof(plain2));
	ck_status(sev_fw_launch_finish(&x->fw, x->h), SEV_SUCCESS);
	ck_status(inject(x, x->hdr, x->trans), SEV_INVALID_GUEST_STATE);
	sev_fw_destroy(&x->fw);
	free(x);
}
END_TEST

START_TEST(fw_secret_refusals)
{
	struct secret_fx *x = calloc(1, sizeof(*x));
	uint8_t hdr[SEV_SECRET_HDR_LEN], trans[48], key[16], zero[32] = { 0 };
	unsigned int i;

	ck_assert_ptr_nonnull(x);
	secret_setup(x);
	/* A flipped bit anywhere under the MAC. */
	for (i = 0; i < SEV_SECRET_HDR_LEN; i++) {
		if (i < 4)
			continue;	/* FLAGS: a separate check, below */
		memcpy(hdr, x->hdr, sizeof(hdr));
		hdr[i] ^= 0x10;
		ck_assert_msg(inject(x, hdr, x->trans) == SEV_BAD_MEASUREMENT, "header byte %u", i);
		guest_untouched(x);
	}
	memcpy(trans, x->trans, sizeof(trans));
	trans[47] ^= 1;
	ck_status(inject(x, x->hdr, trans), SEV_BAD_MEASUREMENT);
	guest_untouched(x);
	/* Packaged with the wrong TIK, or over another MEASURE. */
	memcpy(key, x->tik, 16);
	key[0] ^= 1;
	make_secret(x->tek, key, 0x81, x->meas, x->plain, sizeof(x->plain), 0, hdr, trans);
	ck_status(inject(x, hdr, trans), SEV_BAD_MEASUREMENT);
	guest_untouched(x);
	make_secret(x->tek, x->tik, 0x81, zero, x->plain, sizeof(x->plain), 0, hdr, trans);
	ck_status(inject(x, hdr, trans), SEV_BAD_MEASUREMENT);
	/* COMPRESSED (FLAGS bit 0) with a valid MAC: unsupported. */
	make_secret(x->tek, x->tik, 0x81, x->meas, x->plain, sizeof(x->plain), 1, hdr, trans);
	ck_status(inject(x, hdr, trans), SEV_INVALID_PARAM);
	guest_untouched(x);
	/* Lengths and alignment. */
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, 51, x->trans, 48, 0x900000,
				       x->guest, 48), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, 53, x->trans, 48, 0x900000,
				       x->guest, 48), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, 52, x->trans, 48, 0x900000,
				       x->guest, 64), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, 52, x->trans, 40, 0x900000,
				       x->guest, 40), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, 52, x->trans, 0, 0x900000,
				       x->guest, 0), SEV_INVALID_LENGTH);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, x->hdr, 52, x->trans, 48, 0x900008,
				       x->guest, 48), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_launch_secret(&x->fw, x->h, NULL, 52, x->trans, 48, 0x900000,
				       x->guest, 48), SEV_INVALID_ADDRESS);
	/* Nothing was consumed: the genuine secret still goes in. */
	ck_status(inject(x, x->hdr, x->trans), SEV_SUCCESS);
	ck_assert_mem_eq(x->guest, x->plain, sizeof(x->plain));
	sev_fw_destroy(&x->fw);
	free(x);
}
END_TEST

/* ---- DBG_DECRYPT / DBG_ENCRYPT ---------------------------------------- */

START_TEST(fw_debug)
{
	uint8_t src[32], dst[32], out[SEV_MEASURE_LEN];
	struct rng rng = { 0 };
	struct sev_fw fw;
	uint32_t nodbg, dbg;

	pattern(src, sizeof(src), 0x42);
	fw_open(&fw, &rng, false);
	nodbg = start(&fw, SEV_POLICY_NODBG);
	dbg = start(&fw, SEV_POLICY_NOKS);
	ck_status(sev_fw_dbg_decrypt(&fw, nodbg, 0x4000, src, dst, 32), SEV_POLICY_FAILURE);
	ck_status(sev_fw_dbg_encrypt(&fw, nodbg, 0x4000, src, dst, 32), SEV_POLICY_FAILURE);
	memset(dst, 0, sizeof(dst));
	ck_status(sev_fw_dbg_decrypt(&fw, dbg, 0x4000, src, dst, 32), SEV_SUCCESS);
	ck_assert_mem_eq(dst, src, 32);
	memset(dst, 0, sizeof(dst));
	ck_status(sev_fw_dbg_encrypt(&fw, dbg, 0x4010, src, dst, 16), SEV_SUCCESS);
	ck_assert_mem_eq(dst, src, 16);
	ck_assert_uint_eq(dst[16], 0);
	ck_status(sev_fw_dbg_decrypt(&fw, dbg, 0x4008, src, dst, 32), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_dbg_encrypt(&fw, dbg, 0x4001, src, dst, 32), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_dbg_decrypt(&fw, dbg, 0x4000, src, NULL, 32), SEV_INVALID_ADDRESS);
	ck_status(sev_fw_dbg_decrypt(&fw, dbg, 0x4000, src, dst, 8), SEV_INVALID_LENGTH);
	ck_status(sev_fw_dbg_encrypt(&fw, dbg, 0x4000, src, dst, 0), SEV_INVALID_LENGTH);
	/* NODBG holds after the launch too. */
	measure(&fw, nodbg, out);
	ck_status(sev_fw_launch_finish(&fw, nodbg), SEV_SUCCESS);
	ck_status(sev_fw_dbg_decrypt(&fw, nodbg, 0x4000, src, dst, 16), SEV_POLICY_FAILURE);
	sev_fw_destroy(&fw);
}
END_TEST

/* ---- Randomness ------------------------------------------------------- */

START_TEST(fw_rand_failure)
{
	uint8_t out[SEV_MEASURE_LEN];
	struct rng rng = { 0 };
	struct sev_fw fw;
	uint32_t h = 0, len = SEV_MEASURE_LEN;

	fw_open(&fw, &rng, false);
	rng.fail = true;
	ck_status(sev_fw_launch_start(&fw, &h, 0, NULL, 0, NULL, 0), SEV_HWERROR_PLATFORM);
	ck_assert_uint_eq(h, 0);
	ck_assert_uint_eq(guest_count(&fw), 0);
	ck_assert_int_eq(fw.state, SEV_PSTATE_INIT);
	rng.fail = false;
	h = start(&fw, 0);
	rng.fail = true;
	ck_status(sev_fw_launch_measure(&fw, h, out, &len), SEV_HWERROR_PLATFORM);
	ck_assert_int_eq(gstate(&fw, h), SEV_GSTATE_LUPDATE);
	rng.fail = false;
	measure(&fw, h, out);
	sev_fw_destroy(&fw);
}
END_TEST

/* Without cfg.rand the keys come from RAND_bytes: two guests differ. */
START_TEST(fw_system_rand)
{
	uint8_t tek1[16], tik1[16], tek2[16], tik2[16];
	struct sev_fw fw;
	uint32_t a, b;

	fw_open(&fw, NULL, false);
	a = start(&fw, 0);
	b = start(&fw, 0);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, a, tek1, tik1), 0);
	ck_assert_int_eq(sev_fw_guest_keys(&fw, b, tek2, tik2), 0);
	ck_assert_mem_ne(tek1, tek2, 16);
	ck_assert_mem_ne(tik1, tik2, 16);
	ck_assert_mem_ne(tek1, tik1, 16);
	sev_fw_destroy(&fw);
}
END_TEST

/* The PDH is a function of the seed; its certificate parses back. */
START_TEST(fw_pdh_deterministic)
{
	uint8_t c1[SEV_CERT_SIZE], c2[SEV_CERT_SIZE], c3[SEV_CERT_SIZE], c4[SEV_CERT_SIZE];
	struct sev_fw f1, f2, f3;
	struct err e = { 0 };
	EVP_PKEY *k = NULL;

	fw_open_seed(&f1, NULL, false, 1);
	fw_open_seed(&f2, NULL, false, 1);
	fw_open_seed(&f3, NULL, false, 2);
	pdh_cert(&f1, c1);
	pdh_cert(&f2, c2);
	pdh_cert(&f3, c3);
	ck_assert_mem_eq(c1, c2, SEV_CERT_SIZE);
	ck_assert_mem_ne(c1 + SEV_CERT_OFF_QX, c3 + SEV_CERT_OFF_QX, 48);
	ck_assert_int_eq(sev_cert_pubkey(c1, sizeof(c1), &k, &e), 0);
	ck_assert_int_eq(sev_cert_from_pubkey(k, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 1, 55, c4,
					      &e), 0);
	ck_assert_mem_eq(c1, c4, SEV_CERT_SIZE);
	EVP_PKEY_free(k);
	sev_fw_destroy(&f1);
	sev_fw_destroy(&f2);
	sev_fw_destroy(&f3);
}
END_TEST

Suite *sev_fw_suite(void)
{
	Suite *s = suite_create("sev_fw");
	TCase *tc = tcase_create("fw");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fw_platform_states);
	tcase_add_test(tc, fw_guest_cmds_need_platform);
	tcase_add_loop_test(tc, fw_cmd_state_table, 0, C_NR * W_NR);
	tcase_add_test(tc, fw_unknown_handles);
	tcase_add_test(tc, fw_handles_and_limit);
	tcase_add_test(tc, fw_policy_checks);
	tcase_add_test(tc, fw_key_sharing);
	tcase_add_test(tc, fw_update_rules);
	tcase_add_test(tc, fw_measure_probe);
	tcase_add_loop_test(tc, fw_measurement_matches_oracle, 0, 2);
	tcase_add_test(tc, fw_session_round_trip);
	tcase_add_test(tc, fw_session_refusals);
	tcase_add_test(tc, fw_secret_accepted);
	tcase_add_test(tc, fw_secret_refusals);
	tcase_add_test(tc, fw_debug);
	tcase_add_test(tc, fw_rand_failure);
	tcase_add_test(tc, fw_system_rand);
	tcase_add_test(tc, fw_pdh_deterministic);
	suite_add_tcase(s, tc);
	return s;
}

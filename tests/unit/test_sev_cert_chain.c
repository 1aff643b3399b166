// SPDX-License-Identifier: GPL-2.0
/*
 * sev/sev_cert_chain.c and sev/sim_chain.c: the model's chain verifies, and
 * Python (tests/sev/oracle.py chain, python3-cryptography) verifies it too;
 * one flipped byte anywhere in any certificate fails, naming it; hostile
 * and truncated certificates are refused field by field; the chain's PDH is
 * the model's LAUNCH_START key. Tests run from the repository root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/backend.h"
#include "vmm/util/le.h"
#include "sev/model/sim_chain.h"
#include "sev/model/sim_fw.h"
#include "sev/model/sim_keys.h"
#include "tests/unit/sev_oracle.h"
#include "tests/unit/unit.h"

static const char *const files[SEV_CHAIN_NR] = {
	"ark.cert", "ask.cert", "cek.cert", "oca.cert", "pek.cert", "pdh.cert",
};

struct chain_fx {
	struct sev_fw fw;
	struct sev_chain_certs c;
	struct sev_chain view;
	uint8_t seed[32];
};

/* The model (seed "chain test" zero-padded) and its chain. */
static struct chain_fx *fx_open(void)
{
	struct sev_fw_config cfg = { .api_major = 1, .api_minor = 55, .build = 21, .es = true };
	struct chain_fx *x = calloc(1, sizeof(*x));
	struct err e = { 0 };

	ck_assert_ptr_nonnull(x);
	memcpy(cfg.seed, "chain test", 10);
	memcpy(x->seed, cfg.seed, 32);
	ck_assert_msg(sev_fw_create(&x->fw, &cfg, &e) == 0, "%s", e.msg);
	ck_assert_msg(sev_sim_chain_build(x->seed, sev_fw_pdh(&x->fw), 1, 55, &x->c, &e) == 0,
		      "%s", e.msg);
	sev_chain_certs_view(&x->c, &x->view);
	return x;
}

static void fx_close(struct chain_fx *x)
{
	sev_fw_destroy(&x->fw);
	free(x);
}

static uint8_t *cert_bytes(struct chain_fx *x, enum sev_chain_idx i)
{
	return i < SEV_CHAIN_CEK ? x->c.amd[i] : x->c.sev[i];
}

/* Writes the chain into a new directory for the Python oracle. */
static void write_dir(struct chain_fx *x, char dir[64])
{
	enum sev_chain_idx i;
	char path[128];

	strcpy(dir, "/tmp/sevvm-chain-test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < SEV_CHAIN_NR; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		f = fopen(path, "we");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(x->view.cert[i], 1, x->view.len[i], f), x->view.len[i]);
		ck_assert_int_eq(fclose(f), 0);
	}
}

static void remove_dir(const char *dir)
{
	enum sev_chain_idx i;
	char path[128];

	for (i = 0; i < SEV_CHAIN_NR; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

START_TEST(chain_model_verifies)
{
	struct chain_fx *x = fx_open();
	uint8_t id[16], py_id[16], cert[SEV_CERT_SIZE];
	struct err e = { 0 };
	char dir[64];

	ck_assert_msg(sev_chain_verify(&x->view, id, &e) == 0, "%s", e.msg);
	ck_assert_mem_eq(id, SEV_SIM_ARK_ID, 16);
	ck_assert(sev_sim_chain_is_test(id));
	ck_assert_uint_eq(x->c.amd_len[0], 1600);	/* 4096-bit, as Rome and later */
	ck_assert_uint_eq(x->c.amd_len[1], 1600);
	/* Python verifies every signature on its own. */
	write_dir(x, dir);
	oracle(1, (uint8_t *[]){ py_id }, (size_t[]){ 16 }, "chain %s", dir);
	remove_dir(dir);
	ck_assert_mem_eq(py_id, SEV_SIM_ARK_ID, 16);
	/* The chain's PDH is the one LAUNCH_START unwraps sessions with. */
	ck_assert_int_eq(sev_cert_from_pubkey(sev_fw_pdh(&x->fw), SEV_USAGE_PDH,
					      SEV_ALGO_ECDH_SHA256, 1, 55, cert, &e), 0);
	ck_assert_mem_eq(cert, x->c.sev[SEV_CHAIN_PDH], SEV_CERT_SIGNED_LEN);
	fx_close(x);
}
END_TEST

/* One flipped byte, anywhere in any certificate, fails and names it. */
START_TEST(chain_flipped_byte_names_the_certificate)
{
	struct chain_fx *x = fx_open();
	enum sev_chain_idx i;
	unsigned int tried = 0;
	struct err e = { 0 };
	uint8_t id[16];
	size_t off;

	for (i = 0; i < SEV_CHAIN_NR; i++) {
		uint8_t *b = cert_bytes(x, i);
		char want[8];

		snprintf(want, sizeof(want), "%s: ", sev_chain_names[i]);
		/* Every region: header, key, padding, signature slots (stride 61). */
		for (off = (size_t)i; off < x->view.len[i]; off += 61, tried++) {
			b[off] ^= 0x10;
			e = (struct err){ 0 };
			ck_assert_msg(sev_chain_verify(&x->view, id, &e) < 0,
				      "%s byte %#zx flipped: still valid", sev_chain_names[i], off);
			ck_assert_msg(!strncmp(e.msg, want, strlen(want)),
				      "%s byte %#zx flipped: %s", sev_chain_names[i], off, e.msg);
			b[off] ^= 0x10;
		}
	}
	ck_assert_uint_gt(tried, 150);
	ck_assert_int_eq(sev_chain_verify(&x->view, id, &e), 0);
	fx_close(x);
}
END_TEST

/* Swapped certificates: each is refused for its place. */
START_TEST(chain_wrong_places)
{
	struct chain_fx *x = fx_open();
	struct sev_chain v = x->view;
	struct err e = { 0 };
	uint8_t id[16];

	v.cert[SEV_CHAIN_PEK] = x->view.cert[SEV_CHAIN_OCA];
	ck_assert_int_eq(sev_chain_verify(&v, id, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "PEK: pub_key_usage is 0x1001, expected 0x1002"), "%s", e.msg);
	v = x->view;
	v.cert[SEV_CHAIN_ASK] = x->view.cert[SEV_CHAIN_ARK];
	ck_assert_int_eq(sev_chain_verify(&v, id, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "ASK: pub_key_usage is 0, expected 0x13"), "%s", e.msg);
	fx_close(x);
}
END_TEST

/* A hostile field: u32 @val written at @off must be refused with @msg. */
struct field_case {
	size_t off;
	uint32_t val;
	const char *msg;
};

typedef int (*parse_fn)(const uint8_t *c, size_t len, const char *name, struct err *e);

static int parse_amd(const uint8_t *c, size_t len, const char *name, struct err *e)
{
	struct amd_cert_info ai;
	int r = amd_cert_parse(c, len, name, &ai, e);

	if (!r)
		amd_cert_info_free(&ai);
	return r;
}

static int parse_sev(const uint8_t *c, size_t len, const char *name, struct err *e)
{
	struct sev_cert_info ci;
	int r = sev_cert_parse(c, len, name, &ci, e);

	if (!r)
		sev_cert_info_free(&ci);
	return r;
}

/* Each case applied to a copy of @base: -EINVAL, "NAME: " and the case's words. */
static void expect_field_errors(const uint8_t *base, size_t len, const char *name,
				const struct field_case *cases, size_t n, parse_fn parse)
{
	uint8_t *c = malloc(len);
	char prefix[16];
	struct err e;
	size_t i;

	ck_assert_ptr_nonnull(c);
	snprintf(prefix, sizeof(prefix), "%s: ", name);
	for (i = 0; i < n; i++) {
		memcpy(c, base, len);
		put_le32(c + cases[i].off, cases[i].val);
		e = (struct err){ 0 };
		ck_assert_int_eq(parse(c, len, name, &e), -EINVAL);
		ck_assert_msg(strstr(e.msg, cases[i].msg) && !strncmp(e.msg, prefix, strlen(prefix)),
			      "case %zu: %s", i, e.msg);
	}
	free(c);
}

/* AMD-format (ARK/ASK) certificates: each field, truncations. */
START_TEST(chain_amd_cert_fields)
{
	static const struct field_case bad[] = {
		{ 0, 2, "version (offset 0) is 2" },
		{ AMD_CERT_OFF_USAGE, 0x1002, "key_usage (offset 0x24) is 0x1002" },
		{ AMD_CERT_OFF_MOD_SIZE, 1024, "modulus_size (offset 0x3c) is 1024" },
		{ AMD_CERT_OFF_MOD_SIZE, 0xffffffff, "modulus_size (offset 0x3c)" },
		{ AMD_CERT_OFF_PUBEXP_SIZE, 0, "pubexp_size (offset 0x38) is 0" },
		{ AMD_CERT_OFF_PUBEXP_SIZE, 4100, "pubexp_size (offset 0x38) is 4100" },
		{ AMD_CERT_OFF_PUBEXP_SIZE, 2048, "1600 bytes, but its sizes" },
		{ AMD_CERT_OFF_PUBEXP, 0, "is not an RSA key" },	/* even exponent */
	};
	struct chain_fx *x = fx_open();
	struct amd_cert_info ai;
	struct err e = { 0 };

	ck_assert_int_eq(amd_cert_parse(x->c.amd[0], 1600, "ARK", &ai, &e), 0);
	ck_assert_uint_eq(ai.modulus_bits, 4096);
	ck_assert_uint_eq(ai.signed_len, 0x40 + 1024);
	amd_cert_info_free(&ai);
	expect_field_errors(x->c.amd[0], 1600, "ARK", bad, sizeof(bad) / sizeof(bad[0]),
			    parse_amd);
	ck_assert_int_eq(amd_cert_parse(x->c.amd[0], 63, "ARK", &ai, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "63 bytes, shorter than its 64-byte header"), "%s", e.msg);
	ck_assert_int_eq(amd_cert_parse(x->c.amd[0], 1599, "ARK", &ai, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "1599 bytes, but its sizes"), "%s", e.msg);
	fx_close(x);
}
END_TEST

/* SEV-format certificates: each field, truncations. */
START_TEST(chain_sev_cert_fields)
{
	static const struct field_case bad[] = {
		{ SEV_CERT_OFF_VERSION, 0, "version (offset 0) is 0" },
		{ SEV_CERT_OFF_USAGE, SEV_USAGE_INVALID, "pub_key_usage (offset 0x8) is 0x1000" },
		{ SEV_CERT_OFF_USAGE, 0x77, "pub_key_usage (offset 0x8) is 0x77" },
		{ SEV_CERT_OFF_ALGO, SEV_ALGO_RSA_SHA384, "pub_key_algo (offset 0xc) is 0x101" },
		{ SEV_CERT_OFF_CURVE, 3, "curve (offset 0x10) is 3" },
		{ SEV_CERT_OFF_QY + 60, 7, "qy (offset 0x5c)" },
		{ SEV_CERT_OFF_SIG1_USAGE, 0x55, "sig1_usage (offset 0x414) is 0x55" },
		{ SEV_CERT_OFF_SIG1_ALGO, SEV_ALGO_ECDH_SHA384, "sig1_algo (offset 0x418) is 0x103" },
		{ SEV_CERT_OFF_SIG2_ALGO, 0x999, "sig2_algo (offset 0x620) is 0x999" },
		{ SEV_CERT_OFF_SIG1 + 150, 1, "sig1 (offset 0x41c): byte 0x4b2 is not zero" },
		{ SEV_CERT_OFF_SIG2 + 4, 1, "sig2 (offset 0x624): byte 0x628 is not zero (an empty" },
	};
	struct chain_fx *x = fx_open();
	struct sev_cert_info ci;
	struct err e = { 0 };

	ck_assert_int_eq(sev_cert_parse(x->c.sev[SEV_CHAIN_PDH], SEV_CERT_SIZE, "PDH", &ci, &e), 0);
	ck_assert_uint_eq(ci.usage, SEV_USAGE_PDH);
	ck_assert_uint_eq(ci.sig_usage[0], SEV_USAGE_PEK);
	ck_assert_uint_eq(ci.sig_usage[1], SEV_USAGE_INVALID);
	ck_assert_uint_eq(ci.api_major, 1);
	ck_assert_uint_eq(ci.api_minor, 55);
	sev_cert_info_free(&ci);
	expect_field_errors(x->c.sev[SEV_CHAIN_PDH], SEV_CERT_SIZE, "PDH", bad,
			    sizeof(bad) / sizeof(bad[0]), parse_sev);
	ck_assert_int_eq(sev_cert_parse(x->c.sev[SEV_CHAIN_PDH], 2083, "PDH", &ci, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "PDH: SEV certificate: length 2083, expected 2084"), "%s",
		      e.msg);
	ck_assert_int_eq(sev_cert_parse(x->c.sev[SEV_CHAIN_PDH], 0, "PDH", &ci, &e), -EINVAL);
	fx_close(x);
}
END_TEST

/* The same seed gives the same keys (signatures carry fresh randomness). */
START_TEST(chain_deterministic)
{
	struct chain_fx *a = fx_open(), *b = fx_open();
	enum sev_chain_idx i;

	for (i = SEV_CHAIN_CEK; i < SEV_CHAIN_NR; i++)
		ck_assert_mem_eq(a->c.sev[i], b->c.sev[i], SEV_CERT_SIGNED_LEN);
	ck_assert_mem_eq(a->c.amd[0], b->c.amd[0], 0x40 + 1024);
	ck_assert_mem_eq(a->c.amd[1], b->c.amd[1], 0x40 + 1024);
	fx_close(a);
	fx_close(b);
}
END_TEST

/*
 * The other formats real chains use: Naples' 2048-bit ARK/ASK (SHA-256),
 * the CEK signed with RSA_SHA256 (0x1), the ECDSA signatures with
 * ECDSA_SHA256 (0x2), as on AMD's Naples and Rome chains. Built here from
 * the library's pieces; sevvm and Python must both accept it.
 */
START_TEST(chain_sha256_naples_layout)
{
	static const uint8_t seed[32] = "naples-style chain";
	static const uint8_t ark_id[16] = "test naples ARK", ask_id[16] = "test naples ASK";
	struct chain_fx *x = calloc(1, sizeof(*x));
	EVP_PKEY *ark, *ask, *cek, *oca, *pek, *pdh;
	struct err e = { 0 };
	uint8_t id[16], py_id[16];
	char dir[64];

	ck_assert_ptr_nonnull(x);
	ark = sev_sim_rsa_key(seed, "ark", 2048);
	ask = sev_sim_rsa_key(seed, "ask", 2048);
	cek = sev_sim_p384_key(seed, "cek");
	oca = sev_sim_p384_key(seed, "oca");
	pek = sev_sim_p384_key(seed, "pek");
	pdh = sev_sim_p384_key(seed, "pdh");
	ck_assert(ark && ask && cek && oca && pek && pdh);
	ck_assert_int_eq(amd_cert_build(ark, ark_id, ark_id, SEV_USAGE_ARK, ark, x->c.amd[0],
					&x->c.amd_len[0], &e), 0);
	ck_assert_int_eq(amd_cert_build(ask, ask_id, ark_id, SEV_USAGE_ASK, ark, x->c.amd[1],
					&x->c.amd_len[1], &e), 0);
	ck_assert_uint_eq(x->c.amd_len[0], 832);	/* Naples' size */
	ck_assert_int_eq(sev_cert_from_pubkey(cek, SEV_USAGE_CEK, SEV_ALGO_ECDSA_SHA256, 0, 0,
					      x->c.sev[SEV_CHAIN_CEK], &e), 0);
	ck_assert_int_eq(sev_cert_sign(x->c.sev[SEV_CHAIN_CEK], 0, ask, SEV_USAGE_ASK,
				       SEV_ALGO_RSA_SHA256, &e), 0);
	ck_assert_int_eq(sev_cert_from_pubkey(oca, SEV_USAGE_OCA, SEV_ALGO_ECDSA_SHA256, 0, 16,
					      x->c.sev[SEV_CHAIN_OCA], &e), 0);
	ck_assert_int_eq(sev_cert_sign(x->c.sev[SEV_CHAIN_OCA], 0, oca, SEV_USAGE_OCA,
				       SEV_ALGO_ECDSA_SHA256, &e), 0);
	ck_assert_int_eq(sev_cert_from_pubkey(pek, SEV_USAGE_PEK, SEV_ALGO_ECDSA_SHA256, 0, 16,
					      x->c.sev[SEV_CHAIN_PEK], &e), 0);
	/* CEK in slot 1 and OCA in slot 2: the slot is found by its usage. */
	ck_assert_int_eq(sev_cert_sign(x->c.sev[SEV_CHAIN_PEK], 0, cek, SEV_USAGE_CEK,
				       SEV_ALGO_ECDSA_SHA256, &e), 0);
	ck_assert_int_eq(sev_cert_sign(x->c.sev[SEV_CHAIN_PEK], 1, oca, SEV_USAGE_OCA,
				       SEV_ALGO_ECDSA_SHA256, &e), 0);
	ck_assert_int_eq(sev_cert_from_pubkey(pdh, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 0, 16,
					      x->c.sev[SEV_CHAIN_PDH], &e), 0);
	ck_assert_int_eq(sev_cert_sign(x->c.sev[SEV_CHAIN_PDH], 0, pek, SEV_USAGE_PEK,
				       SEV_ALGO_ECDSA_SHA256, &e), 0);
	sev_chain_certs_view(&x->c, &x->view);
	ck_assert_msg(sev_chain_verify(&x->view, id, &e) == 0, "%s", e.msg);
	ck_assert_mem_eq(id, ark_id, 16);
	ck_assert(!sev_sim_chain_is_test(id));
	write_dir(x, dir);
	oracle(1, (uint8_t *[]){ py_id }, (size_t[]){ 16 }, "chain %s", dir);
	remove_dir(dir);
	ck_assert_mem_eq(py_id, ark_id, 16);
	/* The ASK's signature on the CEK, flipped: named. */
	x->c.sev[SEV_CHAIN_CEK][SEV_CERT_OFF_SIG1 + 5] ^= 1;
	ck_assert_int_eq(sev_chain_verify(&x->view, id, &e), -EBADMSG);
	ck_assert_msg(strstr(e.msg, "CEK: the signature by the ASK (slot 1, algo 0x1)"), "%s",
		      e.msg);
	EVP_PKEY_free(ark);
	EVP_PKEY_free(ask);
	EVP_PKEY_free(cek);
	EVP_PKEY_free(oca);
	EVP_PKEY_free(pek);
	EVP_PKEY_free(pdh);
	free(x);
}
END_TEST

/* The model's /dev/sev side: the kernel's length queries, then the chain. */
START_TEST(chain_sim_uapi_export)
{
	struct sev_sim_config cfg = { .api_major = 1, .api_minor = 55, .build = 21 };
	struct sev_user_data_pdh_cert_export x = { 0 };
	struct sev_user_data_get_id2 g = { 0 };
	struct sev_issue_cmd cmd = { .cmd = SEV_PDH_CERT_EXPORT, .data = (uintptr_t)&x };
	const struct sev_chain_certs *model;
	struct sev_chain_certs *got = calloc(1, sizeof(*got));
	uint8_t chain[3 * SEV_CERT_SIZE], id[64], id2[64];
	struct sev_backend *be;
	struct sev_chain view;
	struct err e = { 0 };
	uint8_t ark_id[16];

	ck_assert_ptr_nonnull(got);
	memcpy(cfg.seed, "uapi test", 9);
	ck_assert_int_eq(sev_backend_sim_open(&be, &cfg, &e), 0);
	/* All zero: INVALID_LENGTH and the sizes. */
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), -EIO);
	ck_assert_uint_eq(cmd.error, SEV_INVALID_LENGTH);
	ck_assert_uint_eq(x.pdh_cert_len, SEV_CERT_SIZE);
	ck_assert_uint_eq(x.cert_chain_len, sizeof(chain));
	/* A chain buffer one byte short: the same. */
	x.pdh_cert_address = (uintptr_t)got->sev[SEV_CHAIN_PDH];
	x.cert_chain_address = (uintptr_t)chain;
	x.cert_chain_len = sizeof(chain) - 1;
	cmd.error = 0;
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), -EIO);
	ck_assert_uint_eq(cmd.error, SEV_INVALID_LENGTH);
	ck_assert_uint_eq(x.cert_chain_len, sizeof(chain));
	cmd.error = 0;
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), 0);
	ck_assert_uint_eq(cmd.error, 0);
	/* PEK || OCA || CEK, and with the model's ARK and ASK the chain verifies. */
	memcpy(got->sev[SEV_CHAIN_PEK], chain, SEV_CERT_SIZE);
	memcpy(got->sev[SEV_CHAIN_OCA], chain + SEV_CERT_SIZE, SEV_CERT_SIZE);
	memcpy(got->sev[SEV_CHAIN_CEK], chain + 2 * SEV_CERT_SIZE, SEV_CERT_SIZE);
	ck_assert_int_eq(sev_backend_sim_chain(be, &model, &e), 0);
	memcpy(got->amd, model->amd, sizeof(got->amd));
	memcpy(got->amd_len, model->amd_len, sizeof(got->amd_len));
	sev_chain_certs_view(got, &view);
	ck_assert_msg(sev_chain_verify(&view, ark_id, &e) == 0, "%s", e.msg);
	ck_assert(sev_sim_chain_is_test(ark_id));
	/* GET_ID2: the length query, then 64 bytes, the same each time. */
	cmd = (struct sev_issue_cmd){ .cmd = SEV_GET_ID2, .data = (uintptr_t)&g };
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), -EIO);
	ck_assert_uint_eq(cmd.error, SEV_INVALID_LENGTH);
	ck_assert_uint_eq(g.length, 64);
	g.address = (uintptr_t)id;
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), 0);
	g.address = (uintptr_t)id2;
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), 0);
	ck_assert_mem_eq(id, id2, 64);
	/* Commands the model does not have. */
	cmd = (struct sev_issue_cmd){ .cmd = SEV_PEK_GEN };
	ck_assert_int_eq(be->ops->sev_issue_cmd(be, &cmd), -EINVAL);
	sev_backend_close(be);
	free(got);
}
END_TEST

Suite *sev_cert_chain_suite(void)
{
	Suite *s = suite_create("sev_cert_chain");
	TCase *tc = tcase_create("chain");

	/* Each test derives two RSA-4096 keys from the seed: seconds, more under ASan. */
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, chain_model_verifies);
	tcase_add_test(tc, chain_flipped_byte_names_the_certificate);
	tcase_add_test(tc, chain_wrong_places);
	tcase_add_test(tc, chain_amd_cert_fields);
	tcase_add_test(tc, chain_sev_cert_fields);
	tcase_add_test(tc, chain_deterministic);
	tcase_add_test(tc, chain_sha256_naples_layout);
	tcase_add_test(tc, chain_sim_uapi_export);
	suite_add_tcase(s, tc);
	return s;
}

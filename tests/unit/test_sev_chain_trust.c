// SPDX-License-Identifier: GPL-2.0
/*
 * sev/amd_roots.c and sev/chain_trust.c: the embedded roots are the files of
 * sev/amd-roots/, each ARK verifies its ASK (and Python's cryptography,
 * tests/sev/amd_roots.py, agrees); a chain ends at AMD's root of a product,
 * an owner's --ark, or the model's TEST root only when allowed; a forged
 * root with AMD's key id and a PDH the chain does not sign are refused.
 * Tests run from the repository root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/amd_roots.h"
#include "sev/chain_trust.h"
#include "sev/model/sim_chain.h"
#include "sev/model/sim_fw.h"
#include "tests/unit/sev_oracle.h"
#include "tests/unit/unit.h"

#define ROOTS_DIR	"sev/amd-roots"

/* The model's chain (seed "trust test"), and a directory to write chains into. */
struct trust_fx {
	struct sev_fw fw;
	struct sev_chain_certs c;
	struct sev_chain view;
	char dir[64];
};

static struct trust_fx *fx_open(void)
{
	struct sev_fw_config cfg = { .api_major = 1, .api_minor = 55, .build = 21, .es = true };
	struct trust_fx *x = calloc(1, sizeof(*x));
	struct err e = { 0 };

	ck_assert_ptr_nonnull(x);
	memcpy(cfg.seed, "trust test", 10);
	ck_assert_msg(sev_fw_create(&x->fw, &cfg, &e) == 0, "%s", e.msg);
	ck_assert_msg(sev_sim_chain_build(cfg.seed, sev_fw_pdh(&x->fw), 1, 55, &x->c, &e) == 0,
		      "%s", e.msg);
	sev_chain_certs_view(&x->c, &x->view);
	strcpy(x->dir, "/tmp/sevvm-trust-test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(x->dir));
	return x;
}

static void put_file(const char *dir, const char *name, const void *p, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void drop_file(const char *dir, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* Writes @v into the fixture's directory; certificates of zero length are left out. */
static void write_chain(struct trust_fx *x, const struct sev_chain *v)
{
	enum sev_chain_idx i;

	for (i = 0; i < SEV_CHAIN_NR; i++) {
		drop_file(x->dir, sev_chain_files[i]);
		if (v->len[i])
			put_file(x->dir, sev_chain_files[i], v->cert[i], v->len[i]);
	}
}

static void fx_close(struct trust_fx *x)
{
	enum sev_chain_idx i;

	for (i = 0; i < SEV_CHAIN_NR; i++)
		drop_file(x->dir, sev_chain_files[i]);
	drop_file(x->dir, "root.cert");
	rmdir(x->dir);
	sev_fw_destroy(&x->fw);
	free(x);
}

static int verify(struct trust_fx *x, const struct sev_trust_opts *o, struct sev_trust_result *res,
		  struct err *e)
{
	*e = (struct err){ 0 };
	return sev_chain_verify_dir(x->dir, o, res, e);
}

static size_t read_whole(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "re");
	size_t n;

	ck_assert_msg(f != NULL, "%s", path);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

/* The embedded bytes are the repository's files; sevvm and Python verify each pair. */
START_TEST(trust_embedded_roots)
{
	static const size_t want_len[AMD_ROOTS_NR] = { 832, 1600, 1600, 1600, 1600 };
	char path[128], line[128], py[AMD_ROOTS_NR][128], mine[128];
	uint8_t file[AMD_CERT_MAX + 1];
	struct amd_cert_info ark, ask;
	struct amd_root root, found;
	struct err e = { 0 };
	unsigned int i = 0;
	FILE *f;

	f = popen(PYTHON " tests/sev/amd_roots.py check " ROOTS_DIR, "r");
	ck_assert_ptr_nonnull(f);
	while (i < AMD_ROOTS_NR && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		snprintf(py[i++], sizeof(py[0]), "%s", line);
	}
	ck_assert_int_eq(pclose(f), 0);
	ck_assert_uint_eq(i, AMD_ROOTS_NR);
	for (i = 0; i < AMD_ROOTS_NR; i++) {
		ck_assert_int_eq(amd_root_get(i, &root), 0);
		ck_assert_uint_eq(root.ark_len, want_len[i]);
		ck_assert_uint_eq(root.ask_len, want_len[i]);
		snprintf(path, sizeof(path), ROOTS_DIR "/%s/ark.cert", root.product);
		ck_assert_uint_eq(read_whole(path, file, sizeof(file)), root.ark_len);
		ck_assert_mem_eq(file, root.ark, root.ark_len);
		snprintf(path, sizeof(path), ROOTS_DIR "/%s/ask.cert", root.product);
		ck_assert_uint_eq(read_whole(path, file, sizeof(file)), root.ask_len);
		ck_assert_mem_eq(file, root.ask, root.ask_len);
		ck_assert_msg(amd_cert_pair_verify(root.ark, root.ark_len, root.ask, root.ask_len,
						   &e) == 0, "%s: %s", root.product, e.msg);
		/* Python verified the same pair; the key ids it read are sevvm's. */
		ck_assert_int_eq(amd_cert_parse(root.ark, root.ark_len, "ARK", &ark, &e), 0);
		ck_assert_int_eq(amd_cert_parse(root.ask, root.ask_len, "ASK", &ask, &e), 0);
		snprintf(mine, sizeof(mine), "%s %s %s", root.product, hx(ark.key_id, 16),
			 hx(ask.key_id, 16));
		ck_assert_str_eq(mine, py[i]);
		ck_assert_uint_eq(ark.modulus_bits, i ? 4096 : 2048);
		amd_cert_info_free(&ark);
		amd_cert_info_free(&ask);
		ck_assert_int_eq(amd_root_find(root.name, &found), 0);	/* "Milan" */
		ck_assert_ptr_eq(found.ark, root.ark);
	}
	ck_assert_int_eq(amd_root_get(AMD_ROOTS_NR, &root), -ENOENT);
	ck_assert_int_eq(amd_root_find("milano", &root), -ENOENT);
}
END_TEST

/* A flipped byte in an embedded pair, or a pair of two products, does not verify. */
START_TEST(trust_root_pairs_refused)
{
	uint8_t ark[AMD_CERT_MAX], ask[AMD_CERT_MAX];
	struct amd_root rome, milan, root;
	struct err e = { 0 };
	unsigned int i;
	size_t off;

	ck_assert_int_eq(amd_root_find("rome", &rome), 0);
	ck_assert_int_eq(amd_root_find("milan", &milan), 0);
	ck_assert_int_lt(amd_cert_pair_verify(rome.ark, rome.ark_len, milan.ask, milan.ask_len,
					      &e), 0);
	ck_assert_msg(strstr(e.msg, "ASK: certifying_id does not name the ARK's key_id"), "%s",
		      e.msg);
	for (i = 0; i < AMD_ROOTS_NR; i++) {
		ck_assert_int_eq(amd_root_get(i, &root), 0);
		for (off = 0x40 + 100; off < root.ask_len; off += root.ask_len / 3) {
			memcpy(ask, root.ask, root.ask_len);
			ask[off] ^= 1;
			e = (struct err){ 0 };
			ck_assert_int_lt(amd_cert_pair_verify(root.ark, root.ark_len, ask,
							      root.ask_len, &e), 0);
			ck_assert_msg(!strncmp(e.msg, "ASK: ", 5), "%s %zu: %s", root.product, off,
				      e.msg);
			memcpy(ark, root.ark, root.ark_len);
			ark[off] ^= 1;
			ck_assert_int_lt(amd_cert_pair_verify(ark, root.ark_len, root.ask,
							      root.ask_len, &e), 0);
			ck_assert_msg(!strncmp(e.msg, "ARK: ", 5), "%s %zu: %s", root.product, off,
				      e.msg);
		}
	}
}
END_TEST

/* The model's chain: TEST root, refused unless allowed, then valid with its PDH. */
START_TEST(trust_test_root_needs_flag)
{
	struct trust_fx *x = fx_open();
	struct sev_trust_opts o = { 0 };
	struct sev_trust_result res;
	char line[512], path[128];
	struct err e;

	write_chain(x, &x->view);
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "TEST root of sevvm's software model") &&
		      strstr(e.msg, "--allow-test-root"), "%s", e.msg);
	o.allow_test_root = true;
	ck_assert_msg(verify(x, &o, &res, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(res.root, SEV_ROOT_TEST);
	ck_assert_mem_eq(res.ark_id, SEV_SIM_ARK_ID, 16);
	ck_assert_mem_eq(res.pdh, x->c.sev[SEV_CHAIN_PDH], SEV_CERT_SIZE);
	ck_assert_uint_eq(res.nr_notes, 0);
	ck_assert_ptr_nonnull(strstr(sev_trust_describe(&res, line, sizeof(line)),
				     "TEST root of sevvm's software model"));
	/* The model's ARK named as the owner's root is still a TEST root. */
	put_file(x->dir, "root.cert", x->c.amd[0], x->c.amd_len[0]);
	snprintf(path, sizeof(path), "%s/root.cert", x->dir);
	o = (struct sev_trust_opts){ .ark_path = path };
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "--allow-test-root"), "%s", e.msg);
	o.allow_test_root = true;
	ck_assert_msg(verify(x, &o, &res, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(res.root, SEV_ROOT_TEST);
	fx_close(x);
}
END_TEST

/*
 * The attack: a new self-signed ARK carrying AMD's Naples key id, an ASK
 * with AMD's ASK key id, the CEK re-signed. Every signature holds, so
 * sev_chain_verify() passes; the root is not AMD's, so the chain fails.
 */
START_TEST(trust_forged_amd_key_id)
{
	struct trust_fx *x = fx_open();
	EVP_PKEY *ark = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	EVP_PKEY *ask = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	uint8_t fark[AMD_CERT_MAX], fask[AMD_CERT_MAX], cek[SEV_CERT_SIZE], id[16];
	struct amd_cert_info naples_ark, naples_ask;
	struct sev_trust_opts o = { 0 };
	struct sev_chain v = x->view;
	struct sev_trust_result res;
	struct amd_root naples;
	struct err e = { 0 };
	size_t ark_len, ask_len;
	char path[128];

	ck_assert(ark && ask);
	ck_assert_int_eq(amd_root_find("naples", &naples), 0);
	ck_assert_int_eq(amd_cert_parse(naples.ark, naples.ark_len, "ARK", &naples_ark, &e), 0);
	ck_assert_int_eq(amd_cert_parse(naples.ask, naples.ask_len, "ASK", &naples_ask, &e), 0);
	ck_assert_int_eq(amd_cert_build(ark, naples_ark.key_id, naples_ark.key_id, SEV_USAGE_ARK,
					ark, fark, &ark_len, &e), 0);
	ck_assert_int_eq(amd_cert_build(ask, naples_ask.key_id, naples_ark.key_id, SEV_USAGE_ASK,
					ark, fask, &ask_len, &e), 0);
	memcpy(cek, x->c.sev[SEV_CHAIN_CEK], sizeof(cek));
	ck_assert_int_eq(sev_cert_sign(cek, 0, ask, SEV_USAGE_ASK, SEV_ALGO_RSA_SHA256, &e), 0);
	v.cert[SEV_CHAIN_ARK] = fark;
	v.len[SEV_CHAIN_ARK] = ark_len;
	v.cert[SEV_CHAIN_ASK] = fask;
	v.len[SEV_CHAIN_ASK] = ask_len;
	v.cert[SEV_CHAIN_CEK] = cek;
	ck_assert_msg(sev_chain_verify(&v, id, &e) == 0, "%s", e.msg);
	ck_assert_mem_eq(id, naples_ark.key_id, 16);
	write_chain(x, &v);

	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "ASK: not signed by AMD's ARK of any product"), "%s", e.msg);
	ck_assert_uint_eq(res.nr_notes, 1);
	ck_assert_str_eq(res.notes[0], "ark.cert carries the key id of AMD's Naples ARK but is "
			 "not that certificate: ignored");
	ck_assert_mem_eq(res.pdh, (uint8_t[SEV_CERT_SIZE]){ 0 }, SEV_CERT_SIZE);
	o.allow_test_root = true;
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	/* Against AMD's Naples root: DIR's ARK and ASK are reported and ignored. */
	o = (struct sev_trust_opts){ .product = "naples" };
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "up to AMD's Naples root: CEK: the signature by the ASK"),
		      "%s", e.msg);
	ck_assert_uint_eq(res.nr_notes, 2);
	ck_assert_str_eq(res.notes[0], "ark.cert differs from AMD's Naples ARK embedded in "
			 "sevvm: ignored");
	ck_assert_str_eq(res.notes[1], "ask.cert differs from AMD's Naples ASK embedded in "
			 "sevvm: ignored");
	/* An owner who names this root trusts it: that is the owner's decision. */
	snprintf(path, sizeof(path), "%s/ark.cert", x->dir);
	o = (struct sev_trust_opts){ .ark_path = path };
	ck_assert_msg(verify(x, &o, &res, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(res.root, SEV_ROOT_OWNER);
	ck_assert_mem_eq(res.pdh, x->c.sev[SEV_CHAIN_PDH], SEV_CERT_SIZE);
	amd_cert_info_free(&naples_ark);
	amd_cert_info_free(&naples_ask);
	EVP_PKEY_free(ark);
	EVP_PKEY_free(ask);
	fx_close(x);
}
END_TEST

/* A PDH the PEK did not sign is refused, even one with the platform's own key. */
START_TEST(trust_pdh_not_signed)
{
	struct trust_fx *x = fx_open();
	struct sev_trust_opts o = { .allow_test_root = true };
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	uint8_t pdh[SEV_CERT_SIZE];
	struct sev_chain v = x->view;
	struct sev_trust_result res;
	struct err e = { 0 };

	ck_assert_ptr_nonnull(other);
	ck_assert_int_eq(sev_cert_from_pubkey(sev_fw_pdh(&x->fw), SEV_USAGE_PDH,
					      SEV_ALGO_ECDH_SHA256, 1, 55, pdh, &e), 0);
	v.cert[SEV_CHAIN_PDH] = pdh;
	write_chain(x, &v);
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "PDH: no signature slot signed by the PEK"), "%s", e.msg);
	ck_assert_mem_eq(res.pdh, (uint8_t[SEV_CERT_SIZE]){ 0 }, SEV_CERT_SIZE);
	/* Another key under the platform PDH's signature. */
	ck_assert_int_eq(sev_cert_from_pubkey(other, SEV_USAGE_PDH, SEV_ALGO_ECDH_SHA256, 1, 55,
					      pdh, &e), 0);
	memcpy(pdh + SEV_CERT_SIGNED_LEN, x->c.sev[SEV_CHAIN_PDH] + SEV_CERT_SIGNED_LEN,
	       SEV_CERT_SIZE - SEV_CERT_SIGNED_LEN);
	write_chain(x, &v);
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "PDH: the signature by the PEK"), "%s", e.msg);
	EVP_PKEY_free(other);
	fx_close(x);
}
END_TEST

/* AMD's real ARK and ASK in DIR name the product; the model's CEK then fails under it. */
START_TEST(trust_amd_product_from_ask)
{
	struct trust_fx *x = fx_open();
	struct sev_trust_opts o = { 0 };
	uint8_t ark[AMD_CERT_MAX];
	struct sev_chain v = x->view;
	struct sev_trust_result res;
	struct amd_root root;
	struct err e = { 0 };
	unsigned int i;
	char want[64];

	for (i = 0; i < AMD_ROOTS_NR; i++) {
		ck_assert_int_eq(amd_root_get(i, &root), 0);
		v.cert[SEV_CHAIN_ARK] = root.ark;
		v.len[SEV_CHAIN_ARK] = root.ark_len;
		v.cert[SEV_CHAIN_ASK] = root.ask;
		v.len[SEV_CHAIN_ASK] = root.ask_len;
		write_chain(x, &v);
		ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
		snprintf(want, sizeof(want), "up to AMD's %s root: CEK: ", root.name);
		ck_assert_msg(!strncmp(e.msg, want, strlen(want)), "%s", e.msg);
		ck_assert_uint_eq(res.nr_notes, 0);
	}
	/* DIR's ARK altered: reported, ignored; the ASK still names Turin. */
	memcpy(ark, root.ark, root.ark_len);
	ark[0x100] ^= 1;
	v.cert[SEV_CHAIN_ARK] = ark;
	write_chain(x, &v);
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "up to AMD's Turin root: CEK: "), "%s", e.msg);
	ck_assert_uint_eq(res.nr_notes, 1);
	ck_assert_str_eq(res.notes[0], "ark.cert differs from AMD's Turin ARK embedded in sevvm: "
			 "ignored");
	/* No ARK or ASK in DIR: no embedded root's ASK signs the model's CEK. */
	v.len[SEV_CHAIN_ARK] = v.len[SEV_CHAIN_ASK] = 0;
	write_chain(x, &v);
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "CEK: not signed by AMD's ASK of any product"), "%s", e.msg);
	o.product = "GENOA";
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "up to AMD's Genoa root: CEK: "), "%s", e.msg);
	fx_close(x);
}
END_TEST

/* Files that cannot be read and contradictory options are errors, not verdicts. */
START_TEST(trust_files_and_options)
{
	struct trust_fx *x = fx_open();
	struct sev_trust_opts o = { .product = "milan", .ark_path = "/nonexistent" };
	struct sev_chain v = x->view;
	struct sev_trust_result res;
	struct err e;
	char path[128];

	write_chain(x, &v);
	ck_assert_int_eq(verify(x, &o, &res, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "give one root, not both"), "%s", e.msg);
	o = (struct sev_trust_opts){ .product = "epyc" };
	ck_assert_int_eq(verify(x, &o, &res, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "naples, rome, milan, genoa, turin"), "%s", e.msg);
	o = (struct sev_trust_opts){ .ark_path = "/nonexistent/ark.cert" };
	ck_assert_int_eq(verify(x, &o, &res, &e), -ENOENT);
	/* An owner's root needs the ASK it signed. */
	snprintf(path, sizeof(path), "%s/root.cert", x->dir);
	put_file(x->dir, "root.cert", x->c.amd[0], x->c.amd_len[0]);
	o = (struct sev_trust_opts){ .ark_path = path, .allow_test_root = true };
	drop_file(x->dir, "ask.cert");
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "no ask.cert"), "%s", e.msg);
	put_file(x->dir, "ask.cert", x->c.amd[1], x->c.amd_len[1]);
	drop_file(x->dir, "pek.cert");
	o = (struct sev_trust_opts){ .allow_test_root = true };
	ck_assert_int_eq(verify(x, &o, &res, &e), -ENOENT);
	ck_assert_msg(strstr(e.msg, "pek.cert"), "%s", e.msg);
	put_file(x->dir, "pek.cert", x->c.amd[0], 100);
	ck_assert_int_eq(verify(x, &o, &res, &e), SEV_TRUST_INVALID);
	ck_assert_msg(strstr(e.msg, "PEK: SEV certificate: length 100"), "%s", e.msg);
	fx_close(x);
}
END_TEST

Suite *sev_chain_trust_suite(void)
{
	Suite *s = suite_create("sev_chain_trust");
	TCase *tc = tcase_create("trust");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, trust_embedded_roots);
	tcase_add_test(tc, trust_root_pairs_refused);
	tcase_add_test(tc, trust_test_root_needs_flag);
	tcase_add_test(tc, trust_forged_amd_key_id);
	tcase_add_test(tc, trust_pdh_not_signed);
	tcase_add_test(tc, trust_amd_product_from_ask);
	tcase_add_test(tc, trust_files_and_options);
	suite_add_tcase(s, tc);
	return s;
}

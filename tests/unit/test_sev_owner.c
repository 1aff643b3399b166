// SPDX-License-Identifier: GPL-2.0
/*
 * sev/owner.c, the guest owner's session and launch secret, against
 * independent computations: tests/sev/oracle.py (python3-cryptography)
 * unwraps the session with the model's PDH private key and recomputes the
 * secret table, the header's MAC and the ciphertext; and the firmware model
 * (sev/sim_fw.c) must accept both. Tests run from the repository root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sev/blob.h"
#include "vmm/util/le.h"
#include "sev/owner.h"
#include "sev/model/sim_fw.h"
#include "tests/unit/sev_oracle.h"
#include "tests/unit/unit.h"

static void pattern(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 29 + (i >> 7));
}

struct owner_fx {
	struct sev_fw fw;
	uint8_t seed[32];
	uint8_t pdh[SEV_CERT_SIZE];
};

/* A model (API 1.55 build 21) whose PDH derives from a known seed. */
static void fx_open(struct owner_fx *x)
{
	struct sev_fw_config cfg = { .api_major = 1, .api_minor = 55, .build = 21, .es = true };
	struct err e = { 0 };

	pattern(cfg.seed, sizeof(cfg.seed), 0x42);
	memcpy(x->seed, cfg.seed, sizeof(x->seed));
	ck_assert_msg(sev_fw_create(&x->fw, &cfg, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(sev_fw_init(&x->fw), SEV_SUCCESS);
	ck_assert_int_eq(sev_cert_from_pubkey(sev_fw_pdh(&x->fw), SEV_USAGE_PDH,
					      SEV_ALGO_ECDH_SHA256, 1, 55, x->pdh, &e), 0);
}

START_TEST(owner_session_unwraps_in_python)
{
	struct owner_fx *x = calloc(1, sizeof(*x));
	struct sev_owner_session s, s2;
	uint8_t priv[48], tek[16], tik[16];
	struct err e = { 0 };
	uint32_t h = 0;

	ck_assert_ptr_nonnull(x);
	fx_open(x);
	ck_assert_msg(sev_owner_session_new(x->pdh, sizeof(x->pdh), 0x5, NULL, NULL, &s, &e) == 0,
		      "%s", e.msg);
	/* The GODH certificate is sevctl's: usage PDH, ECDH, empty signature slots. */
	ck_assert_uint_eq(get_le32(s.godh + SEV_CERT_OFF_USAGE), SEV_USAGE_PDH);
	ck_assert_uint_eq(get_le32(s.godh + SEV_CERT_OFF_ALGO), SEV_ALGO_ECDH_SHA256);
	ck_assert_uint_eq(get_le32(s.godh + SEV_CERT_OFF_SIG1_USAGE), SEV_USAGE_INVALID);
	ck_assert_uint_eq(get_le32(s.godh + SEV_CERT_OFF_SIG2_USAGE), SEV_USAGE_INVALID);
	/* Python, holding the PDH's private key, finds the same TEK and TIK. */
	oracle(1, (uint8_t *[]){ priv }, (size_t[]){ 48 }, "pdh-priv %s", hx(x->seed, 32));
	oracle(2, (uint8_t *[]){ tek, tik }, (size_t[]){ 16, 16 }, "unwrap %s %s %s 0x5",
	       hx(priv, 48), hx(s.godh, SEV_CERT_SIZE), hx(s.session, SEV_OWNER_SESSION_LEN));
	ck_assert_mem_eq(tek, s.tek, 16);
	ck_assert_mem_eq(tik, s.tik, 16);
	/* So does the model's LAUNCH_START. */
	ck_assert_int_eq(sev_fw_launch_start(&x->fw, &h, 0x5, s.godh, sizeof(s.godh), s.session,
					     sizeof(s.session)), SEV_SUCCESS);
	ck_assert_int_eq(sev_fw_guest_keys(&x->fw, h, tek, tik), 0);
	ck_assert_mem_eq(tek, s.tek, 16);
	ck_assert_mem_eq(tik, s.tik, 16);
	/* Another policy than the session's: POLICY_MAC fails. */
	h = 0;
	ck_assert_int_ne(sev_fw_launch_start(&x->fw, &h, 0x1, s.godh, sizeof(s.godh), s.session,
					     sizeof(s.session)), SEV_SUCCESS);
	/* Every session is fresh: new keys, new GODH. */
	ck_assert_int_eq(sev_owner_session_new(x->pdh, sizeof(x->pdh), 0x5, NULL, NULL, &s2, &e), 0);
	ck_assert_mem_ne(s2.tek, s.tek, 16);
	ck_assert_mem_ne(s2.godh + SEV_CERT_OFF_QX, s.godh + SEV_CERT_OFF_QX, 48);
	sev_owner_session_wipe(&s);
	sev_owner_session_wipe(&s2);
	sev_fw_destroy(&x->fw);
	free(x);
}
END_TEST

/* Hostile PDH certificates: each refused with the field named. */
START_TEST(owner_session_bad_pdh)
{
	static const struct {
		size_t off;
		uint32_t val;
		const char *msg;
	} bad[] = {
		{ SEV_CERT_OFF_VERSION, 2, "version (offset 0)" },
		{ SEV_CERT_OFF_USAGE, SEV_USAGE_PEK, "pub_key_usage (offset 0x8) is 0x1002" },
		{ SEV_CERT_OFF_ALGO, SEV_ALGO_ECDSA_SHA256, "pub_key_algo (offset 0xc) is 0x2" },
		{ SEV_CERT_OFF_ALGO, SEV_ALGO_RSA_SHA256, "pub_key_algo (offset 0xc) is 0x1" },
		{ SEV_CERT_OFF_CURVE, SEV_CURVE_P256, "curve (offset 0x10)" },
		{ SEV_CERT_OFF_QX + 50, 1, "qx (offset 0x14)" },
		{ SEV_CERT_OFF_QX + 3, 0x5a5a5a5a, "not a point on P-384" },
	};
	struct owner_fx *x = calloc(1, sizeof(*x));
	struct sev_owner_session s;
	uint8_t cert[SEV_CERT_SIZE];
	struct err e = { 0 };
	unsigned int i;

	ck_assert_ptr_nonnull(x);
	fx_open(x);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(cert, x->pdh, sizeof(cert));
		put_le32(cert + bad[i].off, bad[i].val);
		e = (struct err){ 0 };
		ck_assert_int_eq(sev_owner_session_new(cert, sizeof(cert), 1, NULL, NULL, &s, &e),
				 -EINVAL);
		ck_assert_msg(strstr(e.msg, bad[i].msg), "case %u: %s", i, e.msg);
	}
	ck_assert_int_eq(sev_owner_session_new(x->pdh, SEV_CERT_SIZE - 1, 1, NULL, NULL, &s, &e),
			 -EINVAL);
	ck_assert_msg(strstr(e.msg, "length 2083, expected 2084"), "%s", e.msg);
	sev_fw_destroy(&x->fw);
	free(x);
}
END_TEST

START_TEST(owner_guid_parse)
{
	/* Python: uuid.UUID("1e74f542-71dd-4d66-963e-ef4287ff173b").bytes_le */
	static const uint8_t want[16] = {
		0x42, 0xf5, 0x74, 0x1e, 0xdd, 0x71, 0x66, 0x4d,
		0x96, 0x3e, 0xef, 0x42, 0x87, 0xff, 0x17, 0x3b,
	};
	static const char *const bad[] = {
		"1e74f542-71dd-4d66-963e-ef4287ff173", "1e74f542-71dd-4d66-963e-ef4287ff173bb",
		"1e74f54271dd-4d66-963e-ef4287ff173b-", "1e74f542-71dd-4d66-963e-ef4287ff173g",
		"1e74f542+71dd-4d66-963e-ef4287ff173b", "",
	};
	uint8_t g[16];
	unsigned int i;

	ck_assert_int_eq(sev_guid_parse(SEV_SECRET_TABLE_GUID, g), 0);
	ck_assert_mem_eq(g, want, 16);
	ck_assert_int_eq(sev_guid_parse("1E74F542-71DD-4D66-963E-EF4287FF173B", g), 0);
	ck_assert_mem_eq(g, want, 16);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(sev_guid_parse(bad[i], g) == -EINVAL, "accepted '%s'", bad[i]);
}
END_TEST

/* Two GUIDs for the tests' secrets (any will do). */
#define GUID_A	"736869e5-84f0-4973-92ec-06879ce3da0b"
#define GUID_B	"0b3b8e3a-2d1c-4f6e-9a7b-5c4d3e2f1a09"

START_TEST(owner_secret_table_matches_python)
{
	/* 8 bytes: 20 + 28 = 48, already aligned (no padding); the others pad. */
	static const size_t lens[][2] = { { 8, 0 }, { 10, 0 }, { 0, 0 }, { 100, 37 }, { 3, 1000 } };
	struct sev_secret_entry ents[2];
	uint8_t a[1000], b[1000], *t, *want;
	struct err e = { 0 };
	size_t len, i;

	pattern(a, sizeof(a), 1);
	pattern(b, sizeof(b), 2);
	ck_assert_int_eq(sev_guid_parse(GUID_A, ents[0].guid), 0);
	ck_assert_int_eq(sev_guid_parse(GUID_B, ents[1].guid), 0);
	ents[0].data = a;
	ents[1].data = b;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t nr = lens[i][1] ? 2 : 1, plain = 20 + 20 + lens[i][0];

		ents[0].len = lens[i][0];
		ents[1].len = lens[i][1];
		if (nr == 2)
			plain += 20 + lens[i][1];
		ck_assert_int_eq(sev_secret_table(ents, nr, &t, &len, &e), 0);
		ck_assert_uint_eq(len, (plain + 15) / 16 * 16);
		ck_assert_uint_eq(get_le32(t + 16), plain);
		want = malloc(len);
		ck_assert_ptr_nonnull(want);
		if (nr == 2)
			oracle(1, (uint8_t *[]){ want }, (size_t[]){ len }, "table " GUID_A ":%s "
			       GUID_B ":%s", hx(a, ents[0].len), hx(b, ents[1].len));
		else
			oracle(1, (uint8_t *[]){ want }, (size_t[]){ len }, "table " GUID_A ":%s",
			       hx(a, ents[0].len));
		ck_assert_mem_eq(t, want, len);
		free(want);
		free(t);
	}
	ck_assert_int_eq(sev_secret_table(ents, 0, &t, &len, &e), -EINVAL);
}
END_TEST

/*
 * The owner's packet against Python's (same IV) and against the model's
 * LAUNCH_SECRET, after a launch with the owner's session.
 */
START_TEST(owner_secret_packet)
{
	struct owner_fx *x = calloc(1, sizeof(*x));
	uint8_t meas[SEV_MEASURE_LEN], data[64], plain[64], trans[64], want_trans[64];
	uint8_t hdr[SEV_OWNER_SECRET_HDR], want_hdr[SEV_OWNER_SECRET_HDR], guest[64];
	uint8_t wrong[16];
	struct sev_owner_session s;
	struct err e = { 0 };
	uint32_t h = 0, len = sizeof(meas);

	ck_assert_ptr_nonnull(x);
	fx_open(x);
	ck_assert_int_eq(sev_owner_session_new(x->pdh, sizeof(x->pdh), 0x1, NULL, NULL, &s, &e), 0);
	ck_assert_int_eq(sev_fw_launch_start(&x->fw, &h, 0x1, s.godh, sizeof(s.godh), s.session,
					     sizeof(s.session)), SEV_SUCCESS);
	pattern(data, sizeof(data), 9);
	ck_assert_int_eq(sev_fw_launch_update_data(&x->fw, h, 0x100000, data, sizeof(data)),
			 SEV_SUCCESS);
	ck_assert_int_eq(sev_fw_launch_measure(&x->fw, h, meas, &len), SEV_SUCCESS);

	pattern(plain, sizeof(plain), 0x77);
	ck_assert_int_eq(sev_secret_package(s.tek, s.tik, meas, plain, sizeof(plain), NULL, NULL,
					    hdr, trans, &e), 0);
	ck_assert_uint_eq(get_le32(hdr), 0);	/* FLAGS */
	oracle(2, (uint8_t *[]){ want_hdr, want_trans }, (size_t[]){ sizeof(hdr), sizeof(trans) },
	       "secret %s %s %s %s %s", hx(s.tek, 16), hx(s.tik, 16), hx(hdr + 4, 16),
	       hx(meas, 32), hx(plain, sizeof(plain)));
	ck_assert_mem_eq(hdr, want_hdr, sizeof(hdr));
	ck_assert_mem_eq(trans, want_trans, sizeof(trans));

	/* Packaged with another TIK: the MAC fails, guest memory untouched. */
	pattern(wrong, sizeof(wrong), 0xa0);
	ck_assert_int_eq(sev_secret_package(s.tek, wrong, meas, plain, sizeof(plain), NULL, NULL,
					    want_hdr, want_trans, &e), 0);
	memset(guest, 0xee, sizeof(guest));
	ck_assert_int_eq(sev_fw_launch_secret(&x->fw, h, want_hdr, sizeof(want_hdr), want_trans,
					      sizeof(want_trans), 0x900000, guest, sizeof(guest)),
			 SEV_BAD_MEASUREMENT);
	ck_assert_uint_eq(guest[0], 0xee);
	/* For another measurement: refused too. */
	meas[0] ^= 1;
	ck_assert_int_eq(sev_secret_package(s.tek, s.tik, meas, plain, sizeof(plain), NULL, NULL,
					    want_hdr, want_trans, &e), 0);
	meas[0] ^= 1;
	ck_assert_int_eq(sev_fw_launch_secret(&x->fw, h, want_hdr, sizeof(want_hdr), want_trans,
					      sizeof(want_trans), 0x900000, guest, sizeof(guest)),
			 SEV_BAD_MEASUREMENT);
	/* The right one lands in guest memory as plaintext. */
	ck_assert_int_eq(sev_fw_launch_secret(&x->fw, h, hdr, sizeof(hdr), trans, sizeof(trans),
					      0x900000, guest, sizeof(guest)), SEV_SUCCESS);
	ck_assert_mem_eq(guest, plain, sizeof(plain));

	ck_assert_int_eq(sev_secret_package(s.tek, s.tik, meas, plain, 40, NULL, NULL, hdr, trans,
					    &e), -EINVAL);
	ck_assert_int_eq(sev_secret_package(s.tek, s.tik, meas, plain, 0, NULL, NULL, hdr, trans,
					    &e), -EINVAL);
	sev_owner_session_wipe(&s);
	sev_fw_destroy(&x->fw);
	free(x);
}
END_TEST

/* Base64 of exact lengths (the values are Python's base64.b64encode). */
START_TEST(owner_base64_exact)
{
	static const struct {
		size_t len;
		const char *text;
	} ok[] = {
		{ 16, "AAECAwQFBgcICQoLDA0ODw==" },
		{ 17, "AAECAwQFBgcICQoLDA0ODxA=" },
		{ 18, "AAECAwQFBgcICQoLDA0ODxAR" },
		{ 48, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v" },
	};
	uint8_t want[48], got[48];
	unsigned int i;

	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)i;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		memset(got, 0xee, sizeof(got));
		ck_assert_int_eq(sev_base64_decode_exact(ok[i].text, got, ok[i].len), 0);
		ck_assert_mem_eq(got, want, ok[i].len);
	}
	/* Wrong length for the text, a character outside the alphabet, no padding. */
	ck_assert_int_eq(sev_base64_decode_exact(ok[0].text, got, 15), -EINVAL);
	ck_assert_int_eq(sev_base64_decode_exact(ok[1].text, got, 16), -EINVAL);
	ck_assert_int_eq(sev_base64_decode_exact("AAECAwQFBgcICQoLDA0OD*==", got, 16), -EINVAL);
	ck_assert_int_eq(sev_base64_decode_exact("AAECAwQFBgcICQoLDA0ODw", got, 16), -EINVAL);
	ck_assert_int_eq(sev_base64_decode_exact("", got, 1), -EINVAL);
}
END_TEST

/* Keys land in a new 0600 file: not through a symlink, not in a 0644 file that was there. */
START_TEST(owner_key_files_are_new_and_private)
{
	char dir[] = "/tmp/sevvm-keys-XXXXXX", tek[300], target[300], link[300];
	const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	uint8_t back[16];
	struct stat st, before;
	struct err e = { 0 };
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(tek, sizeof(tek), "%s/tek.bin", dir);
	snprintf(target, sizeof(target), "%s/elsewhere", dir);
	snprintf(link, sizeof(link), "%s/tik.bin", dir);

	/* A pre-existing tek.bin of mode 0644 is replaced by a new 0600 file. */
	f = fopen(tek, "w");
	ck_assert_ptr_nonnull(f);
	fputs("old", f);
	fclose(f);
	ck_assert_int_eq(chmod(tek, 0644), 0);
	ck_assert_int_eq(stat(tek, &before), 0);
	ck_assert_int_eq(sev_write_private(tek, key, sizeof(key), &e), 0);
	ck_assert_int_eq(lstat(tek, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_uint_ne(st.st_ino, before.st_ino);
	ck_assert_int_eq(sev_read_exact(tek, "--tek", back, sizeof(back), &e), 0);
	ck_assert_mem_eq(back, key, sizeof(key));

	/* A symlink at the path is replaced; its target is never written. */
	f = fopen(target, "w");
	ck_assert_ptr_nonnull(f);
	fputs("keep", f);
	fclose(f);
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(sev_write_private(link, key, sizeof(key), &e), 0);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(st.st_size, 4);

	/* A short or long key file is refused. */
	ck_assert_int_eq(sev_read_exact(target, "--tik", back, sizeof(back), &e), -EINVAL);
	unlink(tek);
	unlink(link);
	unlink(target);
	rmdir(dir);
}
END_TEST

Suite *sev_owner_suite(void)
{
	Suite *s = suite_create("sev_owner");
	TCase *tc = tcase_create("owner");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, owner_session_unwraps_in_python);
	tcase_add_test(tc, owner_session_bad_pdh);
	tcase_add_test(tc, owner_guid_parse);
	tcase_add_test(tc, owner_secret_table_matches_python);
	tcase_add_test(tc, owner_secret_packet);
	tcase_add_test(tc, owner_base64_exact);
	tcase_add_test(tc, owner_key_files_are_new_and_private);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's freestanding parts, built for the host: its SHA-256
 * against OpenSSL's (the independent computation), the e820 editing, and
 * the parsers of the measured hash table and the EFI secret table, with
 * truncated and hostile inputs.
 */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include "firmware/e820.h"
#include "firmware/hash_table.h"
#include "firmware/secret_table.h"
#include "firmware/sha256.h"
#include "tests/unit/unit.h"

static void openssl_sha256(const void *p, size_t len, uint8_t out[32])
{
	unsigned int n = 0;

	ck_assert_int_eq(EVP_Digest(p, len, out, &n, EVP_sha256(), NULL), 1);
	ck_assert_uint_eq(n, 32);
}

static void fill(uint8_t *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

START_TEST(sha256_matches_openssl_one_shot)
{
	static const size_t lens[] = {
		0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65537,
		1u << 20,
	};
	uint8_t *buf = malloc(1u << 20), want[32], got[32];
	struct sha256 s;
	size_t i;

	ck_assert_ptr_nonnull(buf);
	fill(buf, 1u << 20, 7);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		openssl_sha256(buf, lens[i], want);
		sha256_init(&s);
		sha256_update(&s, buf, lens[i]);
		sha256_final(&s, got);
		ck_assert_msg(!memcmp(want, got, 32), "SHA-256 of %zu bytes differs from OpenSSL",
			      lens[i]);
	}
	free(buf);
}
END_TEST

/* Random lengths fed in random pieces, as the firmware's DMA chunks arrive. */
START_TEST(sha256_matches_openssl_in_pieces)
{
	uint8_t *buf = malloc(300000), want[32], got[32];
	unsigned int round;
	uint32_t r = 12345;

	ck_assert_ptr_nonnull(buf);
	fill(buf, 300000, 99);
	for (round = 0; round < 64; round++) {
		size_t len, off = 0;
		struct sha256 s;

		r = r * 1664525u + 1013904223u;
		len = r % 300000;
		openssl_sha256(buf, len, want);
		sha256_init(&s);
		while (off < len) {
			size_t n;

			r = r * 1664525u + 1013904223u;
			n = r % 9000;
			if (n > len - off)
				n = len - off;
			sha256_update(&s, buf + off, n);
			off += n;
		}
		sha256_final(&s, got);
		ck_assert_msg(!memcmp(want, got, 32), "SHA-256 of %zu bytes in pieces differs", len);
	}
	free(buf);
}
END_TEST

static void qemu_entry(uint8_t *p, uint64_t addr, uint64_t size, uint32_t type)
{
	memcpy(p, &addr, 8);
	memcpy(p + 8, &size, 8);
	memcpy(p + 16, &type, 4);
}

/* QEMU's map for 512 MiB, then the firmware's three cuts. */
START_TEST(e820_cuts_firmware_areas)
{
	uint8_t buf[2 * FW_CFG_E820_ENTRY_LEN];
	struct fw_e820_map m;

	qemu_entry(buf, 0, 0x20000000, E820_RAM);
	qemu_entry(buf + 20, 0xfd00000000ull, 0x300000000ull, E820_RESERVED);
	ck_assert_int_eq(e820_parse_qemu(&m, buf, sizeof(buf)), 0);
	ck_assert_int_eq(e820_reserve(&m, 0x9e000, 0xa0000), 0);
	ck_assert_int_eq(e820_reserve(&m, 0xa0000, 0x100000), 0);
	ck_assert_int_eq(e820_reserve(&m, 0x800000, 0x900000), 0);
	e820_sort(&m);
	ck_assert_uint_eq(m.n, 7);
	ck_assert_uint_eq(m.e[0].addr, 0);
	ck_assert_uint_eq(m.e[0].size, 0x9e000);
	ck_assert_uint_eq(m.e[0].type, E820_RAM);
	ck_assert_uint_eq(m.e[1].addr, 0x9e000);
	ck_assert_uint_eq(m.e[1].type, E820_RESERVED);
	ck_assert_uint_eq(m.e[3].addr, 0x100000);
	ck_assert_uint_eq(m.e[3].size, 0x700000);
	ck_assert_uint_eq(m.e[4].addr, 0x800000);
	ck_assert_uint_eq(m.e[4].type, E820_RESERVED);
	ck_assert_uint_eq(m.e[5].addr, 0x900000);
	ck_assert_uint_eq(m.e[5].size, 0x20000000 - 0x900000);
	ck_assert_uint_eq(m.e[6].type, E820_RESERVED);
	ck_assert(e820_is_ram(&m, 0x1000000, 0x3000000));
	ck_assert(!e820_is_ram(&m, 0x700000, 0x1000000));	/* spans the reserved cut */
	/* Highest page-aligned place for 1 MiB + 1 below 512 MiB. */
	ck_assert_uint_eq(e820_place_high(&m, 0x100001, 0x1000000, 0x20000000, 0x1000),
			  0x20000000 - 0x101000);
	ck_assert_uint_eq(e820_place_high(&m, 0x20000000, 0x1000000, 0x20000000, 0x1000), 0);
}
END_TEST

START_TEST(e820_refuses_partial_and_too_many)
{
	uint8_t buf[(E820_MAX + 1) * FW_CFG_E820_ENTRY_LEN] = { 0 };
	struct fw_e820_map m;
	unsigned int i;

	ck_assert_int_eq(e820_parse_qemu(&m, buf, 19), -1);
	ck_assert_int_eq(e820_parse_qemu(&m, buf, sizeof(buf)), -1);
	/* Wrapping and empty entries are dropped. */
	qemu_entry(buf, 0xfffffffffffff000ull, 0x2000, E820_RAM);
	qemu_entry(buf + 20, 0x1000, 0, E820_RAM);
	ck_assert_int_eq(e820_parse_qemu(&m, buf, 40), 0);
	ck_assert_uint_eq(m.n, 0);
	/* A full map has no room for a cut. */
	for (i = 0; i < E820_MAX; i++)
		qemu_entry(buf + i * 20, (uint64_t)i * 0x10000, 0x10000, E820_RAM);
	ck_assert_int_eq(e820_parse_qemu(&m, buf, E820_MAX * 20), 0);
	ck_assert_int_eq(e820_reserve(&m, 0x8000, 0x9000), -1);
}
END_TEST

/* QEMU's table, built here from the published GUIDs (sev-reference Part A 3.3). */
static void build_table(uint8_t t[176])
{
	static const uint8_t guids[4][16] = {
		{ 0x06, 0xd6, 0x38, 0x94, 0x22, 0x4f, 0xc9, 0x4c, 0xb4, 0x79, 0xa7, 0x93, 0xd4, 0x11, 0xfd, 0x21 },
		{ 0xd8, 0x2d, 0xd0, 0x97, 0x20, 0xbd, 0x94, 0x4c, 0xaa, 0x78, 0xe7, 0x71, 0x4d, 0x36, 0xab, 0x2a },
		{ 0x31, 0xf7, 0xba, 0x44, 0x2f, 0x3a, 0xd7, 0x4b, 0x9a, 0xf1, 0x41, 0xe2, 0x91, 0x69, 0x78, 0x1d },
		{ 0x37, 0x94, 0xe7, 0x4d, 0xd2, 0xab, 0x7f, 0x42, 0xb8, 0x35, 0xd5, 0xb1, 0x72, 0xd2, 0x04, 0x5b },
	};
	unsigned int i;

	memset(t, 0, 176);
	memcpy(t, guids[0], 16);
	t[16] = 168;
	for (i = 0; i < 3; i++) {
		uint8_t *e = t + 18 + i * 50;

		memcpy(e, guids[i + 1], 16);
		e[16] = 50;
		memset(e + 18, 0xa0 + (int)i, 32);	/* cmdline a0.., initrd a1.., kernel a2.. */
	}
}

START_TEST(hash_table_valid_and_hostile)
{
	uint8_t t[176], zero[32] = { 0 };
	struct kernel_hashes h;
	const char *why = NULL;

	build_table(t);
	ck_assert_int_eq(hash_table_parse(t, sizeof(t), &h, &why), HASH_TABLE_VALID);
	ck_assert_uint_eq(h.cmdline[0], 0xa0);
	ck_assert_uint_eq(h.initrd[31], 0xa1);
	ck_assert_uint_eq(h.kernel[0], 0xa2);
	ck_assert_int_eq(hash_table_parse(zero, sizeof(zero), &h, &why), HASH_TABLE_ABSENT);
	ck_assert_int_eq(hash_table_parse(t, 10, &h, &why), HASH_TABLE_ABSENT);
	/* Table longer than the area. */
	ck_assert_int_eq(hash_table_parse(t, 100, &h, &why), HASH_TABLE_MALFORMED);
	t[16] = 200;
	ck_assert_int_eq(hash_table_parse(t, sizeof(t), &h, &why), HASH_TABLE_MALFORMED);
	ck_assert_str_eq(why, "table length is not 168");
	build_table(t);
	t[18 + 50 + 16] = 0xff;	/* initrd entry length beyond the table */
	ck_assert_int_eq(hash_table_parse(t, sizeof(t), &h, &why), HASH_TABLE_MALFORMED);
	ck_assert_str_eq(why, "entry length out of the table");
	build_table(t);
	t[18 + 16] = 17;		/* below its own header */
	ck_assert_int_eq(hash_table_parse(t, sizeof(t), &h, &why), HASH_TABLE_MALFORMED);
	build_table(t);
	t[18 + 100] ^= 1;		/* kernel GUID unknown: kernel missing */
	ck_assert_int_eq(hash_table_parse(t, sizeof(t), &h, &why), HASH_TABLE_MALFORMED);
	ck_assert_str_eq(why, "cmdline, initrd or kernel entry missing");
	build_table(t);
	memcpy(t + 18 + 100, t + 18, 16);	/* cmdline twice */
	ck_assert_int_eq(hash_table_parse(t, sizeof(t), &h, &why), HASH_TABLE_MALFORMED);
	ck_assert_str_eq(why, "hash entry appears twice");
}
END_TEST

static void count_entry(const struct secret_entry *e, void *opaque)
{
	unsigned int *n = opaque;

	ck_assert_uint_ge(e->len, 20);
	(*n)++;
}

START_TEST(secret_table_valid_and_hostile)
{
	static const uint8_t guid[16] = {
		0x42, 0xf5, 0x74, 0x1e, 0xdd, 0x71, 0x66, 0x4d,
		0x96, 0x3e, 0xef, 0x42, 0x87, 0xff, 0x17, 0x3b,
	};
	uint8_t area[256] = { 0 };
	const char *why = NULL;
	unsigned int n = 0;
	uint32_t total = 0, v;

	ck_assert_int_eq(secret_table_walk(area, sizeof(area), &total, count_entry, &n, &why),
			 SECRET_TABLE_ABSENT);
	memcpy(area, guid, 16);
	v = 20 + 24 + 30;
	memcpy(area + 16, &v, 4);
	v = 24;
	memcpy(area + 20 + 16, &v, 4);
	v = 30;
	memcpy(area + 44 + 16, &v, 4);
	ck_assert_int_eq(secret_table_walk(area, sizeof(area), &total, count_entry, &n, &why),
			 SECRET_TABLE_VALID);
	ck_assert_uint_eq(total, 74);
	ck_assert_uint_eq(n, 2);
	/* The second entry runs past the table. */
	v = 31;
	memcpy(area + 44 + 16, &v, 4);
	ck_assert_int_eq(secret_table_walk(area, sizeof(area), &total, NULL, NULL, &why),
			 SECRET_TABLE_MALFORMED);
	ck_assert_str_eq(why, "entry length is below 20 or beyond the table");
	/* A zero-length entry would loop forever. */
	v = 0;
	memcpy(area + 44 + 16, &v, 4);
	ck_assert_int_eq(secret_table_walk(area, sizeof(area), &total, NULL, NULL, &why),
			 SECRET_TABLE_MALFORMED);
	/* Table longer than the area; entry header cut by the table. */
	v = 257;
	memcpy(area + 16, &v, 4);
	ck_assert_int_eq(secret_table_walk(area, sizeof(area), &total, NULL, NULL, &why),
			 SECRET_TABLE_MALFORMED);
	v = 30;
	memcpy(area + 16, &v, 4);
	ck_assert_int_eq(secret_table_walk(area, sizeof(area), &total, NULL, NULL, &why),
			 SECRET_TABLE_MALFORMED);
	ck_assert_str_eq(why, "entry header truncated by the table length");
}
END_TEST

Suite *firmware_suite(void)
{
	Suite *s = suite_create("firmware");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sha256_matches_openssl_one_shot);
	tcase_add_test(tc, sha256_matches_openssl_in_pieces);
	tcase_add_test(tc, e820_cuts_firmware_areas);
	tcase_add_test(tc, e820_refuses_partial_and_too_many);
	tcase_add_test(tc, hash_table_valid_and_hostile);
	tcase_add_test(tc, secret_table_valid_and_hostile);
	suite_add_tcase(s, tc);
	return s;
}

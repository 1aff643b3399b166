// SPDX-License-Identifier: GPL-2.0
/*
 * The OVMF footer GUID table parser: Debian's OVMF.fd against an
 * independent Python walk written the way QEMU's pc_sysfw_ovmf.c walks it,
 * synthetic tables with known values, and hostile or truncated images (each
 * in a heap buffer of its exact size, so that ASan sees any read outside).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/unit.h"
#include "tests/unit/sev_oracle.h"
#include "vmm/util/le.h"
#include "sev/ovmf.h"

#define OVMF_FD		"/usr/share/ovmf/OVMF.fd"
#define SYN_SIZE	0x2000u
#define SYN_FOOTER	(SYN_SIZE - 50)	/* the footer's u16 total length: 0x1fce */

/*
 * The Python walk: footer GUID at size-48, u16 total before it, entries
 * { data; u16 len; GUID } backwards, "len < 18 || len > remaining" corrupt
 * (pc_system_ovmf_table_find()). Prints "GUID offset len" per entry in file
 * order, then "reset" and the last 16 bytes in hex. No single quotes inside.
 */
#define PY_WALK \
	"import struct,sys,uuid\n" \
	"d=open(sys.argv[1],\"rb\").read()\n" \
	"n=len(d)\n" \
	"foot=n-32-18\n" \
	"assert n>=4096\n" \
	"assert d[foot+2:foot+18]==uuid.UUID(\"96b582de-1fb2-45f7-baea-a366c55a082d\").bytes_le\n" \
	"rest=struct.unpack_from(\"<H\",d,foot)[0]-18\n" \
	"assert 0<=rest<=foot\n" \
	"end=foot\n" \
	"rows=[]\n" \
	"while rest>=18:\n" \
	"    ln=struct.unpack_from(\"<H\",d,end-18)[0]\n" \
	"    assert 18<=ln<=rest\n" \
	"    rows.append(\"%s %d %d\"%(uuid.UUID(bytes_le=d[end-16:end]),end-ln,ln-18))\n" \
	"    end-=ln\n" \
	"    rest-=ln\n" \
	"for r in reversed(rows):\n" \
	"    print(r)\n" \
	"print(\"reset\",d[n-16:].hex())\n"

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Writes an entry whose GUID ends at @end; returns the offset of its data. */
static size_t put_entry(uint8_t *img, size_t end, const uint8_t guid[OVMF_GUID_LEN],
			const void *data, size_t n)
{
	size_t len = n + 18;

	if (data && n)
		memcpy(img + end - len, data, n);
	put16(img + end - 18, len);
	memcpy(img + end - 16, guid, OVMF_GUID_LEN);
	return end - len;
}

static void put_footer(uint8_t *img, size_t size, size_t total)
{
	put16(img + size - 50, total);
	memcpy(img + size - 48, ovmf_guid_footer, OVMF_GUID_LEN);
}

/* A zeroed heap image of exactly @size bytes, the reset vector area set to 0xf4 (hlt). */
static uint8_t *blank(size_t size)
{
	uint8_t *img = calloc(1, size);

	ck_assert_ptr_nonnull(img);
	if (size >= 32)
		memset(img + size - 32, 0xf4, 32);
	return img;
}

/* Offsets of the synthetic table's data, laid out like Debian's OVMF.fd. */
enum {
	SYN_RESET	= SYN_FOOTER - 22,	/* 0x1fb8, length field at 0x1fbc */
	SYN_SECRET	= SYN_RESET - 26,	/* 0x1f9e, length field at 0x1fa6 */
	SYN_HASH	= SYN_SECRET - 26,	/* 0x1f84, length field at 0x1f8c */
	SYN_META	= SYN_HASH - 22,	/* 0x1f6e, length field at 0x1f72 */
	SYN_TOTAL	= SYN_FOOTER - SYN_META + 18,
};

/* Reset 0x80b004, secret {0x810000, 0xc00}, hash {0x810c00, 0x400}, SEV metadata 0x52c. */
static uint8_t *synthetic(void)
{
	uint8_t *img = blank(SYN_SIZE);
	uint8_t d[8];
	size_t end = SYN_FOOTER;

	put_le32(d, 0x80b004);
	end = put_entry(img, end, ovmf_guid_sev_es_reset, d, 4);
	put_le32(d, 0x810000);
	put_le32(d + 4, 0xc00);
	end = put_entry(img, end, ovmf_guid_secret, d, 8);
	put_le32(d, 0x810c00);
	put_le32(d + 4, 0x400);
	end = put_entry(img, end, ovmf_guid_hash_table, d, 8);
	put_le32(d, 0x52c);
	end = put_entry(img, end, ovmf_guid_sev_metadata, d, 4);
	ck_assert_uint_eq(end, SYN_META);
	put_footer(img, SYN_SIZE, SYN_FOOTER - end + 18);
	return img;
}

static uint8_t *load(const char *path, size_t *size)
{
	uint8_t *img;
	FILE *f;
	long n;

	ck_assert_msg(access(path, R_OK) == 0, "%s is missing: install the Debian package ovmf "
		      "(scripts/install-deps.sh lists it)", path);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	img = malloc((size_t)n);
	ck_assert_ptr_nonnull(img);
	ck_assert_uint_eq(fread(img, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return img;
}

/* What every successful parse must satisfy, whatever the input. */
static void assert_sane(const struct ovmf_table *t, size_t size)
{
	size_t next = t->table_offset;
	unsigned int i;

	ck_assert_uint_eq(t->image_size, size);
	ck_assert_uint_le(t->nr, OVMF_MAX_ENTRIES);
	ck_assert_uint_le(t->table_offset, size - 50);
	for (i = 0; i < t->nr; i++) {
		ck_assert_uint_ge(t->e[i].offset, next);
		next = t->e[i].offset + t->e[i].len + 18;
	}
	ck_assert_uint_le(next, size - 50);
}

/* Parses @img, expecting @want; on an error, e.msg must hold every one of @needles. */
static void expect(const uint8_t *img, size_t size, int want, struct ovmf_table *t,
		   const char *needle1, const char *needle2)
{
	struct err e = { 0 };
	int r = ovmf_table_parse(img, size, t, &e);

	ck_assert_msg(r == want, "parse returned %d, expected %d (%s)", r, want, e.msg);
	if (!want) {
		assert_sane(t, size);
		return;
	}
	ck_assert_msg(strstr(e.msg, "OVMF table"), "message without context: %s", e.msg);
	if (needle1)
		ck_assert_msg(strstr(e.msg, needle1), "'%s' not in: %s", needle1, e.msg);
	if (needle2)
		ck_assert_msg(strstr(e.msg, needle2), "'%s' not in: %s", needle2, e.msg);
}

START_TEST(ovmf_debian_fd_matches_python)
{
	static struct ovmf_table t;
	static const char cmd[] = PYTHON " -c '" PY_WALK "' " OVMF_FD;
	char *line = NULL, text[37], g[64];
	struct err e = { 0 };
	size_t size, cap = 0, off, len, rv;
	unsigned int i = 0;
	uint8_t *img = load(OVMF_FD, &size);
	bool saw_reset = false;
	ssize_t n;
	FILE *f;

	ck_assert_msg(ovmf_table_parse(img, size, &t, &e) == 0, "%s", e.msg);
	assert_sane(&t, size);
	ck_assert_uint_gt(t.nr, 0);
	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "popen python3");
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!strncmp(line, "reset ", 6)) {
			rv = ovmf_reset_vector_offset(size);
			ck_assert_str_eq(line + 6, hx(img + rv, OVMF_RESET_VECTOR_LEN));
			saw_reset = true;
			continue;
		}
		ck_assert_msg(sscanf(line, "%63s %zu %zu", g, &off, &len) == 3, "python: %s", line);
		ck_assert_msg(i < t.nr, "python found more than the %u entries of the C parser",
			      t.nr);
		ck_assert_str_eq(ovmf_guid_str(t.e[i].guid, text), g);
		ck_assert_uint_eq(t.e[i].offset, off);
		ck_assert_uint_eq(t.e[i].len, len);
		i++;
	}
	ck_assert_msg(pclose(f) == 0, "the python walk of " OVMF_FD " failed");
	ck_assert_uint_eq(i, t.nr);
	ck_assert(saw_reset);
	free(line);
	free(img);
}
END_TEST

START_TEST(ovmf_debian_fd_known_values)
{
	static struct ovmf_table t;
	const struct ovmf_entry *reset;
	struct ovmf_area a = { 1, 1 };
	struct err e = { 0 };
	uint32_t addr = 0;
	size_t size;
	uint8_t *img = load(OVMF_FD, &size);

	ck_assert_msg(ovmf_table_parse(img, size, &t, &e) == 0, "%s", e.msg);
	ck_assert_msg(ovmf_sev_es_reset_addr(&t, img, &addr, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(addr, 0x80b004);
	reset = ovmf_find(&t, ovmf_guid_sev_es_reset);
	ck_assert_ptr_nonnull(reset);
	ck_assert_uint_eq(reset->len, 4);
	ck_assert_uint_lt(ovmf_gpa(size, reset->offset), 1ull << 32);
	ck_assert_uint_eq(ovmf_gpa(size, reset->offset), (1ull << 32) - size + reset->offset);

	/* Debian's generic build declares both areas without giving them a place. */
	ck_assert_msg(ovmf_area(&t, img, ovmf_guid_hash_table, &a, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(a.base, 0);
	a.base = 1;
	ck_assert_msg(ovmf_area(&t, img, ovmf_guid_secret, &a, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(a.base, 0);
	ck_assert_ptr_nonnull(ovmf_find(&t, ovmf_guid_sev_metadata));
	ck_assert_ptr_null(ovmf_find(&t, ovmf_guid_footer));
	ck_assert_uint_eq(ovmf_gpa(size, ovmf_reset_vector_offset(size)), 0xfffffff0);
	ck_assert_uint_eq(ovmf_gpa(size, 0), (1ull << 32) - size);
	free(img);
}
END_TEST

START_TEST(ovmf_synthetic_values)
{
	static struct ovmf_table t;
	struct ovmf_area a;
	struct err e = { 0 };
	uint32_t addr = 0;
	uint8_t *img = synthetic();

	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 4);
	ck_assert_uint_eq(t.table_offset, SYN_META);
	/* File order: lowest offset first. */
	ck_assert_mem_eq(t.e[0].guid, ovmf_guid_sev_metadata, OVMF_GUID_LEN);
	ck_assert_mem_eq(t.e[1].guid, ovmf_guid_hash_table, OVMF_GUID_LEN);
	ck_assert_mem_eq(t.e[2].guid, ovmf_guid_secret, OVMF_GUID_LEN);
	ck_assert_mem_eq(t.e[3].guid, ovmf_guid_sev_es_reset, OVMF_GUID_LEN);
	ck_assert_uint_eq(t.e[0].offset, SYN_META);
	ck_assert_uint_eq(t.e[1].offset, SYN_HASH);
	ck_assert_uint_eq(t.e[2].offset, SYN_SECRET);
	ck_assert_uint_eq(t.e[3].offset, SYN_RESET);
	ck_assert_uint_eq(t.e[0].len, 4);
	ck_assert_uint_eq(t.e[1].len, 8);
	ck_assert_uint_eq(t.e[2].len, 8);
	ck_assert_uint_eq(t.e[3].len, 4);
	ck_assert_ptr_eq(ovmf_find(&t, ovmf_guid_secret), &t.e[2]);
	ck_assert_ptr_null(ovmf_find(&t, ovmf_guid_tdx_metadata));

	ck_assert_msg(ovmf_sev_es_reset_addr(&t, img, &addr, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(addr, 0x80b004);
	ck_assert_msg(ovmf_area(&t, img, ovmf_guid_hash_table, &a, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(a.base, 0x810c00);
	ck_assert_uint_eq(a.size, 0x400);
	ck_assert_msg(ovmf_area(&t, img, ovmf_guid_secret, &a, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(a.base, 0x810000);
	ck_assert_uint_eq(a.size, 0xc00);
	ck_assert_uint_eq(get_le32(img + ovmf_find(&t, ovmf_guid_sev_metadata)->offset), 0x52c);
	/* 8 KiB ending at 4 GiB starts at 0xffffe000. */
	ck_assert_uint_eq(ovmf_gpa(SYN_SIZE, 0), 0xffffe000);
	ck_assert_uint_eq(ovmf_gpa(SYN_SIZE, SYN_RESET), 0xffffffb8);
	ck_assert_uint_eq(ovmf_reset_vector_offset(SYN_SIZE), 0x1ff0);
	free(img);
}
END_TEST

START_TEST(ovmf_guid_names_and_str)
{
	static const struct {
		const uint8_t *guid;
		const char *name, *text;
	} known[] = {
		{ ovmf_guid_footer, "footer", "96b582de-1fb2-45f7-baea-a366c55a082d" },
		{ ovmf_guid_sev_es_reset, "SEV-ES reset block",
		  "00f771de-1a7e-4fcb-890e-68c77e2fb44e" },
		{ ovmf_guid_hash_table, "SEV hash table block",
		  "7255371f-3a3b-4b04-927b-1da6efa8d454" },
		{ ovmf_guid_secret, "SEV secret block", "4c2eb361-7d9b-4cc3-8081-127c90d3d294" },
		{ ovmf_guid_sev_metadata, "SEV metadata offset",
		  "dc886566-984a-4798-a75e-5585a7bf67cc" },
		{ ovmf_guid_tdx_metadata, "TDX metadata offset",
		  "e47a6535-984a-4798-865e-4685a7bf8ec2" },
	};
	const uint8_t other[OVMF_GUID_LEN] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
	};
	char buf[37];
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		ck_assert_str_eq(ovmf_guid_name(known[i].guid), known[i].name);
		ck_assert_ptr_eq(ovmf_guid_str(known[i].guid, buf), buf);
		ck_assert_str_eq(buf, known[i].text);
	}
	ck_assert_ptr_null(ovmf_guid_name(other));
	ck_assert_str_eq(ovmf_guid_str(other, buf), "04030201-0605-0807-090a-0b0c0d0e0f10");
}
END_TEST

/* An empty table (total 18) and leftover bytes below 18 are valid, as in QEMU. */
START_TEST(ovmf_empty_and_leftover)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	uint32_t addr = 7;
	struct ovmf_area a;
	uint8_t *img = blank(SYN_SIZE);

	put_footer(img, SYN_SIZE, 18);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 0);
	ck_assert_uint_eq(t.table_offset, SYN_FOOTER);
	ck_assert_int_eq(ovmf_sev_es_reset_addr(&t, img, &addr, &e), -ENOENT);
	ck_assert_ptr_nonnull(strstr(e.msg, "SEV-ES reset block"));
	ck_assert_uint_eq(addr, 7);
	ck_assert_int_eq(ovmf_area(&t, img, ovmf_guid_secret, &a, &e), -ENOENT);
	ck_assert_ptr_nonnull(strstr(e.msg, "SEV secret block"));
	free(img);

	/* 17 bytes before the last entry: ignored. */
	img = synthetic();
	put_footer(img, SYN_SIZE, SYN_TOTAL + 17);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 4);
	ck_assert_uint_eq(t.table_offset, SYN_META - 17);
	ck_assert_uint_eq(t.e[0].offset, SYN_META);
	free(img);
}
END_TEST

/* The table may start at offset 0 (QEMU: "tot_len > (ptr - flash_ptr)" is the limit). */
START_TEST(ovmf_table_fills_image)
{
	static struct ovmf_table t;
	const size_t size = 4096, footer = size - 50;
	uint8_t *img = blank(size);

	put_entry(img, footer, ovmf_guid_tdx_metadata, NULL, footer - 18);
	put_footer(img, size, footer + 18);
	expect(img, size, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 1);
	ck_assert_uint_eq(t.table_offset, 0);
	ck_assert_uint_eq(t.e[0].offset, 0);
	ck_assert_uint_eq(t.e[0].len, footer - 18);

	/* One more byte reaches before the image. */
	put_footer(img, size, footer + 19);
	expect(img, size, -EINVAL, &t, "footer at offset 0xfce", "total length 4065");
	free(img);
}
END_TEST

/* QEMU returns the first match of its backward walk: the entry nearest the footer. */
START_TEST(ovmf_duplicate_guid_like_qemu)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	uint32_t addr = 0;
	uint8_t *img = blank(SYN_SIZE), d[4];
	size_t end;

	put_le32(d, 0x1234);
	end = put_entry(img, SYN_FOOTER, ovmf_guid_sev_es_reset, d, 4);
	put_le32(d, 0x5678);
	end = put_entry(img, end, ovmf_guid_sev_es_reset, d, 4);
	put_footer(img, SYN_SIZE, SYN_FOOTER - end + 18);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 2);
	ck_assert_ptr_eq(ovmf_find(&t, ovmf_guid_sev_es_reset), &t.e[1]);
	ck_assert_msg(ovmf_sev_es_reset_addr(&t, img, &addr, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(addr, 0x1234);
	free(img);
}
END_TEST

START_TEST(ovmf_refuses_small_image)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();
	uint8_t *small = malloc(4095);

	/* The synthetic table's last 4095 bytes: a valid footer, but less than a page. */
	ck_assert_ptr_nonnull(small);
	memcpy(small, img + SYN_SIZE - 4095, 4095);
	expect(small, 4095, -EINVAL, &t, "4095 bytes", "page");
	expect(small, 0, -EINVAL, &t, "0 bytes", NULL);
	ck_assert_uint_eq(t.nr, 0);
	/* The same table in exactly a page parses. */
	free(small);
	small = malloc(4096);
	ck_assert_ptr_nonnull(small);
	memcpy(small, img + SYN_SIZE - 4096, 4096);
	expect(small, 4096, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 4);
	ck_assert_uint_eq(t.table_offset, SYN_META - (SYN_SIZE - 4096));
	free(small);
	free(img);
}
END_TEST

/* An image cannot end at 4 GiB and be larger: refused before any byte is read. */
START_TEST(ovmf_refuses_huge_image)
{
	static struct ovmf_table t;
	static const uint8_t one;

	expect(&one, (size_t)(1ull << 32) + 1, -EINVAL, &t, "4 GiB", NULL);
}
END_TEST

START_TEST(ovmf_no_footer)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();

	img[SYN_SIZE - 48 + 15] ^= 1;
	expect(img, SYN_SIZE, -ENOENT, &t, "footer GUID", "0x1fd0");
	ck_assert_uint_eq(t.nr, 0);
	memset(img, 0, SYN_SIZE);
	expect(img, SYN_SIZE, -ENOENT, &t, "not an OVMF-style image", NULL);
	free(img);
}
END_TEST

START_TEST(ovmf_total_len_below_18)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();

	put_footer(img, SYN_SIZE, 17);
	expect(img, SYN_SIZE, -EINVAL, &t, "footer at offset 0x1fce", "total length 17 is below 18");
	put_footer(img, SYN_SIZE, 0);
	expect(img, SYN_SIZE, -EINVAL, &t, "footer at offset 0x1fce", "total length 0 is below 18");
	free(img);
}
END_TEST

START_TEST(ovmf_total_len_too_large)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();

	/* 0xffff - 18 = 65517 bytes before an 8 KiB image's footer at 0x1fce (8142). */
	put_footer(img, SYN_SIZE, 0xffff);
	expect(img, SYN_SIZE, -EINVAL, &t, "footer at offset 0x1fce",
	       "total length 65535 needs 65517 bytes before it, only 8142 precede it");
	/* One byte more than the space before the footer. */
	put_footer(img, SYN_SIZE, SYN_FOOTER + 18 + 1);
	expect(img, SYN_SIZE, -EINVAL, &t, "total length 8161", "only 8142 precede it");
	free(img);
}
END_TEST

START_TEST(ovmf_entry_len_below_18)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();

	put16(img + SYN_RESET + 4, 12);		/* the reset entry's length field, 0x1fbc */
	expect(img, SYN_SIZE, -EINVAL, &t, "entry at offset 0x1fbc", "length 12 is below 18");
	free(img);

	/* A zero length, where QEMU's comment says a naive walk would spin. */
	img = synthetic();
	put16(img + SYN_HASH + 8, 0);		/* the hash entry's, 0x1f8c */
	expect(img, SYN_SIZE, -EINVAL, &t, "entry at offset 0x1f8c", "length 0 is below 18");
	free(img);
}
END_TEST

START_TEST(ovmf_entry_len_too_large)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();

	/* At the hash entry 22 (metadata) + 26 (hash) = 48 bytes of the table remain. */
	put16(img + SYN_HASH + 8, 49);
	expect(img, SYN_SIZE, -EINVAL, &t, "entry at offset 0x1f8c",
	       "length 49 is larger than the 48 bytes left");
	/* Exactly the rest is fine: the hash entry swallows the metadata one. */
	put16(img + SYN_HASH + 8, 48);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, 3);
	ck_assert_uint_eq(t.e[0].offset, SYN_META);
	ck_assert_uint_eq(t.e[0].len, 30);
	/* The last entry's length reaching beyond the table start. */
	put16(img + SYN_RESET + 4, SYN_TOTAL - 18 + 1);
	expect(img, SYN_SIZE, -EINVAL, &t, "entry at offset 0x1fbc", "length 97 is larger");
	free(img);
}
END_TEST

START_TEST(ovmf_reset_short_data)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	uint32_t addr = 7;
	uint8_t *img = blank(SYN_SIZE), d[2] = { 0x04, 0xb0 };
	size_t end = put_entry(img, SYN_FOOTER, ovmf_guid_sev_es_reset, d, 2);

	put_footer(img, SYN_SIZE, SYN_FOOTER - end + 18);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_int_eq(ovmf_sev_es_reset_addr(&t, img, &addr, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "SEV-ES reset block at offset 0x1fba"), "%s", e.msg);
	ck_assert_msg(strstr(e.msg, "data is 2 bytes, expected 4"), "%s", e.msg);
	ck_assert_uint_eq(addr, 7);
	free(img);
}
END_TEST

START_TEST(ovmf_reset_addr_zero)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	uint32_t addr = 7;
	uint8_t *img = synthetic();

	put_le32(img + SYN_RESET, 0);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_int_eq(ovmf_sev_es_reset_addr(&t, img, &addr, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "offset 0x1fb8"), "%s", e.msg);
	ck_assert_msg(strstr(e.msg, "reset_addr is 0"), "%s", e.msg);
	ck_assert_uint_eq(addr, 7);
	free(img);
}
END_TEST

START_TEST(ovmf_hash_short_data)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	static const uint8_t other[OVMF_GUID_LEN] = {
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
	};
	struct ovmf_area a = { 7, 7 };
	uint8_t *img = blank(SYN_SIZE), d[4] = { 0 };
	size_t end;

	end = put_entry(img, SYN_FOOTER, ovmf_guid_hash_table, d, 4);
	put_footer(img, SYN_SIZE, SYN_FOOTER - end + 18);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_int_eq(ovmf_area(&t, img, ovmf_guid_hash_table, &a, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "SEV hash table block at offset 0x1fb8"), "%s", e.msg);
	ck_assert_msg(strstr(e.msg, "data is 4 bytes, expected 8"), "%s", e.msg);
	ck_assert_uint_eq(a.base, 7);
	ck_assert_int_eq(ovmf_area(&t, img, ovmf_guid_secret, &a, &e), -ENOENT);
	ck_assert_msg(strstr(e.msg, "no SEV secret block"), "%s", e.msg);
	ck_assert_int_eq(ovmf_area(&t, img, ovmf_guid_tdx_metadata, &a, &e), -ENOENT);
	ck_assert_msg(strstr(e.msg, "TDX metadata offset"), "%s", e.msg);
	/* An unknown GUID is named by its text. */
	ck_assert_int_eq(ovmf_area(&t, img, other, &a, &e), -ENOENT);
	ck_assert_msg(strstr(e.msg, "04030201-0605-0807-090a-0b0c0d0e0f10"), "%s", e.msg);
	free(img);
}
END_TEST

/* A table whose entry lies outside the image it is paired with is refused, not read. */
START_TEST(ovmf_entry_outside_image)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	struct ovmf_area a;
	uint32_t addr;
	uint8_t *img = synthetic();

	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	t.e[3].offset = SYN_SIZE - 2;
	ck_assert_int_eq(ovmf_sev_es_reset_addr(&t, img, &addr, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "outside the 8192-byte image"), "%s", e.msg);
	t.e[1].offset = SIZE_MAX;
	ck_assert_int_eq(ovmf_area(&t, img, ovmf_guid_hash_table, &a, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "SEV hash table block"), "%s", e.msg);
	free(img);
}
END_TEST

/* 64 empty entries fit; a 65th is -E2BIG. */
START_TEST(ovmf_too_many_entries)
{
	static struct ovmf_table t;
	uint8_t *img = blank(SYN_SIZE), guid[OVMF_GUID_LEN];
	size_t end = SYN_FOOTER;
	unsigned int i;

	memcpy(guid, ovmf_guid_tdx_metadata, OVMF_GUID_LEN);
	for (i = 0; i < OVMF_MAX_ENTRIES + 1; i++) {
		guid[15] = (uint8_t)i;	/* entry i from the footer */
		end = put_entry(img, end, guid, NULL, 0);
	}
	put_footer(img, SYN_SIZE, SYN_FOOTER - end + 18);
	/* The 65th entry's length field: 65 * 18 bytes below the footer, + 0. */
	expect(img, SYN_SIZE, -E2BIG, &t, "more than 64 entries", "offset 0x1b3c");

	/* Without the lowest one: 64 entries, in file order. */
	put_footer(img, SYN_SIZE, SYN_FOOTER - end - 18 + 18);
	expect(img, SYN_SIZE, 0, &t, NULL, NULL);
	ck_assert_uint_eq(t.nr, OVMF_MAX_ENTRIES);
	for (i = 0; i < OVMF_MAX_ENTRIES; i++) {
		ck_assert_uint_eq(t.e[i].guid[15], OVMF_MAX_ENTRIES - 1 - i);
		ck_assert_uint_eq(t.e[i].offset, SYN_FOOTER - 18 * (OVMF_MAX_ENTRIES - i));
		ck_assert_uint_eq(t.e[i].len, 0);
	}
	free(img);
}
END_TEST

static void use_table(const struct ovmf_table *t, const uint8_t *img)
{
	struct err e = { 0 };
	struct ovmf_area a;
	uint32_t addr;
	int r;

	r = ovmf_sev_es_reset_addr(t, img, &addr, &e);
	ck_assert(r == 0 || r == -ENOENT || r == -EINVAL);
	r = ovmf_area(t, img, ovmf_guid_hash_table, &a, &e);
	ck_assert(r == 0 || r == -ENOENT || r == -EINVAL);
	r = ovmf_area(t, img, ovmf_guid_secret, &a, &e);
	ck_assert(r == 0 || r == -ENOENT || r == -EINVAL);
}

/* Any outcome but a crash or an out-of-bounds read; a parsed table is sane. */
static int parse_anything(const uint8_t *img, size_t size)
{
	static struct ovmf_table t;
	struct err e = { 0 };
	int r = ovmf_table_parse(img, size, &t, &e);

	ck_assert_msg(r == 0 || r == -ENOENT || r == -EINVAL || r == -E2BIG, "size %zu: %d",
		      size, r);
	if (r) {
		ck_assert_msg(e.code == -r && strstr(e.msg, "OVMF table"), "size %zu: %s", size,
			      e.msg);
		return r;
	}
	assert_sane(&t, size);
	use_table(&t, img);
	return 0;
}

/* The synthetic image with its last k bytes dropped (footer not moved). */
START_TEST(ovmf_truncations)
{
	uint8_t *img = synthetic();
	unsigned int k, enoent = 0;

	for (k = 1; k <= 64; k++) {
		size_t size = SYN_SIZE - k;
		uint8_t *cut = malloc(size);

		ck_assert_ptr_nonnull(cut);
		memcpy(cut, img, size);
		enoent += parse_anything(cut, size) == -ENOENT;
		free(cut);
	}
	/* The footer GUID is nowhere else in the image: no truncation finds a table. */
	ck_assert_uint_eq(enoent, 64);
	free(img);
}
END_TEST

/*
 * The table body losing its last k bytes while the footer (and the 32
 * bytes after it) stay at the end: the walk starts inside entries.
 */
START_TEST(ovmf_truncated_body)
{
	static struct ovmf_table t;
	uint8_t *img = synthetic();
	unsigned int k;

	for (k = 1; k <= SYN_TOTAL - 18 + 8; k++) {
		size_t size = SYN_SIZE - k;
		uint8_t *cut = malloc(size);

		ck_assert_ptr_nonnull(cut);
		memcpy(cut, img, SYN_FOOTER - k);
		memcpy(cut + SYN_FOOTER - k, img + SYN_FOOTER, 50);
		parse_anything(cut, size);
		if (k == 22) {
			/*
			 * The reset entry gone: the three below it are read, then
			 * the total still claims 22 bytes, zeros below 0x1f6e.
			 */
			expect(cut, size, -EINVAL, &t, "entry at offset 0x1f5c",
			       "length 0 is below 18");
		}
		free(cut);
	}
	free(img);
}
END_TEST

/* Every value of the footer's total length and of the nearest entry's length. */
START_TEST(ovmf_all_length_values)
{
	uint8_t *img = synthetic();
	size_t v;

	for (v = 0; v <= 0xffff; v++) {
		put16(img + SYN_FOOTER, v);
		parse_anything(img, SYN_SIZE);
	}
	put16(img + SYN_FOOTER, SYN_TOTAL);
	for (v = 0; v <= 0xffff; v++) {
		put16(img + SYN_RESET + 4, v);
		parse_anything(img, SYN_SIZE);
	}
	free(img);
}
END_TEST

Suite *sev_ovmf_suite(void)
{
	Suite *s = suite_create("sev_ovmf");
	TCase *tc = tcase_create("sev_ovmf");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ovmf_debian_fd_matches_python);
	tcase_add_test(tc, ovmf_debian_fd_known_values);
	tcase_add_test(tc, ovmf_synthetic_values);
	tcase_add_test(tc, ovmf_guid_names_and_str);
	tcase_add_test(tc, ovmf_empty_and_leftover);
	tcase_add_test(tc, ovmf_table_fills_image);
	tcase_add_test(tc, ovmf_duplicate_guid_like_qemu);
	tcase_add_test(tc, ovmf_refuses_small_image);
	tcase_add_test(tc, ovmf_refuses_huge_image);
	tcase_add_test(tc, ovmf_no_footer);
	tcase_add_test(tc, ovmf_total_len_below_18);
	tcase_add_test(tc, ovmf_total_len_too_large);
	tcase_add_test(tc, ovmf_entry_len_below_18);
	tcase_add_test(tc, ovmf_entry_len_too_large);
	tcase_add_test(tc, ovmf_reset_short_data);
	tcase_add_test(tc, ovmf_reset_addr_zero);
	tcase_add_test(tc, ovmf_hash_short_data);
	tcase_add_test(tc, ovmf_entry_outside_image);
	tcase_add_test(tc, ovmf_too_many_entries);
	tcase_add_test(tc, ovmf_truncations);
	tcase_add_test(tc, ovmf_truncated_body);
	tcase_add_test(tc, ovmf_all_length_values);
	suite_add_tcase(s, tc);
	return s;
}

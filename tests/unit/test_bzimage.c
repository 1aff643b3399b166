// SPDX-License-Identifier: GPL-2.0
/*
 * Boot protocol: Debian's own bzImage, and every way a kernel, initrd or
 * command line can be refused. Addresses are checked against values read
 * straight from the file bytes here, not through the parser.
 */
#include <asm/bootparam.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/unit.h"
#include "vmm/boot.h"
#include "vmm/bzimage.h"
#include "vmm/layout.h"

static uint8_t *kbuf;
static size_t klen;
static char kpath[4096];

/* The newest /boot/vmlinuz-*, or $SEVVM_TEST_BZIMAGE; the test fails without one. */
static void load_debian_bzimage(void)
{
	const char *env = getenv("SEVVM_TEST_BZIMAGE");
	glob_t g;
	FILE *f;
	long n;

	if (kbuf)
		return;
	if (env) {
		snprintf(kpath, sizeof(kpath), "%s", env);
	} else {
		ck_assert_msg(glob("/boot/vmlinuz-*", 0, NULL, &g) == 0,
			      "no /boot/vmlinuz-* (install linux-image-amd64)");
		snprintf(kpath, sizeof(kpath), "%s", g.gl_pathv[g.gl_pathc - 1]);
		globfree(&g);
	}
	f = fopen(kpath, "rb");
	ck_assert_msg(f, "cannot open %s", kpath);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	ck_assert_int_gt(n, 0x1000);
	kbuf = malloc((size_t)n);
	ck_assert_ptr_nonnull(kbuf);
	ck_assert_uint_eq(fread(kbuf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	klen = (size_t)n;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

START_TEST(debian_bzimage_parses)
{
	struct bzimage bz;
	struct err e = { 0 };
	unsigned int sects;

	load_debian_bzimage();
	ck_assert_msg(bzimage_parse(kbuf, klen, kpath, &bz, &e) == 0, "%s", e.msg);
	sects = kbuf[0x1f1] ? kbuf[0x1f1] : 4;
	ck_assert_uint_eq(bz.setup_len, (sects + 1) * 512u);
	ck_assert_uint_eq(bz.version, (unsigned)(kbuf[0x206] | kbuf[0x207] << 8));
	ck_assert_uint_ge(bz.version, 0x020a);
	ck_assert_uint_eq(bz.init_size, le32(kbuf + 0x260));
	ck_assert_uint_eq(bz.cmdline_size, le32(kbuf + 0x238));
	ck_assert_uint_eq(bz.kernel_len, klen - bz.setup_len);
	ck_assert_ptr_eq(bz.kernel, kbuf + bz.setup_len);
}
END_TEST

/* Parsing @len bytes of @buf must fail with both words in the message. */
static void expect_refusal(const uint8_t *buf, size_t len, const char *w1, const char *w2)
{
	struct bzimage bz;
	struct err e = { 0 };

	ck_assert_int_lt(bzimage_parse(buf, len, "test.bzImage", &bz, &e), 0);
	ck_assert_msg(strstr(e.msg, w1) && strstr(e.msg, w2) && strstr(e.msg, "test.bzImage"),
		      "message lacks '%s'/'%s': %s", w1, w2, e.msg);
}

/* A private copy of the Debian kernel to damage. */
static uint8_t *kernel_copy(void)
{
	uint8_t *copy;

	load_debian_bzimage();
	copy = malloc(klen);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, kbuf, klen);
	return copy;
}

START_TEST(truncated_header)
{
	load_debian_bzimage();
	expect_refusal(kbuf, 0x200, "truncated", "setup header");
}
END_TEST

START_TEST(truncated_kernel)
{
	load_debian_bzimage();
	/* Header intact, protected-mode part cut short: syssize catches it. */
	expect_refusal(kbuf, klen / 2, "truncated", "syssize");
}
END_TEST

START_TEST(bad_magic)
{
	uint8_t *copy = kernel_copy();

	memcpy(copy + 0x202, "HdrX", 4);
	expect_refusal(copy, klen, "bad magic", "HdrS");
	memcpy(copy + 0x202, "HdrS", 4);
	copy[0x1fe] = 0;
	expect_refusal(copy, klen, "bad magic", "boot_flag");
	free(copy);
}
END_TEST

START_TEST(old_protocol)
{
	uint8_t *copy = kernel_copy();

	copy[0x206] = 0x09;	/* 2.09 */
	copy[0x207] = 0x02;
	expect_refusal(copy, klen, "2.09", "too old");
	free(copy);
}
END_TEST

START_TEST(no_64bit_entry)
{
	uint8_t *copy = kernel_copy();

	copy[0x236] &= (uint8_t)~1;	/* xloadflags: XLF_KERNEL_64 */
	expect_refusal(copy, klen, "xloadflags", "64-bit");
	free(copy);
}
END_TEST

START_TEST(initrd_too_large)
{
	struct linux_layout lay;
	struct e820_map map;
	struct err e = { 0 };
	int r;

	ck_assert_int_eq(e820_build(&map, 64ull << 20, &e), 0);
	r = linux_plan(0x1000000, 0x2000000, 0x7fffffff, 2047, &map,
		       40ull << 20, "console=ttyS0", &lay, &e);
	ck_assert_int_lt(r, 0);
	ck_assert_msg(strstr(e.msg, "initrd too large"), "%s", e.msg);

	/* 16 MiB do fit between 48 MiB and 64 MiB, page-aligned, at the top. */
	r = linux_plan(0x1000000, 0x2000000, 0x7fffffff, 2047, &map,
		       (16ull << 20) - 100, "console=ttyS0", &lay, &e);
	ck_assert_msg(r == 0, "%s", e.msg);
	ck_assert_uint_eq(lay.initrd_addr, 0x3000000);
	ck_assert_uint_eq(lay.initrd_addr & 0xfff, 0);
}
END_TEST

START_TEST(initrd_below_addr_max)
{
	struct linux_layout lay;
	struct e820_map map;
	struct err e = { 0 };

	ck_assert_int_eq(e820_build(&map, 2048ull << 20, &e), 0);
	ck_assert_msg(linux_plan(0x1000000, 0x2000000, 0x37ffffff, 2047, &map,
				 0x100000, "", &lay, &e) == 0, "%s", e.msg);
	ck_assert_uint_le(lay.initrd_addr + lay.initrd_size - 1, 0x37ffffff);
	ck_assert_uint_eq(lay.initrd_addr, 0x38000000 - 0x100000);
}
END_TEST

START_TEST(cmdline_too_long)
{
	struct linux_layout lay;
	struct e820_map map;
	struct err e = { 0 };
	char line[64];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	ck_assert_int_eq(e820_build(&map, 256ull << 20, &e), 0);
	ck_assert_int_lt(linux_plan(0x1000000, 0x2000000, 0x7fffffff, 62, &map, 0, line,
				    &lay, &e), 0);
	ck_assert_msg(strstr(e.msg, "cmdline_size") && strstr(e.msg, "63"), "%s", e.msg);
	/* Exactly cmdline_size bytes are allowed (the NUL is extra). */
	ck_assert_int_eq(linux_plan(0x1000000, 0x2000000, 0x7fffffff, 63, &map, 0, line,
				    &lay, &e), 0);
}
END_TEST

START_TEST(kernel_needs_memory)
{
	struct linux_layout lay;
	struct e820_map map;
	struct err e = { 0 };

	ck_assert_int_eq(e820_build(&map, 32ull << 20, &e), 0);
	ck_assert_int_lt(linux_plan(0x1000000, 0x2000000, 0x7fffffff, 2047, &map, 0, "",
				    &lay, &e), 0);
	ck_assert_msg(strstr(e.msg, "init_size") && strstr(e.msg, "--memory"), "%s", e.msg);
}
END_TEST

START_TEST(zero_page_contents)
{
	static uint8_t zp[4096];
	struct linux_layout lay = {
		.kernel_addr = 0x1000000, .initrd_addr = 0x3000000,
		.initrd_size = 0x1234, .cmdline_addr = 0x20000, .cmdline_len = 13,
	};
	struct boot_params *bp = (struct boot_params *)zp;
	struct e820_map map;
	struct err e = { 0 };
	struct bzimage bz;

	load_debian_bzimage();
	ck_assert_int_eq(bzimage_parse(kbuf, klen, kpath, &bz, &e), 0);
	ck_assert_int_eq(e820_build(&map, 256ull << 20, &e), 0);
	ck_assert_int_eq(linux_zero_page(zp, kbuf + 0x1f1, bz.hdr_len, &lay, &map, &e), 0);
	/* Offsets from boot.rst, independent of struct layout. */
	ck_assert_uint_eq(le32(zp + 0x202), 0x53726448);	/* HdrS */
	ck_assert_uint_eq(zp[0x210], 0xff);			/* type_of_loader */
	ck_assert_uint_eq(le32(zp + 0x218), 0x3000000);		/* ramdisk_image */
	ck_assert_uint_eq(le32(zp + 0x21c), 0x1234);		/* ramdisk_size */
	ck_assert_uint_eq(le32(zp + 0x228), 0x20000);		/* cmd_line_ptr */
	ck_assert_uint_eq(zp[0x1e8], map.nr);			/* e820_entries */
	ck_assert_uint_eq(le32(zp + 0x2d0 + 20 * 3 + 8), (256u << 20) - 0x100000);
	ck_assert_uint_eq(bp->e820_table[3].type, 1);
}
END_TEST

/* End to end through boot_load() into RAM without KVM. */
struct fake_guest {
	struct ram ram;
	struct e820_map map;
	char kfile[64], ifile[64];
};

static void fake_guest_init(struct fake_guest *g, uint64_t mem)
{
	struct ram_block *b;
	struct err e = { 0 };

	ram_init(&g->ram, -1, 32);
	ck_assert_int_eq(ram_block_add(&g->ram, "ram", mem, &b, &e), 0);
	ck_assert_int_eq(ram_map(&g->ram, b, 0, 0, mem, NULL, &e), 0);
	ck_assert_int_eq(e820_build(&g->map, mem, &e), 0);
	snprintf(g->kfile, sizeof(g->kfile), "/tmp/sevvm-unit-k.XXXXXX");
	snprintf(g->ifile, sizeof(g->ifile), "/tmp/sevvm-unit-i.XXXXXX");
}

static void write_tmp(char *tmpl, const void *buf, size_t len)
{
	int fd = mkstemp(tmpl);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

START_TEST(boot_load_debian_kernel)
{
	struct fake_guest g;
	struct boot_entry ent;
	struct err e = { 0 };
	struct boot_config cfg = { .format = KERNEL_AUTO, .cmdline = "console=ttyS0", .ncpus = 2 };
	static const char initrd[] = "070701 fake initrd contents";
	uint8_t *mem;
	uint32_t rd;

	load_debian_bzimage();
	fake_guest_init(&g, 256ull << 20);
	write_tmp(g.ifile, initrd, sizeof(initrd));
	cfg.kernel = kpath;
	cfg.initrd = g.ifile;
	ck_assert_msg(boot_load(&cfg, &g.ram, &g.map, &ent, &e) == 0, "%s", e.msg);
	mem = ram_gpa_to_hva(&g.ram, 0, 1);
	ck_assert_uint_eq(ent.format, KERNEL_BZIMAGE);
	ck_assert_uint_eq(ent.rsi, GUEST_ZERO_PAGE);
	ck_assert_uint_eq(ent.rip, le32(kbuf + 0x258) + 0x200);	/* pref_address + 0x200 */
	/* The protected-mode kernel sits at its preferred address. */
	ck_assert_int_eq(memcmp(mem + le32(kbuf + 0x258),
				kbuf + (kbuf[0x1f1] + 1) * 512, 4096), 0);
	ck_assert_str_eq((char *)mem + le32(mem + GUEST_ZERO_PAGE + 0x228), "console=ttyS0");
	rd = le32(mem + GUEST_ZERO_PAGE + 0x218);
	ck_assert_int_eq(memcmp(mem + rd, initrd, sizeof(initrd)), 0);
	ck_assert_uint_eq(le32(mem + GUEST_ZERO_PAGE + 0x21c), sizeof(initrd));
	ck_assert_int_eq(memcmp(mem + GUEST_BIOS_START, "_MP_", 4), 0);
	unlink(g.ifile);
	ram_destroy(&g.ram);
}
END_TEST

START_TEST(boot_load_truncated_file)
{
	struct fake_guest g;
	struct boot_entry ent;
	struct err e = { 0 };
	struct boot_config cfg = { .format = KERNEL_BZIMAGE, .cmdline = "", .ncpus = 1 };

	load_debian_bzimage();
	fake_guest_init(&g, 64ull << 20);
	write_tmp(g.kfile, kbuf, 0x300);
	cfg.kernel = g.kfile;
	ck_assert_int_lt(boot_load(&cfg, &g.ram, &g.map, &ent, &e), 0);
	ck_assert_msg(strstr(e.msg, g.kfile) && strstr(e.msg, "truncated"), "%s", e.msg);
	unlink(g.kfile);
	ram_destroy(&g.ram);
}
END_TEST

START_TEST(boot_load_flat_and_unknown)
{
	static const uint8_t code[] = { 0x66, 0xba, 0xf4, 0x00, 0xb0, 0x03, 0xee, 0xf4 };
	struct fake_guest g;
	struct boot_entry ent;
	struct err e = { 0 };
	struct boot_config cfg = { .format = KERNEL_AUTO, .cmdline = "", .ncpus = 1 };
	uint64_t *pml4;

	fake_guest_init(&g, 16ull << 20);
	write_tmp(g.kfile, code, sizeof(code));
	cfg.kernel = g.kfile;
	ck_assert_int_lt(boot_load(&cfg, &g.ram, &g.map, &ent, &e), 0);
	ck_assert_msg(strstr(e.msg, "--kernel-format flat"), "%s", e.msg);
	cfg.format = KERNEL_FLAT;
	ck_assert_msg(boot_load(&cfg, &g.ram, &g.map, &ent, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(ent.rip, GUEST_FLAT_LOAD);
	ck_assert_int_eq(memcmp(ram_gpa_to_hva(&g.ram, GUEST_FLAT_LOAD, sizeof(code)), code,
				sizeof(code)), 0);
	/* Identity map: PD entry 1 of the first GiB maps 2 MiB with P|RW|PS. */
	pml4 = ram_gpa_to_hva(&g.ram, GUEST_PML4, 8);
	ck_assert_uint_eq(*pml4 & ~0xfffull, GUEST_PDPT);
	ck_assert_uint_eq(((uint64_t *)ram_gpa_to_hva(&g.ram, GUEST_PD, 16))[1], 0x200083);
	unlink(g.kfile);
	ram_destroy(&g.ram);
}
END_TEST

Suite *bzimage_suite(void)
{
	Suite *s = suite_create("bzimage");
	TCase *tc = tcase_create("boot protocol");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, debian_bzimage_parses);
	tcase_add_test(tc, truncated_header);
	tcase_add_test(tc, truncated_kernel);
	tcase_add_test(tc, bad_magic);
	tcase_add_test(tc, old_protocol);
	tcase_add_test(tc, no_64bit_entry);
	tcase_add_test(tc, initrd_too_large);
	tcase_add_test(tc, initrd_below_addr_max);
	tcase_add_test(tc, cmdline_too_long);
	tcase_add_test(tc, kernel_needs_memory);
	tcase_add_test(tc, zero_page_contents);
	tcase_add_test(tc, boot_load_debian_kernel);
	tcase_add_test(tc, boot_load_truncated_file);
	tcase_add_test(tc, boot_load_flat_and_unknown);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1: header search and checks, the a.out-kludge and ELF32 image
 * plans, the --initrd module list and the information structure, whose
 * bytes are decoded here at the offsets of the specification (3.3).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "vmm/e820.h"
#include "vmm/multiboot.h"

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* x86: little-endian */
}

/* A header at @off with @flags and, for bit 16, the five address fields. */
static void put_header(uint8_t *b, size_t off, uint32_t flags, const uint32_t *addr)
{
	wr32(b + off, MB_HEADER_MAGIC);
	wr32(b + off + 4, flags);
	wr32(b + off + 8, 0u - MB_HEADER_MAGIC - flags);
	for (int i = 0; addr && i < 5; i++)
		wr32(b + off + 12 + 4 * i, addr[i]);
}

START_TEST(mb_header_search)
{
	static uint8_t b[16384];
	struct mb_header h;
	struct err e = { 0 };

	memset(b, 0, sizeof(b));
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), 0);
	/* Not 4-byte aligned: not a header. */
	put_header(b, 0x102, 0x3, NULL);
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), 0);
	memset(b, 0, sizeof(b));
	/* Past the first 8192 bytes: not searched. */
	put_header(b, 8192, 0x3, NULL);
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), 0);
	/* Bad checksum: skipped, and the next good one found. */
	put_header(b, 0x100, 0x3, NULL);
	wr32(b + 0x108, 0);
	put_header(b, 0x200, 0x3, NULL);
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), 1);
	ck_assert_uint_eq(h.offset, 0x200);
	ck_assert_uint_eq(h.flags, 0x3);
}
END_TEST

START_TEST(mb_header_refusals)
{
	static uint8_t b[8192];
	struct mb_header h;
	struct err e = { 0 };

	memset(b, 0, sizeof(b));
	put_header(b, 0, MB_FLAG_VIDEO_MODE, NULL);
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(e.msg, "bit 2 (video mode"));
	put_header(b, 0, 1u << 5, NULL);
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(e.msg, "0x20"));
	/* Address fields cut off by the end of the file. */
	put_header(b, 0, MB_FLAG_AOUT_KLUDGE, NULL);
	ck_assert_int_eq(multiboot_find_header(b, 20, "k", &h, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "address fields"));
}
END_TEST

START_TEST(mb_aout_plan)
{
	static uint8_t b[0x2000];
	/* header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr */
	uint32_t a[5] = { 0x200040, 0x200000, 0, 0x203000, 0x200060 };
	struct mb_header h;
	struct mb_image img;
	struct err e = { 0 };

	memset(b, 0, sizeof(b));
	put_header(b, 0x40, MB_FLAG_AOUT_KLUDGE | MB_FLAG_PAGE_ALIGN, a);
	ck_assert_int_eq(multiboot_find_header(b, sizeof(b), "k", &h, &e), 1);
	ck_assert_uint_eq(h.load_addr, 0x200000);
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), 0);
	ck_assert_uint_eq(img.nr, 1);
	ck_assert_uint_eq(img.seg[0].paddr, 0x200000);
	ck_assert_uint_eq(img.seg[0].file_off, 0);
	ck_assert_uint_eq(img.seg[0].filesz, sizeof(b));	/* load_end_addr 0: the whole file */
	ck_assert_uint_eq(img.seg[0].memsz, 0x3000);
	ck_assert_uint_eq(img.entry, 0x200060);

	/* load_addr above header_addr. */
	h.load_addr = 0x200080;
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "load_addr"));
	/* load_end_addr past the file. */
	h.load_addr = 0x200000;
	h.load_end_addr = 0x200000 + sizeof(b) + 1;
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "load_end_addr"));
	/* bss_end_addr below load_end_addr. */
	h.load_end_addr = 0x201000;
	h.bss_end_addr = 0x200800;
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "bss_end_addr"));
	/* Entry outside the image. */
	h.bss_end_addr = 0;
	h.entry_addr = 0x201000;
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "entry point"));
	/* Below 1 MiB, where the boot tables live. */
	h = (struct mb_header){ .offset = 0x40, .flags = MB_FLAG_AOUT_KLUDGE, .header_addr = 0x8040,
				.load_addr = 0x8000, .entry_addr = 0x8050 };
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "below 1 MiB"));
}
END_TEST

START_TEST(mb_elf32_plan)
{
	static uint8_t b[0x1000];
	Elf32_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
		.e_entry = 0x100010, .e_phoff = sizeof(Elf32_Ehdr),
		.e_ehsize = sizeof(Elf32_Ehdr), .e_phentsize = sizeof(Elf32_Phdr), .e_phnum = 2,
	};
	Elf32_Phdr ph[2] = {
		{ .p_type = PT_LOAD, .p_offset = 0x100, .p_vaddr = 0xc0100000, .p_paddr = 0x100000,
		  .p_filesz = 0x200, .p_memsz = 0x800 },
		{ .p_type = PT_NOTE, .p_offset = 0x300, .p_filesz = 8, .p_memsz = 8 },
	};
	struct mb_header h = { .offset = 0x80, .flags = 0x3 };
	struct mb_image img;
	struct err e = { 0 };

	memset(b, 0, sizeof(b));
	memcpy(b, &eh, sizeof(eh));
	memcpy(b + eh.e_phoff, ph, sizeof(ph));
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), 0);
	ck_assert_uint_eq(img.nr, 1);	/* PT_NOTE skipped */
	ck_assert_uint_eq(img.seg[0].paddr, 0x100000);	/* p_paddr, not p_vaddr */
	ck_assert_uint_eq(img.seg[0].file_off, 0x100);
	ck_assert_uint_eq(img.seg[0].filesz, 0x200);
	ck_assert_uint_eq(img.seg[0].memsz, 0x800);
	ck_assert_uint_eq(img.entry, 0x100010);

	/* Segment data past the end of the file. */
	ph[0].p_filesz = 0x1000;
	memcpy(b + eh.e_phoff, ph, sizeof(ph));
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "program header 0"));
	/* ELF64 without address fields: refused. */
	b[EI_CLASS] = ELFCLASS64;
	ck_assert_int_eq(multiboot_plan_image(b, sizeof(b), "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "ELF32"));
	/* Program headers outside the file. */
	b[EI_CLASS] = ELFCLASS32;
	ck_assert_int_eq(multiboot_plan_image(b, 0x40, "k", &h, &img, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "e_phoff"));
}
END_TEST

START_TEST(mb_split_modules)
{
	const char *s[4];
	struct err e = { 0 };
	char *buf;

	ck_assert_int_eq(multiboot_split_modules("/a x y,/b,,c z", &buf, s, 4, &e), 2);
	ck_assert_str_eq(s[0], "/a x y");
	ck_assert_str_eq(s[1], "/b,c z");
	free(buf);
	ck_assert_int_eq(multiboot_split_modules("/a,,", &buf, s, 4, &e), 1);
	ck_assert_str_eq(s[0], "/a,");
	free(buf);
	ck_assert_int_eq(multiboot_split_modules("/a,", &buf, s, 4, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "module 2 has no file name"));
	free(buf);
	ck_assert_int_eq(multiboot_split_modules("a,b,c,d,e", &buf, s, 4, &e), -E2BIG);
	free(buf);
}
END_TEST

START_TEST(mb_info_layout)
{
	static uint8_t area[4096];
	const uint32_t gpa = 0x20000;
	struct mb_module mods[2] = {
		{ .start = 0x200000, .end = 0x200010, .string = "/m1 a b" },
		{ .start = 0x201000, .end = 0x201003, .string = "/m2" },
	};
	struct e820_map map;
	struct err e = { 0 };
	const uint8_t *mm, *md;
	long used;
	unsigned int i;

	ck_assert_int_eq(e820_build(&map, 64 << 20, &e), 0);
	used = multiboot_build_info(area, sizeof(area), gpa,
				    &(struct mb_info_input){ .map = &map, .cmdline = "hello",
							     .mods = mods, .nr_mods = 2 }, &e);
	ck_assert_int_gt(used, 88);
	/* flags: mem (0), cmdline (2), mods (3), mmap (6), loader name (9) */
	ck_assert_uint_eq(rd32(area + 0), 0x1u | 0x4u | 0x8u | 0x40u | 0x200u);
	ck_assert_uint_eq(rd32(area + 4), 639);		/* 0x9fc00 bytes */
	ck_assert_uint_eq(rd32(area + 8), 63 * 1024);	/* 1 MiB .. 64 MiB */
	ck_assert_str_eq((const char *)area + rd32(area + 16) - gpa, "hello");
	ck_assert_str_eq((const char *)area + rd32(area + 64) - gpa, "sevvm");
	ck_assert_uint_eq(rd32(area + 20), 2);
	md = area + rd32(area + 24) - gpa;
	ck_assert_uint_eq(rd32(md), 0x200000);
	ck_assert_uint_eq(rd32(md + 4), 0x200010);
	ck_assert_str_eq((const char *)area + rd32(md + 8) - gpa, "/m1 a b");
	ck_assert_uint_eq(rd32(md + 16), 0x201000);
	ck_assert_uint_eq(rd32(md + 20), 0x201003);
	ck_assert_str_eq((const char *)area + rd32(md + 24) - gpa, "/m2");
	/* mmap: "size" excludes itself, entries walk by size + 4. */
	ck_assert_uint_eq(rd32(area + 44), map.nr * 24);
	mm = area + rd32(area + 48) - gpa;
	for (i = 0; i < map.nr; i++, mm += rd32(mm) + 4) {
		ck_assert_uint_eq(rd32(mm), 20);
		ck_assert_uint_eq(rd64(mm + 4), map.e[i].addr);
		ck_assert_uint_eq(rd64(mm + 12), map.e[i].size);
		ck_assert_uint_eq(rd32(mm + 20), map.e[i].type);
	}
	/* Every pointer inside the bytes reported used. */
	ck_assert_uint_le(rd32(area + 64) - gpa + sizeof("sevvm"), (unsigned long)used);

	/* No cmdline, no modules: their flags clear. */
	used = multiboot_build_info(area, sizeof(area), gpa,
				    &(struct mb_info_input){ .map = &map }, &e);
	ck_assert_int_gt(used, 0);
	ck_assert_uint_eq(rd32(area) & (0x4u | 0x8u), 0);
	/* Too small an area. */
	ck_assert_int_eq(multiboot_build_info(area, 100, gpa,
					      &(struct mb_info_input){ .map = &map }, &e), -E2BIG);
	ck_assert_ptr_nonnull(strstr(e.msg, "memory map"));
}
END_TEST

Suite *multiboot_suite(void)
{
	Suite *s = suite_create("multiboot");
	TCase *tc = tcase_create("multiboot");

	tcase_add_test(tc, mb_header_search);
	tcase_add_test(tc, mb_header_refusals);
	tcase_add_test(tc, mb_aout_plan);
	tcase_add_test(tc, mb_elf32_plan);
	tcase_add_test(tc, mb_split_modules);
	tcase_add_test(tc, mb_info_layout);
	suite_add_tcase(s, tc);
	return s;
}

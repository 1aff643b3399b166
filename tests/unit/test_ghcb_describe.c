// SPDX-License-Identifier: GPL-2.0
/*
 * The debugger's GHCB decoder (sev/ghcb_describe.h) on pages built here.
 * The offsets are written out from the GHCB spec 56421 table 3 (and
 * Linux's struct ghcb), not taken from sev/ghcb.h, so a wrong macro fails.
 */
#include "tests/unit/unit.h"

#include <check.h>
#include <errno.h>
#include <string.h>
#include "sev/ghcb_describe.h"

static void put64(uint8_t *page, unsigned int off, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		page[off + i] = (uint8_t)(v >> (8 * i));
}

static void set_valid(uint8_t *page, unsigned int field_off)
{
	unsigned int bit = field_off / 8;

	page[0x3f0 + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

START_TEST(test_page_ioio)
{
	static uint8_t page[4096];
	char buf[1024];
	struct strbuf out = strbuf_on(buf, sizeof(buf));
	struct err e = { 0 };

	memset(page, 0, sizeof(page));
	put64(page, 0x390, 0x7b);		/* sw_exit_code: IOIO */
	put64(page, 0x398, 0x3f80010);		/* port 0x3f8, 8-bit, out */
	put64(page, 0x3a0, 0);
	put64(page, 0x3a8, 0x1234000);
	put64(page, 0x1f8, 'A');		/* rax */
	set_valid(page, 0x1f8);
	set_valid(page, 0x390);
	set_valid(page, 0x398);
	set_valid(page, 0x3a0);
	page[0xffa] = 1;			/* protocol_version 1 */
	ck_assert_int_eq(ghcb_describe_page(page, sizeof(page), &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(buf, "sw_exit_code   0x7b (IOIO)\n"));
	ck_assert_ptr_nonnull(strstr(buf, "sw_exit_info_1 0x3f80010\n"));
	ck_assert_ptr_nonnull(strstr(buf, "sw_scratch     0x1234000\n"));
	ck_assert_ptr_nonnull(strstr(buf, ": rax sw_exit_code sw_exit_info_1 sw_exit_info_2\n"));
	ck_assert_ptr_nonnull(strstr(buf, "protocol_version 1, ghcb_usage 0\n"));
}
END_TEST

START_TEST(test_page_names_and_unknown_bits)
{
	static uint8_t page[4096];
	char buf[1024];
	struct strbuf out = strbuf_on(buf, sizeof(buf));
	struct err e = { 0 };

	memset(page, 0, sizeof(page));
	put64(page, 0x390, 0x80000002ull);	/* MMIO write */
	set_valid(page, 0xc8);			/* the quadword holding cpl (0xcb) */
	set_valid(page, 0x3e8);			/* xcr0 */
	set_valid(page, 0x10);			/* reserved: shown by offset */
	ck_assert_int_eq(ghcb_describe_page(page, sizeof(page), &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(buf, "(MMIO write)"));
	ck_assert_ptr_nonnull(strstr(buf, ": +0x10 cpl xcr0\n"));

	memset(page, 0xff, sizeof(page));	/* whatever the guest wrote */
	out = strbuf_on(buf, sizeof(buf));
	ck_assert_int_eq(ghcb_describe_page(page, sizeof(page), &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(buf, "(unknown)"));

	ck_assert_int_eq(ghcb_describe_page(page, 100, &out, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.msg, "GHCB page"));
}
END_TEST

START_TEST(test_msr_values)
{
	char buf[256];
	struct strbuf out;

	out = strbuf_on(buf, sizeof(buf));
	ghcb_describe_msr(0x7000, &out);
	ck_assert_str_eq(buf, "GHCB MSR 0x0000000000007000: GHCB page at GPA 0x7000\n");
	out = strbuf_on(buf, sizeof(buf));
	ghcb_describe_msr(0, &out);
	ck_assert_ptr_nonnull(strstr(buf, "no GHCB registered"));
	/* SEV_INFO response: max 2, min 1, C-bit 51 (56421 2.3.1). */
	out = strbuf_on(buf, sizeof(buf));
	ghcb_describe_msr(0x0002000133000001ull, &out);
	ck_assert_ptr_nonnull(strstr(buf, "protocol versions 1..2, C-bit 51\n"));
	/* CPUID request: function 0x8000001f, register EBX (GHCBData[31:30] = 1). */
	out = strbuf_on(buf, sizeof(buf));
	ghcb_describe_msr(0x8000001f40000004ull, &out);
	ck_assert_ptr_nonnull(strstr(buf, "CPUID request: ebx of function 0x8000001f\n"));
	out = strbuf_on(buf, sizeof(buf));
	ghcb_describe_msr(0x100, &out);
	ck_assert_ptr_nonnull(strstr(buf, "termination request: set 0 code 0"));
	out = strbuf_on(buf, sizeof(buf));
	ghcb_describe_msr(0xabc, &out);
	ck_assert_ptr_nonnull(strstr(buf, "unknown MSR-protocol code 0xabc"));
}
END_TEST

Suite *ghcb_describe_suite(void)
{
	Suite *s = suite_create("ghcb_describe");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_page_ioio);
	tcase_add_test(tc, test_page_names_and_unknown_bits);
	tcase_add_test(tc, test_msr_values);
	suite_add_tcase(s, tc);
	return s;
}

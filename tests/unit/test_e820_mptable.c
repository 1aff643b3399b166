// SPDX-License-Identifier: GPL-2.0
/* e820 map and MP table, checked by walking them as a guest would. */
#include <stdlib.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "vmm/e820.h"
#include "vmm/layout.h"
#include "vmm/mptable.h"

START_TEST(e820_small)
{
	struct e820_map m;
	struct err e = { 0 };

	ck_assert_int_eq(e820_build(&m, 512ull << 20, &e), 0);
	ck_assert_uint_eq(m.nr, 4);
	ck_assert_uint_eq(m.e[0].addr, 0);
	ck_assert_uint_eq(m.e[0].size, 0x9fc00);
	ck_assert_uint_eq(m.e[0].type, E820_TYPE_RAM);
	ck_assert_uint_eq(m.e[1].type, E820_TYPE_RESERVED);
	ck_assert_uint_eq(m.e[2].addr, 0xf0000);
	ck_assert_uint_eq(m.e[2].type, E820_TYPE_RESERVED);
	ck_assert_uint_eq(m.e[3].addr, 0x100000);
	ck_assert_uint_eq(m.e[3].addr + m.e[3].size, 512ull << 20);
	ck_assert_uint_eq(e820_ram_top_below(&m, 1ull << 32), 512ull << 20);
	ck_assert_uint_eq(e820_ram_top_below(&m, 0x80000), 0x80000);
}
END_TEST

START_TEST(e820_above_4g)
{
	struct e820_map m;
	struct err e = { 0 };
	uint64_t ram = 0;
	unsigned int i;

	ck_assert_int_eq(e820_build(&m, 5ull << 30, &e), 0);
	ck_assert_uint_eq(m.nr, 5);
	ck_assert_uint_eq(m.e[3].addr + m.e[3].size, 0xc0000000);
	ck_assert_uint_eq(m.e[4].addr, 1ull << 32);
	ck_assert_uint_eq(m.e[4].size, 2ull << 30);
	for (i = 0; i < m.nr; i++) {
		if (m.e[i].type == E820_TYPE_RAM)
			ram += m.e[i].size;
		if (i)
			ck_assert_uint_ge(m.e[i].addr, m.e[i - 1].addr + m.e[i - 1].size);
	}
	/* All memory but the EBDA and BIOS hole is RAM. */
	ck_assert_uint_eq(ram, (5ull << 30) - (0x100000 - 0x9fc00));
	ck_assert_uint_eq(e820_ram_top_below(&m, 0xc0000000), 0xc0000000);
}
END_TEST

START_TEST(e820_refusals)
{
	struct e820_map m = { .nr = 0 };
	struct err e = { 0 };

	ck_assert_int_lt(e820_build(&m, 1ull << 20, &e), 0);
	ck_assert_msg(strstr(e.msg, "minimum"), "%s", e.msg);
	m.nr = 0;
	ck_assert_int_eq(e820_add(&m, 0x1000, 0x1000, 1, &e), 0);
	ck_assert_int_lt(e820_add(&m, 0x1800, 0x1000, 1, &e), 0);
	ck_assert_msg(strstr(e.msg, "overlaps"), "%s", e.msg);
	ck_assert_int_lt(e820_add(&m, 0x4000, 0, 1, &e), 0);
}
END_TEST

/* The ACPI area of direct boot: the BIOS area's reserved entry split in two. */
START_TEST(e820_retype_splits)
{
	struct e820_map m;
	struct err e = { 0 };

	ck_assert_int_eq(e820_build(&m, 512ull << 20, &e), 0);
	ck_assert_int_eq(e820_retype(&m, 0xf8000, 0x8000, E820_TYPE_ACPI, &e), 0);
	ck_assert_uint_eq(m.nr, 5);
	ck_assert_uint_eq(m.e[2].addr, 0xf0000);
	ck_assert_uint_eq(m.e[2].size, 0x8000);
	ck_assert_uint_eq(m.e[2].type, E820_TYPE_RESERVED);
	ck_assert_uint_eq(m.e[3].addr, 0xf8000);
	ck_assert_uint_eq(m.e[3].size, 0x8000);
	ck_assert_uint_eq(m.e[3].type, E820_TYPE_ACPI);
	ck_assert_uint_eq(m.e[4].addr, 0x100000);
	ck_assert_uint_eq(m.e[4].type, E820_TYPE_RAM);
	/* A middle piece makes three entries of one. */
	ck_assert_int_eq(e820_retype(&m, 0x200000, 0x1000, E820_TYPE_RESERVED, &e), 0);
	ck_assert_uint_eq(m.nr, 7);
	ck_assert_uint_eq(m.e[4].size, 0x100000);
	ck_assert_uint_eq(m.e[5].addr, 0x200000);
	ck_assert_uint_eq(m.e[6].addr, 0x201000);
	ck_assert_uint_eq(m.e[6].addr + m.e[6].size, 512ull << 20);
	/* Across two entries, or in the hole at 0xa0000: refused. */
	ck_assert_int_lt(e820_retype(&m, 0xff000, 0x2000, E820_TYPE_ACPI, &e), 0);
	ck_assert_int_lt(e820_retype(&m, 0xa0000, 0x1000, E820_TYPE_ACPI, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "not inside one entry"));
}
END_TEST

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void check_mptable(unsigned int ncpus)
{
	size_t len = mptable_size(ncpus);
	uint8_t *buf = calloc(1, len), *cfg, *p, *end;
	unsigned int cpus = 0, bsps = 0, ioapics = 0, intsrc = 0, pci_src = 0, lint = 0, count, i;
	int isa_bus = -1, pci_bus = -1;
	struct err e = { 0 };
	uint64_t gpa = 0xf0000;
	uint8_t ioapic_id = 0xff;
	int r;

	r = mptable_write(buf, len, gpa, ncpus, &e);
	ck_assert_msg(r == (int)len, "%s", e.msg);
	/* Floating pointer (MP spec 4.1). */
	ck_assert_int_eq(memcmp(buf, "_MP_", 4), 0);
	ck_assert_uint_eq(buf[8], 1);		/* length in paragraphs */
	ck_assert_uint_eq(buf[9], 4);		/* spec 1.4 */
	ck_assert_uint_eq(sum(buf, 16), 0);
	ck_assert_uint_eq(rd32(buf + 4), gpa + 16);
	/* Configuration table header (4.2). */
	cfg = buf + (rd32(buf + 4) - gpa);
	ck_assert_int_eq(memcmp(cfg, "PCMP", 4), 0);
	ck_assert_uint_eq(sum(cfg, (size_t)(cfg[4] | cfg[5] << 8)), 0);
	ck_assert_uint_eq(rd32(cfg + 36), 0xfee00000);
	count = (unsigned int)(cfg[34] | cfg[35] << 8);
	end = cfg + (cfg[4] | cfg[5] << 8);
	ck_assert_ptr_eq(end, buf + len);
	/* Walk the entries by type and size, like Linux's smp_read_mpc(). */
	for (p = cfg + 44, i = 0; p < end; i++) {
		switch (p[0]) {
		case 0:
			ck_assert_uint_eq(p[1], cpus);	/* APIC IDs 0..n-1 */
			ck_assert(p[3] & 1);
			if (p[3] & 2)
				bsps++;
			cpus++;
			p += 20;
			break;
		case 1:
			if (!memcmp(p + 2, "ISA   ", 6))
				isa_bus = p[1];
			else if (!memcmp(p + 2, "PCI   ", 6))
				pci_bus = p[1];
			else
				ck_abort_msg("unknown bus type");
			p += 8;
			break;
		case 2:
			ioapics++;
			ioapic_id = p[1];
			ck_assert_uint_eq(rd32(p + 4), 0xfec00000);
			p += 8;
			break;
		case 3:
			ck_assert_uint_eq(p[6], ioapic_id);
			if (p[4] == pci_bus) {
				/* Slot s INTA# (s << 2 | 0), level, active high, pins 16..23. */
				pci_src++;
				ck_assert_uint_eq(p[5], pci_src << 2);
				ck_assert_uint_eq(p[2], 0x0d);
				ck_assert_uint_eq(p[7], 16 + pci_src % 8);
			} else {
				ck_assert_int_eq(p[4], isa_bus);
				ck_assert_uint_eq(p[5], intsrc);	/* ISA IRQ n */
				ck_assert_uint_eq(p[7], intsrc);	/* to pin n */
				intsrc++;
			}
			p += 8;
			break;
		case 4:
			ck_assert_uint_eq(p[1], lint ? 1 : 3);	/* NMI, ExtINT */
			lint++;
			p += 8;
			break;
		default:
			ck_abort_msg("unknown MP entry type %u", p[0]);
		}
	}
	ck_assert_ptr_eq(p, end);
	ck_assert_uint_eq(i, count);
	ck_assert_uint_eq(cpus, ncpus);
	ck_assert_uint_eq(bsps, 1);
	ck_assert_uint_eq(ioapics, 1);
	ck_assert_uint_ge(ioapic_id, ncpus);	/* no clash with a CPU */
	ck_assert_uint_eq(intsrc, 16);
	ck_assert_uint_eq(pci_src, 31);
	ck_assert_int_eq(pci_bus, 0);		/* the MP bus ID is the PCI bus number */
	ck_assert_int_ne(isa_bus, pci_bus);
	ck_assert_uint_eq(lint, 2);
	free(buf);
}

START_TEST(mptable_one_cpu) { check_mptable(1); }
END_TEST

START_TEST(mptable_64_cpus) { check_mptable(64); }
END_TEST

START_TEST(mptable_refusals)
{
	uint8_t buf[64];
	struct err e = { 0 };

	ck_assert_int_lt(mptable_write(buf, sizeof(buf), 0xf0000, 2, &e), 0);
	ck_assert_msg(strstr(e.msg, "needs"), "%s", e.msg);
	ck_assert_int_lt(mptable_write(buf, sizeof(buf), 0xf0000, 0, &e), 0);
}
END_TEST

Suite *e820_suite(void)
{
	Suite *s = suite_create("e820");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, e820_small);
	tcase_add_test(tc, e820_above_4g);
	tcase_add_test(tc, e820_refusals);
	tcase_add_test(tc, e820_retype_splits);
	suite_add_tcase(s, tc);
	return s;
}

Suite *mptable_suite(void)
{
	Suite *s = suite_create("mptable");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, mptable_one_cpu);
	tcase_add_test(tc, mptable_64_cpus);
	tcase_add_test(tc, mptable_refusals);
	suite_add_tcase(s, tc);
	return s;
}

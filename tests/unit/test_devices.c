// SPDX-License-Identifier: GPL-2.0
/* i8042, CMOS RTC, PCI configuration mechanism 1, test exit port. */
#include <string.h>
#include "devices/debug_exit.h"
#include "devices/i8042.h"
#include "devices/pci.h"
#include "devices/rtc.h"
#include "tests/unit/unit.h"

static void count_reset(void *o)
{
	(*(int *)o)++;
}

START_TEST(i8042_reset_and_probe)
{
	struct i8042 k;
	int resets = 0;

	i8042_init(&k, count_reset, &resets);
	ck_assert_uint_eq(i8042_read(&k, 0x64) & 1, 0);	/* output empty */
	i8042_write(&k, 0x64, 0xaa);			/* self test */
	ck_assert_uint_eq(i8042_read(&k, 0x64) & 1, 1);
	ck_assert_uint_eq(i8042_read(&k, 0x60), 0x55);
	i8042_write(&k, 0x64, 0x60);			/* write CTR */
	i8042_write(&k, 0x60, 0x47);
	i8042_write(&k, 0x64, 0x20);			/* read CTR */
	ck_assert_uint_eq(i8042_read(&k, 0x60), 0x47);
	ck_assert_int_eq(resets, 0);
	i8042_write(&k, 0x64, 0xfe);			/* pulse reset */
	ck_assert_int_eq(resets, 1);
	i8042_destroy(&k);
}
END_TEST

static time_t fixed_time(void)
{
	return 1795391336;	/* 2026-11-22 23:48:56 UTC (date -u -d @1795391336) */
}

static uint8_t cmos(struct rtc *r, uint8_t idx)
{
	rtc_write(r, 0x70, idx);
	return rtc_read(r, 0x71);
}

START_TEST(rtc_host_time_bcd)
{
	struct rtc r;

	rtc_init(&r, fixed_time);
	ck_assert_uint_eq(cmos(&r, 0x00), 0x56);
	ck_assert_uint_eq(cmos(&r, 0x02), 0x48);
	ck_assert_uint_eq(cmos(&r, 0x04), 0x23);
	ck_assert_uint_eq(cmos(&r, 0x07), 0x22);
	ck_assert_uint_eq(cmos(&r, 0x08), 0x11);
	ck_assert_uint_eq(cmos(&r, 0x09), 0x26);
	ck_assert_uint_eq(cmos(&r, 0x32), 0x20);
	ck_assert_uint_eq(cmos(&r, 0x06), 1);	/* Sunday */
	ck_assert_uint_eq(cmos(&r, 0x0a) & 0x80, 0);	/* no update in progress */
	ck_assert_uint_eq(cmos(&r, 0x0d), 0x80);
	/* Binary mode (register B bit 2). */
	rtc_write(&r, 0x70, 0x0b);
	rtc_write(&r, 0x71, 0x06);
	ck_assert_uint_eq(cmos(&r, 0x00), 56);
	ck_assert_uint_eq(cmos(&r, 0x04), 23);
	/* NMI-disable bit of the index is not part of the address. */
	ck_assert_uint_eq(cmos(&r, 0x80 | 0x02), 48);
	rtc_destroy(&r);
}
END_TEST

static uint32_t conf1_read(struct pci_bus *b, uint32_t addr, unsigned int off, unsigned int len)
{
	uint32_t v = 0;

	pci_conf1_io(b, 0, &addr, 4, true);
	pci_conf1_io(b, 4 + off, &v, len, false);
	return v;
}

START_TEST(pci_conf1)
{
	struct pci_bus b;
	uint32_t v = 0x80000000;

	pci_bus_init(&b);
	/* Linux's pci_check_type1(): CONFIG_ADDRESS reads back. */
	pci_conf1_io(&b, 0, &v, 4, true);
	v = 0;
	pci_conf1_io(&b, 0, &v, 4, false);
	ck_assert_uint_eq(v, 0x80000000);
	ck_assert_uint_eq(conf1_read(&b, 0x80000000, 0, 4), 0x00081b36);
	ck_assert_uint_eq(conf1_read(&b, 0x80000008, 0, 4) >> 8, 0x060000);
	ck_assert_uint_eq(conf1_read(&b, 0x80000000, 2, 2), 0x0008);
	/* Absent device 00:01.0, function 1, bus 1: all ones. */
	ck_assert_uint_eq(conf1_read(&b, 0x80000800, 0, 4), 0xffffffff);
	ck_assert_uint_eq(conf1_read(&b, 0x80000100, 0, 4), 0xffffffff);
	ck_assert_uint_eq(conf1_read(&b, 0x80010000, 0, 2), 0xffff);
	/* Enable bit clear: no access. */
	ck_assert_uint_eq(conf1_read(&b, 0x00000000, 0, 4), 0xffffffff);
	/* Read-only vendor ID; writable command bits. */
	pci_cfg_write(&b, 0x80000000, 0, 2, 0x1234);
	ck_assert_uint_eq(pci_cfg_read(&b, 0x80000000, 0, 2), 0x1b36);
	pci_cfg_write(&b, 0x80000004, 0, 2, 0xffff);
	ck_assert_uint_eq(pci_cfg_read(&b, 0x80000004, 0, 2), 0x0407);
	pci_bus_destroy(&b);
}
END_TEST

struct exit_probe {
	int status, calls;
};

static void on_exit_port(void *o, int status)
{
	struct exit_probe *p = o;

	p->status = status;
	p->calls++;
}

START_TEST(debug_exit_port)
{
	struct exit_probe p = { 0 };
	struct debug_exit d = { .exit = on_exit_port, .opaque = &p };
	uint8_t v8 = 3;
	uint32_t v32 = 0x7f;

	debug_exit_io(&d, 0, &v8, 1, true);
	ck_assert_int_eq(p.status, 7);
	debug_exit_io(&d, 0, &v32, 4, true);
	ck_assert_int_eq(p.status, 0xff);
	ck_assert_int_eq(debug_exit_status(0), 1);
	ck_assert_int_eq(p.calls, 2);
	v32 = 0;
	debug_exit_io(&d, 0, &v32, 4, false);	/* reads do nothing */
	ck_assert_int_eq(p.calls, 2);
}
END_TEST

Suite *devices_suite(void)
{
	Suite *s = suite_create("devices");
	TCase *tc = tcase_create("legacy");

	tcase_add_test(tc, i8042_reset_and_probe);
	tcase_add_test(tc, rtc_host_time_bcd);
	tcase_add_test(tc, pci_conf1);
	tcase_add_test(tc, debug_exit_port);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/* i8042, CMOS RTC, PCI configuration mechanism 1, test exit port. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devices/debug_exit.h"
#include "devices/debugcon.h"
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

/* The RTC's own calendar arithmetic agrees with glibc's gmtime_r. */
START_TEST(rtc_utc_time_matches_gmtime)
{
	/* 1901 to 2200: leap days, 2000 (leap) and 2100 (not); odd seconds */
	for (int64_t t = -2145916800; t < 7258118400; t += 86400 * 3 + 3607) {
		time_t tt = (time_t)t;
		struct tm want, got;

		ck_assert_ptr_nonnull(gmtime_r(&tt, &want));
		rtc_utc_time(t, &got);
		ck_assert_int_eq(got.tm_sec, want.tm_sec);
		ck_assert_int_eq(got.tm_min, want.tm_min);
		ck_assert_int_eq(got.tm_hour, want.tm_hour);
		ck_assert_int_eq(got.tm_mday, want.tm_mday);
		ck_assert_int_eq(got.tm_mon, want.tm_mon);
		ck_assert_int_eq(got.tm_year, want.tm_year);
		ck_assert_int_eq(got.tm_wday, want.tm_wday);
	}
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
	ck_assert_uint_eq(conf1_read(&b, 0x80000000, 0, 4), 0x12378086);
	ck_assert_uint_eq(conf1_read(&b, 0x80000008, 0, 4) >> 8, 0x060000);
	ck_assert_uint_eq(conf1_read(&b, 0x80000000, 2, 2), 0x1237);
	/* Absent device 00:01.0, function 1, bus 1: all ones. */
	ck_assert_uint_eq(conf1_read(&b, 0x80000800, 0, 4), 0xffffffff);
	ck_assert_uint_eq(conf1_read(&b, 0x80000100, 0, 4), 0xffffffff);
	ck_assert_uint_eq(conf1_read(&b, 0x80010000, 0, 2), 0xffff);
	/* Enable bit clear: no access. */
	ck_assert_uint_eq(conf1_read(&b, 0x00000000, 0, 4), 0xffffffff);
	/* Read-only vendor ID; writable command bits. */
	pci_cfg_write(&b, 0x80000000, 0, 2, 0x1234);
	ck_assert_uint_eq(pci_cfg_read(&b, 0x80000000, 0, 2), 0x8086);
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


/*
 * --debugcon: lines with their time stamps, CR dropped, a line longer
 * than the buffer in pieces, an unended line written at close; reads
 * give 0xe9 (OVMF's presence check).
 */
START_TEST(debugcon_lines)
{
	char path[] = "/tmp/sevvm-debugcon-XXXXXX", text[1024], want[300];
	const char *msg = "PlatformPei: ok\r\nlast";
	struct debugcon d;
	regex_t re;
	struct err e;
	uint8_t b = 0;
	size_t i, n;
	FILE *f;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(debugcon_open(&d, path, NULL, &e), 0);
	debugcon_io(&d, 0, &b, 1, false);
	ck_assert_uint_eq(b, 0xe9);
	for (i = 0; msg[i]; i++)
		debugcon_io(&d, 0, (void *)&msg[i], 1, true);
	debugcon_io(&d, 0, (uint8_t[]){ '\n' }, 1, true);
	for (i = 0; i < DEBUGCON_LINE_MAX + 10; i++)
		debugcon_io(&d, 0, (uint8_t[]){ 'x' }, 1, true);
	debugcon_close(&d);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	unlink(path);
	text[n] = '\0';
	snprintf(want, sizeof(want), "^\\[ +0\\.[0-9]{6}\\] PlatformPei: ok\n"
		 "\\[ +0\\.[0-9]{6}\\] last\n\\[ +0\\.[0-9]{6}\\] x{%u}\n"
		 "\\[ +0\\.[0-9]{6}\\] x{10}\n$", DEBUGCON_LINE_MAX);
	ck_assert_int_eq(regcomp(&re, want, REG_EXTENDED), 0);
	ck_assert_msg(regexec(&re, text, 0, NULL, 0) == 0, "debugcon output:\n%s", text);
	regfree(&re);
	ck_assert_int_lt(debugcon_open(&d, "/nonexistent/dir/f", NULL, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "--debugcon /nonexistent/dir/f"));
}
END_TEST

Suite *devices_suite(void)
{
	Suite *s = suite_create("devices");
	TCase *tc = tcase_create("legacy");

	tcase_add_test(tc, i8042_reset_and_probe);
	tcase_add_test(tc, rtc_host_time_bcd);
	tcase_add_test(tc, rtc_utc_time_matches_gmtime);
	tcase_add_test(tc, pci_conf1);
	tcase_add_test(tc, debug_exit_port);
	tcase_add_test(tc, debugcon_lines);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/* Register map from the MC146818A data sheet; century at 0x32 (PC/AT). */
#include "devices/rtc.h"

#include <string.h>

#define REG_SEC		0x00
#define REG_MIN		0x02
#define REG_HOUR	0x04
#define REG_WDAY	0x06
#define REG_MDAY	0x07
#define REG_MON		0x08
#define REG_YEAR	0x09
#define REG_A		0x0a
#define REG_B		0x0b
#define REG_C		0x0c
#define REG_D		0x0d
#define REG_CENTURY	0x32

#define B_24H		0x02
#define B_BIN		0x04
#define D_VRT		0x80	/* valid RAM and time */
#define NMI_DISABLE	0x80

static uint8_t to_bcd(const struct rtc *r, int v)
{
	if (r->cmos[REG_B] & B_BIN)
		return (uint8_t)v;
	return (uint8_t)((v / 10) << 4 | (v % 10));
}

/*
 * Seconds since the epoch to the UTC calendar, by the proleptic Gregorian
 * rules (days to year, month and day as in H. Hinnant's "chrono-Compatible
 * Low-Level Date Algorithms", civil_from_days, with 400-year eras of
 * 146097 days starting on 1 March). Not gmtime_r: glibc's sets up the
 * time zone on its first call (reading /etc/localtime through stdio), some
 * 100 KiB of libc pages resident for a UTC clock that needs no zone.
 */
void rtc_utc_time(int64_t t, struct tm *tm)
{
	int64_t days = t / 86400, secs = t % 86400, era, doe, yoe, doy, mp, y;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	*tm = (struct tm){
		.tm_sec = (int)(secs % 60),
		.tm_min = (int)(secs / 60 % 60),
		.tm_hour = (int)(secs / 3600),
		/* 1 January 1970 was a Thursday */
		.tm_wday = (int)(((days + 4) % 7 + 7) % 7),
	};
	days += 719468;			/* from 1970-01-01 to 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;				/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;	/* [0, 399] */
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);		/* [0, 365] */
	mp = (5 * doy + 2) / 153;				/* March = 0 */
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->tm_year = (int)(y + (tm->tm_mon <= 1) - 1900);
}

static void rtc_latch_time(struct rtc *r)
{
	struct tm tm;

	rtc_utc_time(r->now(), &tm);
	r->cmos[REG_SEC] = to_bcd(r, tm.tm_sec);
	r->cmos[REG_MIN] = to_bcd(r, tm.tm_min);
	r->cmos[REG_HOUR] = to_bcd(r, tm.tm_hour);
	r->cmos[REG_WDAY] = to_bcd(r, tm.tm_wday + 1);
	r->cmos[REG_MDAY] = to_bcd(r, tm.tm_mday);
	r->cmos[REG_MON] = to_bcd(r, tm.tm_mon + 1);
	r->cmos[REG_YEAR] = to_bcd(r, tm.tm_year % 100);
	r->cmos[REG_CENTURY] = to_bcd(r, (tm.tm_year + 1900) / 100);
}

void rtc_init(struct rtc *r, time_t (*now)(void))
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	r->now = now;
	r->cmos[REG_A] = 0x26;		/* 32.768 kHz base, 1024 Hz rate, UIP clear */
	r->cmos[REG_B] = B_24H;		/* BCD, 24-hour */
	r->cmos[REG_D] = D_VRT;
}

#define CMOS_BASE_MEM		0x15
#define CMOS_EXT_MEM		0x17
#define CMOS_EXT_MEM2		0x30
#define CMOS_MEM_ABOVE_16M	0x34
#define CMOS_MEM_ABOVE_4G	0x5b

static void put_le(struct rtc *r, unsigned int reg, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		r->cmos[reg + i] = (uint8_t)(v >> (8 * i));
}

void rtc_set_memory(struct rtc *r, uint64_t below_4g, uint64_t above_4g)
{
	const uint64_t mib = 1ull << 20, k64 = 1ull << 16;
	uint64_t ext = below_4g > mib ? (below_4g - mib) >> 10 : 0;
	uint64_t above_16m = below_4g > 16 * mib ? (below_4g - 16 * mib) / k64 : 0;

	if (ext > 0xffff)
		ext = 0xffff;
	if (above_16m > 0xffff)
		above_16m = 0xffff;
	pthread_mutex_lock(&r->lock);
	put_le(r, CMOS_BASE_MEM, 640, 2);
	put_le(r, CMOS_EXT_MEM, ext, 2);
	put_le(r, CMOS_EXT_MEM2, ext, 2);
	put_le(r, CMOS_MEM_ABOVE_16M, above_16m, 2);
	put_le(r, CMOS_MEM_ABOVE_4G, above_4g / k64, 3);
	pthread_mutex_unlock(&r->lock);
}

void rtc_destroy(struct rtc *r)
{
	pthread_mutex_destroy(&r->lock);
}

uint8_t rtc_read(struct rtc *r, uint16_t port)
{
	uint8_t v;

	if (port == RTC_PORT)
		return 0xff;
	pthread_mutex_lock(&r->lock);
	if (r->index <= REG_YEAR || r->index == REG_CENTURY)
		rtc_latch_time(r);
	v = r->cmos[r->index];
	if (r->index == REG_C)
		r->cmos[REG_C] = 0;	/* reading C clears the flags */
	pthread_mutex_unlock(&r->lock);
	return v;
}

void rtc_write(struct rtc *r, uint16_t port, uint8_t val)
{
	pthread_mutex_lock(&r->lock);
	if (port == RTC_PORT) {
		r->index = val & (uint8_t)~NMI_DISABLE;
	} else if (r->index == REG_B) {
		r->cmos[REG_B] = val;
	} else if (r->index == REG_A) {
		r->cmos[REG_A] = val & 0x7f;	/* UIP is read-only */
	} else if (r->index > REG_D) {
		r->cmos[r->index] = val;	/* battery-backed RAM */
	}
	/* Writes to the time registers are ignored: the host's clock rules. */
	pthread_mutex_unlock(&r->lock);
}

void rtc_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	uint8_t *d = data;
	uint16_t port = (uint16_t)(RTC_PORT + offset);

	if (is_write)
		rtc_write(opaque, port, d[0]);
	else
		memset(d, rtc_read(opaque, port), len);
}

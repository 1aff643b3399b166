/* SPDX-License-Identifier: GPL-2.0 */
/* MC146818 CMOS RTC at 0x70/0x71 showing the host's date and time (UTC). */
#ifndef SEVVM_RTC_H
#define SEVVM_RTC_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define RTC_PORT	0x70
#define RTC_NREGS	128

struct rtc {
	pthread_mutex_t lock;
	uint8_t index;
	uint8_t cmos[RTC_NREGS];
	time_t (*now)(void);	/* clock source; time() by default */
};

/* @t seconds since the epoch as UTC: sec, min, hour, mday, mon, year, wday. */
void rtc_utc_time(int64_t t, struct tm *tm);
void rtc_init(struct rtc *r, time_t (*now)(void));
void rtc_destroy(struct rtc *r);
uint8_t rtc_read(struct rtc *r, uint16_t port);
void rtc_write(struct rtc *r, uint16_t port, uint8_t val);
void rtc_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

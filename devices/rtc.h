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
/*
 * The memory sizes firmware reads from CMOS (QEMU's pc_cmos_init_late()):
 * 0x15/0x16 base memory (640 KiB), 0x30/0x31 and 0x17/0x18 KiB above 1 MiB
 * (at most 0xffff), 0x34/0x35 64 KiB units above 16 MiB below 4 GiB (OVMF's
 * PlatformGetSystemMemorySizeBelow4gb), 0x5b-0x5d 64 KiB units above 4 GiB.
 * @below_4g is RAM from 0 to its end below 4 GiB; @above_4g from 4 GiB up.
 */
void rtc_set_memory(struct rtc *r, uint64_t below_4g, uint64_t above_4g);
uint8_t rtc_read(struct rtc *r, uint16_t port);
void rtc_write(struct rtc *r, uint16_t port, uint8_t val);
void rtc_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

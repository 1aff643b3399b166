/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CLOCK_MONOTONIC in the units sevvm's timers and time stamps use: the
 * --trace and --debugcon line stamps, the console's escape timeout, the
 * ACPI PM timer. One definition, so stamps from different places agree.
 */
#ifndef SEVVM_UTIL_CLOCK_H
#define SEVVM_UTIL_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline struct timespec clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

static inline uint64_t clock_now_ns(void)
{
	struct timespec ts = clock_now();

	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline int64_t clock_now_ms(void)
{
	return (int64_t)(clock_now_ns() / 1000000u);
}

/* Seconds from @a to @b (negative if @b is earlier). */
static inline double clock_seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launch log (--launch-log FILE): a JSON object whose "events" array
 * grows as the launch runs (every command with its arguments and result,
 * the firmware image of a firmware boot, each measured region with its
 * SHA-256, the running digest and (up to 4 KiB) its bytes, each VMSA's
 * hash and page, the measurement, firmware errors, and at the end the
 * guest's shared pages and why it stopped). The file is valid JSON after every
 * event but the bounded ones (below), and at the end: the closing brackets
 * are rewritten each time.
 *
 * A guest decides how many GHCB requests and IPIs it makes, so those events
 * are bounded: they are buffered (no flush, no seek), the first
 * SEV_LOG_BOUNDED_MAX of each kind are written, and the rest are counted in
 * a "summary" event at the end.
 */
#ifndef SEVVM_SEV_LAUNCH_LOG_H
#define SEVVM_SEV_LAUNCH_LOG_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "vmm/util/err.h"

#define SEV_LOG_BOUNDED_MAX	10000	/* events of one bounded kind written */
#define SEV_LOG_BOUNDED_KINDS	4

struct sev_log_bounded {
	const char *type;
	uint64_t logged, not_logged;
};

struct sev_log {
	pthread_mutex_t lock;	/* vCPU threads log GHCB events concurrently */
	FILE *f;
	long tail;		/* offset of the closing "\n]}\n" */
	bool tail_written;	/* the closing brackets follow tail in the file */
	unsigned int n;
	struct sev_log_bounded bounded[SEV_LOG_BOUNDED_KINDS];
};

int sev_log_open(struct sev_log *l, const char *path, struct err *e);
void sev_log_close(struct sev_log *l);
/*
 * Appends one event: @fmt produces the members after "type" (already
 * JSON, without braces), e.g. "\"gpa\": 4096". No-op when not open.
 */
void sev_log_event(struct sev_log *l, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * An event the guest can make happen without bound ("ghcb", "ipi"):
 * buffered, and past SEV_LOG_BOUNDED_MAX of its type only counted.
 */
void sev_log_event_bounded(struct sev_log *l, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * A "region" event: GPA, length, what, SHA-256, the running digest, and
 * for a region of up to SEV_MEASURED_DATA_MAX bytes its bytes in hex
 * ("data"), so that `sevvm measure --explain` can say what differs.
 */
void sev_log_region(struct sev_log *l, uint64_t gpa, uint64_t len, const char *what,
		    const uint8_t *bytes, const uint8_t sha256[32], const uint8_t running[32]);
/*
 * A "vmsa" event: the vCPU, its RIP, the page's SHA-256 and the page in
 * hex up to its last non-zero byte ("vmsa"; the rest is zero), at most
 * 8 KiB of text per vCPU.
 */
void sev_log_vmsa(struct sev_log *l, unsigned int cpu, uint64_t rip, const uint8_t *page,
		  const uint8_t sha256[32]);
/* JSON string body (escaped, no quotes) of @s into @buf. */
const char *sev_log_str(const char *s, char *buf, size_t len);
/* Lower-case hex of @n bytes into @buf (2n+1 bytes). */
const char *sev_hex(const uint8_t *p, size_t n, char *buf);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The launch log (--launch-log FILE): a JSON object whose "events" array
 * grows as the launch runs (every command with its arguments and result,
 * each measured region with its SHA-256 and the running digest, each VMSA's
 * hash, the measurement, firmware errors, and at the end the guest's
 * shared pages and why it stopped). The file is valid JSON after every
 * event: the closing brackets are rewritten each time.
 */
#ifndef SEVVM_SEV_LAUNCH_LOG_H
#define SEVVM_SEV_LAUNCH_LOG_H

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include "vmm/util/err.h"

struct sev_log {
	pthread_mutex_t lock;	/* vCPU threads log GHCB events concurrently */
	FILE *f;
	long tail;		/* offset of the closing "\n]}\n" */
	unsigned int n;
};

int sev_log_open(struct sev_log *l, const char *path, struct err *e);
void sev_log_close(struct sev_log *l);
/*
 * Appends one event: @fmt produces the members after "type" (already
 * JSON, without braces), e.g. "\"gpa\": 4096". No-op when not open.
 */
void sev_log_event(struct sev_log *l, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* JSON string body (escaped, no quotes) of @s into @buf. */
const char *sev_log_str(const char *s, char *buf, size_t len);
/* Lower-case hex of @n bytes into @buf (2n+1 bytes). */
const char *sev_hex(const uint8_t *p, size_t n, char *buf);

#endif

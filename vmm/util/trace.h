/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --trace: one line per event a developer asked to see (the GHCB
 * conversation, vCPU exits, the phases of start-up), timestamped from the
 * start of the VM, on stderr or a file. Its lock is a leaf: held only while
 * a line is written.
 */
#ifndef SEVVM_UTIL_TRACE_H
#define SEVVM_UTIL_TRACE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include "vmm/util/err.h"

enum trace_kind {
	TRACE_GHCB = 1 << 0,	/* GHCB requests and responses (MSR protocol, full page) */
	TRACE_EXITS = 1 << 1,	/* every vCPU exit sevvm handles */
	TRACE_STARTUP = 1 << 2,	/* how long each phase up to the first KVM_RUN took */
};

struct trace {
	pthread_mutex_t lock;		/* a leaf */
	FILE *f;
	bool own;			/* f is --trace-file's, closed at the end */
	unsigned int kinds;
	struct timespec t0;
	struct timespec phase_start;	/* TRACE_STARTUP: when the current phase began */
};

/* "ghcb", "exits", "startup", "all", or a comma-separated list of them. */
int trace_parse_kinds(const char *s, unsigned int *kinds, struct err *e);
/* Lines to @path (NULL: stderr). */
int trace_open(struct trace *t, unsigned int kinds, const char *path, struct err *e);
static inline bool trace_on(const struct trace *t, enum trace_kind k)
{
	return t && (t->kinds & k);
}
void trace_line(struct trace *t, enum trace_kind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * TRACE_STARTUP: "startup <ms> ms <phase>", the time since the previous
 * phase ended (the first phase starts at trace_open(), whose line gives
 * CLOCK_MONOTONIC so that a caller who knows when sevvm was executed can
 * tell how long it took to get there). Phases end on one thread at a time.
 */
void trace_phase(struct trace *t, const char *phase);
void trace_close(struct trace *t);

#endif

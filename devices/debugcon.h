/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware debug console (--debugcon): bytes written to port 0x402 (the
 * port OVMF's debug builds and QEMU's -debugcon use) or 0xe9 (Bochs' port)
 * go to a file or stdout a line at a time, each line prefixed with the time
 * since the VM started, so a firmware's DEBUG messages stay apart from the
 * guest's console. A read returns 0xe9, as QEMU's isa-debugcon does: OVMF's
 * PlatformDebugLibIoPort checks for that value before it writes.
 * Its lock is a leaf.
 */
#ifndef SEVVM_DEBUGCON_H
#define SEVVM_DEBUGCON_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "vmm/util/err.h"

#define DEBUGCON_PORT		0x402
#define DEBUGCON_BOCHS_PORT	0xe9
#define DEBUGCON_READBACK	0xe9
#define DEBUGCON_LINE_MAX	256

struct debugcon {
	pthread_mutex_t lock;		/* a leaf */
	int fd;
	bool own_fd;			/* a file of ours, closed at the end */
	struct timespec t0;
	char line[DEBUGCON_LINE_MAX];
	size_t len;
	bool write_failed;		/* said once; later output is dropped */
};

/* @where: "stdout", or a file created (or truncated) for the output. */
/* @t0: the time lines are stamped from (the trace's start when --trace is on,
 * so both line up); NULL for now. */
int debugcon_open(struct debugcon *d, const char *where, const struct timespec *t0,
		  struct err *e);
/* The port handler (iobus): one byte at a time, as OUTSB and OUT write it. */
void debugcon_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);
/* Writes out a line the guest did not end, and closes the file. */
void debugcon_close(struct debugcon *d);

#endif

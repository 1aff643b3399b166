/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads back what a launch log (sev/launch_log.h) says was measured: the
 * "launch" event's mode and init command, every "region" and "vmsa"
 * event in order, and the "measurement" event's digest. The log is
 * outside input: every member is checked, and a bad one is reported by
 * event number, member name and byte offset.
 */
#ifndef SEVVM_SEV_LAUNCH_LOG_READ_H
#define SEVVM_SEV_LAUNCH_LOG_READ_H

#include <stddef.h>
#include "sev/measured.h"
#include "vmm/util/err.h"

/* Parses @len bytes of @text (a whole log) into @m (initialised by the caller). */
int sev_launch_log_read(const char *text, size_t len, struct sev_measured *m, struct err *e);

#endif

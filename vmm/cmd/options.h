/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers every command's option parser shares: numbers, sizes, hex, the
 * SEV API version and backend, and the "sevvm CMD: message" error lines.
 */
#ifndef SEVVM_CMD_OPTIONS_H
#define SEVVM_CMD_OPTIONS_H

#include <stdint.h>
#include <stdio.h>
#include "sev/backend.h"
#include "vmm/util/err.h"

/* "512M", "2G", "1048576K", "512" (MiB, as QEMU reads -m). */
int parse_size(const char *s, uint64_t *out);
/* A number (decimal, 0x hex or 0 octal) up to @max; -EINVAL otherwise. */
int parse_u64(const char *s, uint64_t max, uint64_t *out);
int parse_u32(const char *s, uint32_t *out);
/* Exactly 2 * @len hex digits into @out. */
int parse_hex(const char *s, uint8_t *out, size_t len);
/* "MAJOR.MINOR", each 0..255: the SEV API version (PLATFORM_STATUS). */
int parse_api_version(const char *s, uint8_t *major, uint8_t *minor);
/* "kvm" or "sim". */
int parse_sev_backend(const char *s, enum sev_backend_kind *kind);

/* "sevvm CMD: MSG" (@cmd NULL: "sevvm: MSG") on stderr; returns EXIT_ERROR. */
int cmd_fail(const char *cmd, const struct err *e);
/* "sevvm CMD: MSG" and @usage on stderr; returns EXIT_ERROR. */
int cmd_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

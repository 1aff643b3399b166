/* SPDX-License-Identifier: GPL-2.0 */
/* Guest-owner blobs from files: base64 text (as QEMU and sevctl write them). */
#ifndef SEVVM_SEV_BLOB_H
#define SEVVM_SEV_BLOB_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/err.h"

/* Reads and decodes @path (at most @max decoded bytes); free() *out. */
int sev_read_base64(const char *path, const char *option, size_t max, uint8_t **out,
		    size_t *len, struct err *e);
/* Writes @len bytes to @path with mode 0600 (keys). */
int sev_write_private(const char *path, const void *data, size_t len, struct err *e);

#endif

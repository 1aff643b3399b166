/* SPDX-License-Identifier: GPL-2.0 */
/* Guest-owner blobs from files: base64 text (as QEMU and sevctl write them). */
#ifndef SEVVM_SEV_BLOB_H
#define SEVVM_SEV_BLOB_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

/* Reads and decodes @path (at most @max decoded bytes); free() *out. */
int sev_read_base64(const char *path, const char *option, size_t max, uint8_t **out,
		    size_t *len, struct err *e);
/*
 * Reads at most @max bytes of @path into @buf with read(2), so that no
 * stdio buffer keeps a copy of a key or secret; -EFBIG past @max (what was
 * read is wiped on every failure).
 */
int sev_read_private(const char *path, const char *option, void *buf, size_t max, size_t *len,
		     struct err *e);
/* Reads @path, which must hold exactly @len bytes (a TEK, a TIK). */
int sev_read_exact(const char *path, const char *option, void *buf, size_t len, struct err *e);
/*
 * Reads a blob of @raw_len bytes from @path, stored either raw (a file of
 * exactly @raw_len bytes, as sevctl exports certificates) or as base64 text
 * (as QEMU and libvirt give them).
 */
int sev_read_raw_or_base64(const char *path, const char *option, size_t raw_len,
			   uint8_t *out, struct err *e);
/* Decodes @len bytes of base64 from the string @text (no line breaks). */
int sev_base64_decode_exact(const char *text, uint8_t *out, size_t len);
/* Writes base64(@data) and a newline to @path (mode 0600 when @private). */
int sev_write_base64(const char *path, const void *data, size_t len, int private,
		     struct err *e);
/*
 * Writes @len bytes to @path as a new file of mode 0600 (keys): never
 * through a symlink, never into an existing file (it is replaced).
 */
int sev_write_private(const char *path, const void *data, size_t len, struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EFI secret table a guest owner injects with LAUNCH_SECRET, in the
 * format Linux's efi_secret driver reads (drivers/virt/coco/efi_secret):
 * header { GUID 1e74f542-71dd-4d66-963e-ef4287ff173b; u32 total length },
 * then entries { GUID; u32 length including these 20 bytes; data }.
 * Freestanding; the host unit tests build this file too.
 */
#ifndef FW_SECRET_TABLE_H
#define FW_SECRET_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define SECRET_HEADER_SIZE	20

struct secret_entry {
	const uint8_t *guid;
	uint32_t len;		/* including the 20-byte entry header */
};

enum secret_table_state {
	SECRET_TABLE_MALFORMED = -1,
	SECRET_TABLE_ABSENT = 0,
	SECRET_TABLE_VALID = 1,
};

/*
 * Checks the table at area: *total is its length. For a valid table
 * each(entry, opaque) is called per entry; a malformed one stops the walk
 * with *why naming the field (entries before it were reported).
 */
enum secret_table_state secret_table_walk(const uint8_t *area, size_t size, uint32_t *total,
					  void (*each)(const struct secret_entry *, void *),
					  void *opaque, const char **why);

#endif

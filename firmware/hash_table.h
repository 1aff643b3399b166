/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The measured kernel hashes table QEMU writes for SEV direct boot
 * (target/i386/sev.c SevHashTable; OVMF BlobVerifierLibSevHashes).
 * Freestanding; the host unit tests build this file too.
 */
#ifndef FW_HASH_TABLE_H
#define FW_HASH_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "sev/kernel_hashes_abi.h"


struct kernel_hashes {
	uint8_t cmdline[32];
	uint8_t initrd[32];
	uint8_t kernel[32];
};

enum hash_table_state {
	HASH_TABLE_MALFORMED = -1,	/* the table GUID, but not a valid table */
	HASH_TABLE_ABSENT = 0,		/* no table GUID at the area's start */
	HASH_TABLE_VALID = 1,
};

/* Reads the table at the start of area; *why names the field of a malformed one. */
enum hash_table_state hash_table_parse(const uint8_t *area, size_t size,
				       struct kernel_hashes *h, const char **why);

#endif

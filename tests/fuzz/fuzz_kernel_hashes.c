// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel hashes table both ways: the host reading the guest owner's
 * --kernel-hashes file (sev_kernel_hashes_get()), and the firmware reading
 * the table in its measured area (firmware/hash_table.c).
 */
#include "firmware/hash_table.h"
#include "sev/kernel_hashes.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t table[SEV_HASH_TABLE_SIZE];
	struct kernel_hashes h;
	const char *why;
	struct err e;

	sev_kernel_hashes_get(fuzz_file(data, size), "/nonexistent/kernel", NULL, "", table, &e);
	hash_table_parse(data, size, &h, &why);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel hashes table both ways: the host reading the guest owner's
 * --kernel-hashes file (sev_kernel_hashes_get()), and the firmware reading
 * the table in its measured area (firmware/hash_table.c).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "firmware/hash_table.h"
#include "sev/kernel_hashes.h"
#include "tests/fuzz/fuzz.h"

static char path[64];

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t table[SEV_HASH_TABLE_SIZE];
	struct kernel_hashes h;
	const char *why;
	struct err e;
	int fd;

	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/sevvm-fuzz-hashes-%d", (int)getpid());
		atexit(remove_file);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	sev_kernel_hashes_get(path, "/nonexistent/kernel", NULL, "", table, &e);
	hash_table_parse(data, size, &h, &why);
	return 0;
}

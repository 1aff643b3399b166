/* SPDX-License-Identifier: GPL-2.0 */
/* What every fuzz target shares: libFuzzer's entry point and a byte reader. */
#ifndef SEVVM_FUZZ_H
#define SEVVM_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Consumes the input from the front; past its end, zeros. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fuzz_take(struct fuzz_in *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int n = bytes < in->left ? bytes : (unsigned int)in->left;

	memcpy(&v, in->p, n);
	in->p += n;
	in->left -= n;
	return v;
}

/*
 * For parsers that take a path: a file holding @data, named
 * /proc/self/fd/N. It is one memfd, rewritten for each input: a file on
 * disk cost each input an ext4 truncation and a writeback on close (a file
 * truncated and written again is flushed, ext4(5) auto_da_alloc), most of
 * the target's time.
 */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static char path[32];
	static int fd = -1;

	if (fd < 0) {
		fd = memfd_create("sevvm-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	/* Written over, then cut to size: the pages stay from one input to the next. */
	if (pwrite(fd, data, size, 0) != (ssize_t)size || ftruncate(fd, (off_t)size))
		abort();
	return path;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* What every fuzz target shares: libFuzzer's entry point and a byte reader. */
#ifndef SEVVM_FUZZ_H
#define SEVVM_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

#endif

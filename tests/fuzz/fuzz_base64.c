// SPDX-License-Identifier: GPL-2.0
/*
 * The guest owner's base64 blobs: sev_read_base64() and
 * sev_read_raw_or_base64() on a file holding the input, and
 * sev_base64_decode_exact() on it as a string.
 */
#include "sev/blob.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	static char text[4096];
	uint8_t raw[2048], *out;
	struct err e;
	size_t len, n;

	if (!sev_read_base64(path, "--fuzz", 1024, &out, &len, &e))
		free(out);
	sev_read_raw_or_base64(path, "--fuzz", 16, raw, &e);

	n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = 0;
	sev_base64_decode_exact(text, raw, n / 4 * 3 % sizeof(raw));
	return 0;
}

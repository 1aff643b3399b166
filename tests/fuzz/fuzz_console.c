// SPDX-License-Identifier: GPL-2.0
/*
 * Guest console output as --expect reads it (vmm/util/console.c): the
 * serial port's and the virtio console's writes, interleaved, into the
 * lines an expectation is matched against, then the flush tick that
 * matches a partial line. Input: records of one byte (bit 7: the virtio
 * console, else the serial port; bits 0-6: length) and that many bytes of
 * output; the last record takes what is left.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "vmm/util/console.h"
#include "tests/fuzz/fuzz.h"

/* A marker line, as the test scenarios wait for, or a shell prompt. */
#define EXPECT	"^(SEVVM-[A-Z]+-OK [0-9]+|.*login: )$"

static void matched(void *opaque)
{
	(*(unsigned int *)opaque)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int out = -1;
	struct fuzz_in in = { .p = data, .left = size };
	unsigned int hits = 0;
	struct console c;
	struct err e;

	if (out < 0)
		out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (out < 0 || console_init(&c, out, -1, EXPECT, matched, &hits, &e))
		abort();
	while (in.left) {
		unsigned int head = (unsigned int)fuzz_take(&in, 1);
		size_t n = head & 0x7f;

		n = n < in.left ? n : in.left;
		console_write(&c, head & 0x80 ? CONSOLE_VIRTIO : CONSOLE_SERIAL, in.p, n);
		in.p += n;
		in.left -= n;
	}
	if (console_has_pending(&c))
		console_flush(&c);
	console_destroy(&c);
	if (hits > 1)
		abort();	/* an expectation matches once */
	return 0;
}

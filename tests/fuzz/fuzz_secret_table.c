// SPDX-License-Identifier: GPL-2.0
/* The firmware's walk of the injected secret table (firmware/secret_table.c). */
#include "firmware/secret_table.h"
#include "tests/fuzz/fuzz.h"

static void touch(const struct secret_entry *s, void *opaque)
{
	volatile uint8_t sink = s->guid[0] ^ s->guid[15];

	(void)sink;
	*(uint32_t *)opaque += s->len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t total, sum = 0;
	const char *why;

	secret_table_walk(data, size, &total, touch, &sum, &why);
	return 0;
}

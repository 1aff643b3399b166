// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's ACPI linker/loader (firmware/acpi_loader.c) on commands and
 * blobs from the host. Input: u16 length of etc/acpi/tables, u16 length of
 * etc/acpi/rsdp, the two blobs, then the commands.
 */
#include <stdlib.h>
#include <string.h>
#include "firmware/acpi_loader.h"
#include "tests/fuzz/fuzz.h"

struct blobs {
	const uint8_t *src[2];
	uint16_t len[2];
	uint8_t *copy[2];
};

static int alloc(void *opaque, const char *name, uint32_t align, uint8_t zone,
		 struct acpi_loader_file *f)
{
	static const char *const names[2] = { "etc/acpi/tables", "etc/acpi/rsdp" };
	struct blobs *b = opaque;
	unsigned int i;

	(void)zone;
	for (i = 0; i < 2; i++) {
		if (strcmp(name, names[i]) || b->copy[i] || !b->len[i])
			continue;
		b->copy[i] = malloc(b->len[i]);
		memcpy(b->copy[i], b->src[i], b->len[i]);
		f->data = b->copy[i];
		/* Near the top of 4 GiB, so 32-bit pointers can overflow. */
		f->addr = (0xfff00000ull - 0x100000ull * i) & ~(uint64_t)(align - 1);
		f->size = b->len[i];
		return 0;
	}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blobs b = { .copy = { NULL, NULL } };
	struct acpi_loader l;

	if (size < 4)
		return 0;
	b.len[0] = (uint16_t)(data[0] | data[1] << 8);
	b.len[1] = (uint16_t)(data[2] | data[3] << 8);
	if ((size_t)b.len[0] + b.len[1] > size - 4)
		return 0;
	b.src[0] = data + 4;
	b.src[1] = data + 4 + b.len[0];
	acpi_loader_run(&l, data + 4 + b.len[0] + b.len[1], size - 4 - b.len[0] - b.len[1],
			alloc, &b);
	free(b.copy[0]);
	free(b.copy[1]);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/* The vmlinux loader's ELF64 parser: headers, program headers, PT_LOADs. */
#include "tests/fuzz/fuzz.h"
#include "vmm/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	struct err e;
	unsigned int i;
	volatile uint8_t sink = 0;

	if (!elf_is_elf(data, size) || elf_parse(data, size, "fuzz", &img, &e))
		return 0;
	/* Every segment's file bytes must lie inside the input. */
	for (i = 0; i < img.nr; i++)
		if (img.seg[i].filesz)
			sink ^= img.seg[i].data[0] ^ img.seg[i].data[img.seg[i].filesz - 1];
	(void)sink;
	return 0;
}

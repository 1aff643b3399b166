// SPDX-License-Identifier: GPL-2.0
/*
 * The multiboot loader's parsers: the header search, the a.out-kludge and
 * ELF32 image plans, and the --initrd module list (the input as a string).
 */
#include <stdlib.h>
#include <string.h>
#include "tests/fuzz/fuzz.h"
#include "vmm/multiboot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *strings[MB_MAX_MODULES];
	struct mb_header h;
	struct mb_image img;
	struct err e;
	volatile uint8_t sink = 0;
	unsigned int i;
	char *spec, *buf = NULL;

	if (multiboot_find_header(data, size, "fuzz", &h, &e) == 1 &&
	    !multiboot_plan_image(data, size, "fuzz", &h, &img, &e)) {
		/* Every segment's file bytes must lie inside the input. */
		for (i = 0; i < img.nr; i++) {
			const struct mb_seg *s = &img.seg[i];

			if (s->filesz)
				sink ^= data[s->file_off] ^ data[s->file_off + s->filesz - 1];
			if (s->filesz > s->memsz || s->paddr + (uint64_t)s->memsz > (1ull << 32))
				abort();
		}
		if (img.entry < img.lowest || img.entry >= img.highest)
			abort();
	}
	spec = malloc(size + 1);
	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	if (multiboot_split_modules(spec, &buf, strings, MB_MAX_MODULES, &e) > 0)
		sink ^= (uint8_t)strings[0][0];
	free(buf);
	free(spec);
	(void)sink;
	return 0;
}

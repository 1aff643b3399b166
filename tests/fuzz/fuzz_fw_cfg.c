// SPDX-License-Identifier: GPL-2.0
/*
 * fw_cfg (QEMU docs/specs/fw_cfg.rst) as the guest drives it: port
 * accesses and DMA descriptors (FWCfgDmaAccess) in fake guest memory.
 * Input: 64 KiB-or-less of guest memory image (length: 2 bytes), then
 * accesses of 6 bytes each: op (1: port offset, size, direction), value (4),
 * spare (1).
 */
#include <stdlib.h>
#include "devices/fw_cfg.h"
#include "tests/fuzz/fuzz.h"

#define MEM_SIZE	0x10000u

static uint8_t mem[MEM_SIZE];
static const uint8_t kernel[3000] = { 1, 2, 3 };

static void *map(void *opaque, uint64_t gpa, uint64_t len, bool write, const char **why)
{
	(void)opaque;
	(void)write;
	if (len > MEM_SIZE || gpa > MEM_SIZE - len) {
		*why = "not guest RAM";
		return NULL;
	}
	return mem + gpa;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	struct fw_cfg_dma_ops ops = { .map = map };
	static const unsigned int sizes[] = { 1, 2, 4, 4 };
	size_t image = fuzz_take(&in, 2) % (MEM_SIZE + 1);
	struct fw_cfg f;
	struct err e;

	memset(mem, 0, sizeof(mem));
	if (image > in.left)
		image = in.left;
	memcpy(mem, in.p, image);
	in.p += image;
	in.left -= image;
	if (fw_cfg_init(&f, &ops, &e) ||
	    fw_cfg_add(&f, FW_CFG_KERNEL_DATA, kernel, sizeof(kernel), &e) ||
	    fw_cfg_add_le(&f, FW_CFG_NB_CPUS, 2, 2, &e) ||
	    fw_cfg_add_file(&f, "etc/e820", kernel, 40, &e))
		abort();
	while (in.left) {
		unsigned int op = (unsigned int)fuzz_take(&in, 1);
		uint64_t v = fuzz_take(&in, 4);

		fuzz_take(&in, 1);
		/* Offsets 0..11 of the device's ports (0x510..0x51b). */
		fw_cfg_io(&f, (op >> 3) % 12, &v, sizes[op & 3], op & 4);
	}
	fw_cfg_destroy(&f);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A bzImage (Linux boot protocol) and the boot plan made from its header:
 * bzimage_parse(), then linux_plan() and linux_zero_page() with what it
 * found. Input: guest RAM size (MiB, 2 bytes), initrd size (4 bytes),
 * command line length (2 bytes), then the file.
 */
#include <asm/bootparam.h>
#include "tests/fuzz/fuzz.h"
#include "vmm/bzimage.h"
#include "vmm/e820.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	uint64_t mem_mib = fuzz_take(&in, 2) + 1;
	uint64_t initrd = fuzz_take(&in, 4);
	size_t cmdline_len = fuzz_take(&in, 2) % 8192;
	static char cmdline[8192];
	static struct boot_params zp;
	struct linux_layout lay;
	struct e820_map map;
	struct bzimage bz;
	struct err e;

	if (bzimage_parse(in.p, in.left, "fuzz", &bz, &e))
		return 0;
	if (e820_build(&map, mem_mib << 20, &e))
		return 0;
	memset(cmdline, 'a', cmdline_len);
	cmdline[cmdline_len] = 0;
	if (linux_plan(bz.pref_address, bz.init_size, bz.initrd_addr_max, bz.cmdline_size,
		       &map, initrd, cmdline, &lay, &e))
		return 0;
	linux_zero_page(&zp, bz.buf + BOOT_HDR_OFFSET, bz.hdr_len, &lay, &map, &e);
	return 0;
}

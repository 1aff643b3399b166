/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux x86 boot protocol (Documentation/arch/x86/boot.rst), version 2.10
 * or later, entered through the 64-bit entry point (startup_64 at +0x200).
 */
#ifndef SEVVM_BZIMAGE_H
#define SEVVM_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/e820.h"
#include "vmm/util/err.h"

#define BOOT_PROTO_MIN		0x020a	/* 2.10: pref_address, init_size */
#define BOOT_HDR_OFFSET		0x1f1	/* struct setup_header in the file */
#define BOOT_HDR_MAGIC_OFF	0x202	/* "HdrS" */
#define BOOT_INITRD_MAX_DEFAULT	0x37ffffffu

struct bzimage {
	const uint8_t *buf;	/* the whole file, borrowed */
	size_t len;
	uint16_t version;
	size_t setup_len;	/* real-mode part: (setup_sects + 1) * 512 */
	size_t hdr_len;		/* bytes of setup header to copy: 0x1f1.. */
	const uint8_t *kernel;	/* protected-mode part */
	size_t kernel_len;
	uint64_t pref_address;
	uint64_t init_size;	/* memory the kernel needs from its load address */
	uint32_t cmdline_size;	/* max command line length, without NUL */
	uint32_t initrd_addr_max;
	uint16_t xloadflags;
};

/* Where the pieces go in guest-physical memory. */
struct linux_layout {
	uint64_t kernel_addr, kernel_end;
	uint64_t initrd_addr, initrd_size;
	uint64_t cmdline_addr;
	size_t cmdline_len;	/* without NUL */
};

/* Checks the setup header of @buf (the file @name); fills @bz. */
int bzimage_parse(const void *buf, size_t len, const char *name,
		  struct bzimage *bz, struct err *e);

/*
 * Places kernel, initrd (highest fit below initrd_addr_max and the end of
 * low RAM, above the kernel) and command line; refuses what does not fit.
 */
int linux_plan(uint64_t kernel_addr, uint64_t init_size, uint32_t initrd_addr_max,
	       uint32_t cmdline_size, const struct e820_map *map,
	       uint64_t initrd_size, const char *cmdline,
	       struct linux_layout *out, struct err *e);

/*
 * Fills a zero page (4 KiB, struct boot_params) for the 64-bit entry:
 * @hdr/@hdr_len is the setup header from the image (NULL for a vmlinux).
 */
int linux_zero_page(void *zp, const uint8_t *hdr, size_t hdr_len,
		    const struct linux_layout *lay, const struct e820_map *map,
		    struct err *e);

#endif

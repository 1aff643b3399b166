/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot version 1 kernels (Multiboot Specification 0.6.96), loaded as
 * QEMU's -kernel loads them: the header, the a.out-kludge address fields or
 * ELF32 program headers, and the information structure handed over in EBX.
 */
#ifndef SEVVM_MULTIBOOT_H
#define SEVVM_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/e820.h"
#include "vmm/util/err.h"

#define MB_HEADER_MAGIC		0x1BADB002u
#define MB_BOOTLOADER_MAGIC	0x2BADB002u	/* EAX at entry (spec 3.2) */
#define MB_SEARCH_LEN		8192		/* header within the first 8 KiB, 4-aligned */

/* Header flags (spec 3.1.2): bits 0-15 are requirements. */
#define MB_FLAG_PAGE_ALIGN	(1u << 0)	/* modules on 4 KiB boundaries */
#define MB_FLAG_MEMORY_INFO	(1u << 1)	/* mem_* and mmap_* fields */
#define MB_FLAG_VIDEO_MODE	(1u << 2)	/* video mode table */
#define MB_FLAG_AOUT_KLUDGE	(1u << 16)	/* address fields valid */

/* Information structure flags (spec 3.3). */
#define MB_INFO_MEMORY		(1u << 0)
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MODS		(1u << 3)
#define MB_INFO_MMAP		(1u << 6)
#define MB_INFO_LOADER_NAME	(1u << 9)

/* Offsets into the information structure (spec 3.3). */
#define MB_INFO_OFF_FLAGS	0
#define MB_INFO_OFF_MEM_LOWER	4
#define MB_INFO_OFF_MEM_UPPER	8
#define MB_INFO_OFF_CMDLINE	16
#define MB_INFO_OFF_MODS_COUNT	20
#define MB_INFO_OFF_MODS_ADDR	24
#define MB_INFO_OFF_MMAP_LENGTH	44
#define MB_INFO_OFF_MMAP_ADDR	48
#define MB_INFO_OFF_LOADER_NAME	64
#define MB_INFO_SIZE		88	/* up to the VBE fields, left zero */
#define MB_MOD_SIZE		16	/* mod_start, mod_end, string, reserved */
#define MB_MMAP_ENTRY_SIZE	24	/* size (= 20), base_addr, length, type */

#define MB_MAX_SEGS		16
#define MB_MAX_MODULES		32

struct mb_header {
	uint32_t offset;	/* in the file */
	uint32_t flags;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
};

struct mb_seg {
	uint32_t paddr, filesz, memsz;
	uint32_t file_off;
};

/* Where the kernel image goes. */
struct mb_image {
	uint32_t entry;
	uint32_t lowest, highest;	/* span of all segments */
	struct mb_seg seg[MB_MAX_SEGS];
	unsigned int nr;
};

struct mb_module {
	uint32_t start, end;	/* guest-physical, end exclusive */
	const char *string;	/* "file args": the module's command line */
};

/* What goes into the information structure. */
struct mb_info_input {
	const struct e820_map *map;
	const char *cmdline;		/* may be NULL */
	const struct mb_module *mods;
	unsigned int nr_mods;
};

/*
 * Finds and checks the header: 1 and @h filled if there is one, 0 if the
 * file has none, -errno with a message if it is malformed or asks for what
 * sevvm cannot honour.
 */
int multiboot_find_header(const void *buf, size_t len, const char *name,
			  struct mb_header *h, struct err *e);

/* Where each part of the file goes: a.out kludge fields, else ELF32 PT_LOAD. */
int multiboot_plan_image(const void *buf, size_t len, const char *name,
			 const struct mb_header *h, struct mb_image *img, struct err *e);

/*
 * Builds the information structure, its module list, memory map and
 * strings in @area (@size bytes, at guest-physical @gpa); the structure
 * itself is at @gpa. Returns the bytes used or -errno.
 */
long multiboot_build_info(uint8_t *area, size_t size, uint32_t gpa,
			  const struct mb_info_input *in, struct err *e);

/*
 * Splits --initrd for a multiboot kernel: modules are separated by ',' (",,"
 * is a literal comma), each "file [args]". Fills @strings (copies owned by
 * @buf, which the caller frees) and returns the count or -errno.
 */
int multiboot_split_modules(const char *spec, char **buf, const char **strings,
			    unsigned int max, struct err *e);

/* Guest-physical area of the information structure (below the kernel, which is >= 1 MiB). */
#define MB_INFO_AREA		0x20000u
#define MB_INFO_AREA_SIZE	0x10000u

struct boot_config;
struct boot_entry;
struct mapped_file;
struct ram;

/*
 * Loads a multiboot kernel @k (header already found: @h), the --initrd
 * modules and the information structure; @entry gets the 32-bit entry state.
 * Refused under SEV: see vmm/boot_multiboot.c.
 */
int boot_load_multiboot(const struct boot_config *cfg, struct ram *ram,
			const struct e820_map *map, const struct mapped_file *k,
			const struct mb_header *h, struct boot_entry *entry, struct err *e);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux through the 64-bit boot protocol (Documentation/x86/boot.rst):
 * the setup part of the bzImage gives the header, the protected-mode part
 * goes to pref_address (or a kernel_alignment-aligned address from 16 MiB),
 * the initrd as high as initrd_addr_max allows, and boot_params (the zero
 * page) carries the header, the command line, the initrd and the e820 map.
 * The header is outside input until the hashes are checked: it is only used
 * to place things, and every placement is checked against the e820 map.
 */
#include "firmware/boot.h"
#include "firmware/fw_cfg.h"

/* Setup header and boot_params offsets (boot.rst, "The Real-Mode Kernel Header"; zero-page.rst). */
#define HDR_START		0x1f1
#define HDR_SETUP_SECTS		0x1f1
#define HDR_JUMP		0x200
#define HDR_MAGIC		0x202
#define HDR_VERSION		0x206
#define HDR_TYPE_OF_LOADER	0x210
#define HDR_LOADFLAGS		0x211
#define HDR_CODE32_START	0x214
#define HDR_RAMDISK_IMAGE	0x218
#define HDR_RAMDISK_SIZE	0x21c
#define HDR_CMD_LINE_PTR	0x228
#define HDR_INITRD_ADDR_MAX	0x22c
#define HDR_KERNEL_ALIGNMENT	0x230
#define HDR_XLOADFLAGS		0x236
#define HDR_PREF_ADDRESS	0x258
#define HDR_INIT_SIZE		0x260
#define HDR_END_MAX		0x290	/* boot_params.hdr ends here */
#define BP_EXT_RAMDISK_IMAGE	0x0c0
#define BP_EXT_RAMDISK_SIZE	0x0c4
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_E820_ENTRIES		0x1e8
#define BP_ACPI_RSDP_ADDR	0x070	/* boot protocol 2.14 */
#define BP_E820_TABLE		0x2d0
#define BP_E820_ENTRY_LEN	20	/* struct boot_e820_entry */

#define XLF_KERNEL_64		0x1
#define LOADER_UNDEFINED	0xff
#define KERNEL_MIN_ADDR		0x1000000ull	/* 16 MiB */
#define ENTRY_64_OFFSET		0x200
#define INITRD_ADDR_MAX_OLD	0x37ffffffull
#define LOW_RAM_LIMIT		0xc0000000ull	/* the identity map's private part */

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint64_t size_item(struct fw *fw, uint16_t key, uint64_t max, const char *what)
{
	uint32_t n = fw_cfg_read32(fw, key);

	if (n > max) {
		fw_print(fw, "fw_cfg: %s size %u is larger than %lu", what, n, (unsigned long)max);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	return n;
}

static void print_hash(struct fw *fw, const char *what, const uint8_t h[32])
{
	char hex[65];
	unsigned int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = "0123456789abcdef"[h[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[h[i] & 15];
	}
	hex[64] = 0;
	fw_print(fw, "%s sha256 %s", what, hex);
}

/* Where the protected-mode kernel goes; fails the boot (code 7) if nowhere. */
static void place_kernel(struct fw *fw, struct linux_image *li, const uint8_t *setup)
{
	uint64_t align = le32(setup + HDR_KERNEL_ALIGNMENT), addr = le64(setup + HDR_PREF_ADDRESS);
	uint64_t need = le32(setup + HDR_INIT_SIZE);

	if (memcmp(setup + HDR_MAGIC, "HdrS", 4) || le16(setup + HDR_VERSION) < 0x20c ||
	    !(le16(setup + HDR_XLOADFLAGS) & XLF_KERNEL_64)) {
		fw_print(fw, "kernel: not a bzImage with the 64-bit entry (header \"HdrS\", "
			 "version >= 2.12, XLF_KERNEL_64)");
		fw_fail(fw, FW_FAIL_PLACEMENT);
	}
	if (need < li->kernel_size)
		need = li->kernel_size;
	if (!align || (align & (align - 1)))
		align = 0x200000;
	if (addr < KERNEL_MIN_ADDR || (addr & (align - 1)))
		addr = (KERNEL_MIN_ADDR + align - 1) & ~(align - 1);
	if (!e820_is_ram(&fw->e820, addr, addr + need) || addr + need > LOW_RAM_LIMIT) {
		fw_print(fw, "kernel: no RAM for %lu bytes at %#lx", (unsigned long)need,
			 (unsigned long)addr);
		fw_fail(fw, FW_FAIL_PLACEMENT);
	}
	li->kernel_addr = addr;
	/* The initrd goes above everything the decompressor may use. */
	li->initrd_addr = addr + need;
}

static void place_initrd(struct fw *fw, struct linux_image *li, const uint8_t *setup)
{
	uint64_t max = le32(setup + HDR_INITRD_ADDR_MAX), low = li->initrd_addr, addr;

	if (!max)
		max = INITRD_ADDR_MAX_OLD;
	if (max + 1 > LOW_RAM_LIMIT)
		max = LOW_RAM_LIMIT - 1;
	addr = e820_place_high(&fw->e820, li->initrd_size, low, max + 1, FW_PAGE_SIZE);
	if (!addr) {
		fw_print(fw, "initrd: no RAM for %lu bytes between %#lx and %#lx",
			 (unsigned long)li->initrd_size, (unsigned long)low, (unsigned long)max);
		fw_fail(fw, FW_FAIL_PLACEMENT);
	}
	li->initrd_addr = addr;
}

void linux_load(struct fw *fw, struct linux_image *li)
{
	uint8_t *setup = (uint8_t *)(uintptr_t)FW_SETUP;
	char *cmdline = (char *)(uintptr_t)FW_CMDLINE;
	struct sha256 sha;

	memset(li, 0, sizeof(*li));
	li->setup_size = size_item(fw, FW_CFG_SETUP_SIZE, FW_SETUP_MAX, "setup");
	li->kernel_size = size_item(fw, FW_CFG_KERNEL_SIZE, LOW_RAM_LIMIT, "kernel");
	li->initrd_size = size_item(fw, FW_CFG_INITRD_SIZE, LOW_RAM_LIMIT, "initrd");
	li->cmdline_size = size_item(fw, FW_CFG_CMDLINE_SIZE, FW_CMDLINE_MAX - 1, "cmdline");
	if (li->setup_size < HDR_INIT_SIZE + 4 || !li->kernel_size) {
		fw_print(fw, "fw_cfg: no kernel (setup %lu bytes, kernel %lu bytes)",
			 (unsigned long)li->setup_size, (unsigned long)li->kernel_size);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}

	/* kernel hash = SHA-256(setup || kernel part), as received. */
	sha256_init(&sha);
	fw_cfg_read(fw, FW_CFG_SETUP_DATA, setup, li->setup_size, &sha);
	place_kernel(fw, li, setup);
	fw_cfg_read(fw, FW_CFG_KERNEL_DATA, (void *)(uintptr_t)li->kernel_addr, li->kernel_size, &sha);
	sha256_final(&sha, li->got.kernel);

	sha256_init(&sha);
	if (li->initrd_size) {
		place_initrd(fw, li, setup);
		fw_cfg_read(fw, FW_CFG_INITRD_DATA, (void *)(uintptr_t)li->initrd_addr,
			    li->initrd_size, &sha);
	} else {
		li->initrd_addr = 0;
	}
	sha256_final(&sha, li->got.initrd);

	/* The command line with its NUL; a lone NUL without one. */
	sha256_init(&sha);
	memset(cmdline, 0, FW_CMDLINE_MAX);
	if (li->cmdline_size)
		fw_cfg_read(fw, FW_CFG_CMDLINE_DATA, cmdline, li->cmdline_size, &sha);
	else
		sha256_update(&sha, cmdline, 1);
	sha256_final(&sha, li->got.cmdline);

	fw_print(fw, "kernel %lu bytes at %#lx, initrd %lu bytes at %#lx, cmdline %lu bytes",
		 (unsigned long)(li->setup_size + li->kernel_size), (unsigned long)li->kernel_addr,
		 (unsigned long)li->initrd_size, (unsigned long)li->initrd_addr,
		 (unsigned long)li->cmdline_size);
	print_hash(fw, "kernel", li->got.kernel);
	print_hash(fw, "initrd", li->got.initrd);
	print_hash(fw, "cmdline", li->got.cmdline);
}

void linux_boot(struct fw *fw, const struct linux_image *li)
{
	const uint8_t *setup = (const uint8_t *)(uintptr_t)FW_SETUP;
	uint8_t *bp = (uint8_t *)(uintptr_t)FW_ZERO_PAGE;
	uint64_t hdr_end = HDR_JUMP + 2 + setup[HDR_JUMP + 1];	/* boot.rst: 0x202 + byte at 0x201 */
	unsigned int i;

	if (hdr_end > HDR_END_MAX)
		hdr_end = HDR_END_MAX;
	if (hdr_end > li->setup_size)
		hdr_end = li->setup_size;
	memset(bp, 0, FW_PAGE_SIZE);
	memcpy(bp + HDR_START, setup + HDR_START, hdr_end - HDR_START);
	bp[HDR_TYPE_OF_LOADER] = LOADER_UNDEFINED;
	put32(bp + HDR_CODE32_START, (uint32_t)li->kernel_addr);
	put32(bp + HDR_CMD_LINE_PTR, FW_CMDLINE);
	put32(bp + BP_EXT_CMD_LINE_PTR, 0);
	put32(bp + HDR_RAMDISK_IMAGE, (uint32_t)li->initrd_addr);
	put32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(li->initrd_addr >> 32));
	put32(bp + HDR_RAMDISK_SIZE, (uint32_t)li->initrd_size);
	put32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(li->initrd_size >> 32));

	memcpy(bp + BP_ACPI_RSDP_ADDR, &fw->acpi_rsdp, 8);

	/* e820_table: packed { u64 addr; u64 size; u32 type; } (zero-page.rst). */
	bp[BP_E820_ENTRIES] = (uint8_t)fw->e820.n;
	for (i = 0; i < fw->e820.n; i++) {
		uint8_t *e = bp + BP_E820_TABLE + i * BP_E820_ENTRY_LEN;

		memcpy(e, &fw->e820.e[i].addr, 8);
		memcpy(e + 8, &fw->e820.e[i].size, 8);
		memcpy(e + 16, &fw->e820.e[i].type, 4);
	}
	fw_print(fw, "starting Linux at %#lx", (unsigned long)(li->kernel_addr + ENTRY_64_OFFSET));
	boot_linux_jump(li->kernel_addr + ENTRY_64_OFFSET, FW_ZERO_PAGE);
}

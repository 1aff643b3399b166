/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sevvm firmware: where things live in guest-physical memory. Shared by the
 * assembly and the C code, so only plain constants here.
 *
 * The working area 0x800000..0x8fffff and the low pages 0x9e000..0x9ffff
 * are left out of the e820 map the firmware gives Linux (reserved).
 */
#ifndef FW_LAYOUT_H
#define FW_LAYOUT_H

#define FW_PAGE_SIZE		0x1000

/* Identity page tables: PML4, PDPT, four page directories (4 GiB, 2 MiB pages)
 * and one page table that splits the 2 MiB at FW_WORK_BASE into 4 KiB pages,
 * so that single pages (GHCB, fw_cfg buffers) can be mapped shared. */
#define FW_WORK_BASE		0x800000
#define FW_WORK_END		0x900000
#define FW_PML4			0x800000
#define FW_PDPT			0x801000
#define FW_PD			0x802000	/* 4 pages */
#define FW_PT_WORK		0x806000	/* 4 KiB entries for 0x800000..0x9fffff */
#define FW_GHCB			0x807000	/* shared */
#define FW_RAM_IMAGE		0x808000	/* code, data and bss, copied from ROM */
#define FW_RAM_IMAGE_END	0x830000
#define FW_STACK_TOP		0x840000	/* 64 KiB stack below */
#define FW_HASH_TABLE		0x840000	/* one page: the measured kernel hashes */
#define FW_HASH_TABLE_SIZE	0x1000
#define FW_SECRET		0x841000	/* one page: LAUNCH_SECRET target */
#define FW_SECRET_SIZE		0x1000
#define FW_ZERO_PAGE		0x842000	/* Linux boot_params */
#define FW_CMDLINE		0x843000	/* kernel command line, private copy */
#define FW_CMDLINE_MAX		0x1000
#define FW_SETUP		0x850000	/* setup part of the bzImage, private copy */
#define FW_SETUP_MAX		0x20000		/* (255 + 1) * 512 */
#define FW_DMA_DESC		0x870000	/* shared: fw_cfg DMA descriptor */
#define FW_BOUNCE		0x880000	/* shared: fw_cfg DMA bounce buffer */
#define FW_BOUNCE_SIZE		0x80000

/* Below 1 MiB: the SEV-ES AP jump table (16-bit code reads it) and the MP table. */
#define FW_LOW_RESERVED		0x9e000
#define FW_AP_JUMP_TABLE	0x9e000
#define FW_AP_COUNTER		0x9e800		/* u16: APs that checked in */
#define FW_MP_TABLE		0x9f000		/* MP configuration table */
#define FW_MP_FLOAT		0x9fc00		/* MP floating pointer: last KiB of base memory */
#define FW_LOW_RESERVED_END	0xa0000
#define FW_BIOS_AREA		0xa0000		/* VGA, option ROMs, BIOS: never RAM */
#define FW_BIOS_AREA_END	0x100000

/* GDT selectors: the Linux 64-bit boot protocol wants __BOOT_CS 0x10 and __BOOT_DS 0x18. */
#define FW_SEL_CODE32		0x08
#define FW_SEL_CODE64		0x10
#define FW_SEL_DATA		0x18

/* fw_sev_flags bits handed from the 32-bit stage to C. */
#define FW_SEV_ACTIVE		0x1
#define FW_SEV_ES_ACTIVE	0x2

#endif

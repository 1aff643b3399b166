/* SPDX-License-Identifier: GPL-2.0 */
/* Where sevvm puts things in guest-physical memory. */
#ifndef SEVVM_LAYOUT_H
#define SEVVM_LAYOUT_H

#define SZ_1K	0x400ull
#define SZ_1M	0x100000ull
#define SZ_2M	0x200000ull
#define SZ_1G	0x40000000ull
#define SZ_4G	0x100000000ull

#define GUEST_GDT_ADDR		0x500ull	/* boot GDT */
#define GUEST_ZERO_PAGE		0x7000ull	/* struct boot_params */
#define GUEST_PML4		0x9000ull	/* identity page tables: PML4, */
#define GUEST_PDPT		0xa000ull	/* one PDPT, */
#define GUEST_PD		0xb000ull	/* four page directories (4 GiB) */
#define GUEST_CMDLINE		0x20000ull	/* kernel command line */
#define GUEST_CMDLINE_MAX	0x10000ull
#define GUEST_EBDA_START	0x9fc00ull	/* reserved from here to 1 MiB */
#define GUEST_BIOS_START	0xf0000ull	/* MP table lives here */
/*
 * ACPI tables in the upper half of the BIOS area (e820-reserved): the RSDP
 * on a 16-byte boundary inside the 0xE0000-0xFFFFF range a guest scans,
 * the tables blob after it, 64-byte aligned for the FACS.
 */
#define GUEST_ACPI_RSDP		0xf8000ull
#define GUEST_ACPI_TABLES	0xf8040ull
#define GUEST_ACPI_END		0x100000ull
#define GUEST_HIMEM_START	SZ_1M
#define GUEST_FLAT_LOAD		SZ_1M		/* flat test guests */
#define GUEST_KERNEL_DEFAULT	0x1000000ull	/* 16 MiB, Linux's default */

/* RAM above this goes above 4 GiB: [3 GiB, 4 GiB) is the MMIO hole. */
#define GUEST_MMIO_HOLE_START	0xc0000000ull
#define GUEST_IOAPIC_ADDR	0xfec00000ull
#define GUEST_LAPIC_ADDR	0xfee00000ull

#define GUEST_MEM_MIN		(4 * SZ_1M)
#define GUEST_MEM_MAX		(1024 * SZ_1G)

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * The 64-bit boot protocol's machine state (boot.rst, "64-bit Boot
 * Protocol"): long mode, paging with an identity map covering the loaded
 * images, a GDT with __BOOT_CS (0x10) and __BOOT_DS (0x18).
 */
#include "vmm/boot.h"

#include "vmm/layout.h"

#define PTE_P	0x1ull
#define PTE_RW	0x2ull
#define PTE_PS	0x80ull

/* Descriptor: base, limit and the 12 flag bits (APM vol. 2, 4.7/4.8). */
static uint64_t gdt_entry(uint16_t flags, uint32_t base, uint32_t limit)
{
	return ((uint64_t)(base & 0xff000000u) << 32) |
	       ((uint64_t)(flags & 0xf0ffu) << 40) |
	       ((uint64_t)(limit & 0x000f0000u) << 32) |
	       ((uint64_t)(base & 0x00ffffffu) << 16) |
	       (uint64_t)(limit & 0x0000ffffu);
}

int boot64_write_tables(struct ram *ram, uint64_t cbit_mask, struct err *e)
{
	uint64_t gdt[BOOT_GDT_ENTRIES] = {
		[BOOT_CS / 8] = gdt_entry(0xa09b, 0, 0xfffff),	/* code, L=1 */
		[BOOT_DS / 8] = gdt_entry(0xc093, 0, 0xfffff),	/* data */
		[BOOT_TSS / 8] = gdt_entry(0x008b, 0, 0x67),	/* busy TSS */
	};
	uint64_t pml4 = GUEST_PDPT | cbit_mask | PTE_P | PTE_RW;
	uint64_t pdpt[4], pd[512];
	unsigned int i, j;
	int r;

	r = ram_write(ram, GUEST_GDT_ADDR, gdt, sizeof(gdt), "boot GDT", e);
	if (!r)
		r = ram_write(ram, GUEST_PML4, &pml4, sizeof(pml4), "PML4", e);
	for (i = 0; i < 4 && !r; i++) {
		pdpt[i] = (GUEST_PD + i * 0x1000) | cbit_mask | PTE_P | PTE_RW;
		for (j = 0; j < 512; j++)
			pd[j] = ((uint64_t)i * SZ_1G + (uint64_t)j * SZ_2M) | cbit_mask |
				PTE_P | PTE_RW | PTE_PS;
		r = ram_write(ram, GUEST_PD + i * 0x1000, pd, sizeof(pd), "page directory", e);
	}
	if (!r)
		r = ram_write(ram, GUEST_PDPT, pdpt, sizeof(pdpt), "PDPT", e);
	return r;
}

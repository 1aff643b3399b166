// SPDX-License-Identifier: GPL-2.0
/* Page-table walk for the debugger: see paging.h. */
#include "vmm/gdb/paging.h"

#include <errno.h>

#define CR0_PG		(1ull << 31)
#define CR4_PSE		(1ull << 4)
#define CR4_PAE		(1ull << 5)
#define CR4_LA57	(1ull << 12)
#define EFER_LMA	(1ull << 10)
#define PTE_P		1ull
#define PTE_PS		(1ull << 7)
#define ADDR_MASK	0x000ffffffffff000ull	/* bits 51:12 */


static int read_entry(const struct gdb_paging *p, uint64_t gpa, size_t len, uint64_t *ent,
		      int level, const char **why)
{
	uint32_t e32 = 0;

	if (len == 4) {
		if (p->read(p->opaque, gpa, &e32, 4)) {
			*why = "a page table is outside guest RAM";
			return -EFAULT;
		}
		*ent = e32;
	} else if (p->read(p->opaque, gpa, ent, 8)) {
		*why = "a page table is outside guest RAM";
		return -EFAULT;
	}
	if (!(*ent & PTE_P)) {
		*why = level == 0 ? "PTE not present" : level == 1 ? "PDE not present" :
		       level == 2 ? "PDPTE not present" : level == 3 ? "PML4E not present" :
		       "PML5E not present";
		return -EFAULT;
	}
	return 0;
}

int gdb_translate(const struct gdb_paging *p, uint64_t va, uint64_t *pa, bool *private,
		  const char **why)
{
	uint64_t mask = ADDR_MASK & ~p->cbit_mask, table, ent;
	bool dummy;
	int level, r;

	if (!private)
		private = &dummy;
	*private = true;
	if (!(p->cr0 & CR0_PG)) {
		*pa = va;
		return 0;
	}
	if (p->efer & EFER_LMA || p->cr4 & CR4_PAE) {
		if (p->efer & EFER_LMA) {
			level = p->cr4 & CR4_LA57 ? 4 : 3;
			table = p->cr3 & mask;
		} else {
			/* PAE: CR3 holds a 32-byte aligned PDPT of 4 entries. */
			va &= 0xffffffffu;
			r = read_entry(p, (p->cr3 & 0xffffffe0u) + ((va >> 30) & 3) * 8, 8,
				       &ent, 2, why);
			if (r)
				return r;
			table = ent & mask;
			level = 1;
		}
		for (; level >= 0; level--) {
			unsigned int shift = 12 + 9 * (unsigned int)level;

			r = read_entry(p, table + ((va >> shift) & 0x1ff) * 8, 8, &ent, level, why);
			if (r)
				return r;
			if (level == 0 || (level <= 2 && ent & PTE_PS)) {
				uint64_t page = (1ull << shift) - 1;

				*pa = ((ent & mask) & ~page) | (va & page);
				*private = p->cbit_mask && (ent & p->cbit_mask);
				return 0;
			}
			table = ent & mask;
		}
		return -EFAULT;		/* not reached */
	}
	/* Legacy 32-bit paging: 4-byte entries, 4 MiB pages with CR4.PSE. */
	va &= 0xffffffffu;
	r = read_entry(p, (p->cr3 & 0xfffff000u) + (va >> 22) * 4, 4, &ent, 1, why);
	if (r)
		return r;
	/* 32-bit entries cannot hold a C-bit (it is above bit 31). */
	*private = false;
	if (p->cr4 & CR4_PSE && ent & PTE_PS) {
		*pa = (ent & 0xffc00000u) | (va & 0x3fffff);
		return 0;
	}
	r = read_entry(p, (ent & 0xfffff000u) + ((va >> 12) & 0x3ff) * 4, 4, &ent, 0, why);
	if (r)
		return r;
	*pa = (ent & 0xfffff000u) | (va & 0xfff);
	return 0;
}

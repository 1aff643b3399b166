/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest-virtual to guest-physical through a vCPU's own page tables (APM
 * vol. 2, 5.3 legacy, 5.3.3 PAE, 5.3.4/5.3.5 long mode 4- and 5-level),
 * with the SEV C-bit taken out of every table entry's address.
 */
#ifndef SEVVM_GDB_PAGING_H
#define SEVVM_GDB_PAGING_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct gdb_paging {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t cbit_mask;	/* 0 without SEV */
	/* Reads a table entry of @len (4 or 8) bytes at @gpa; 0 or -errno. */
	int (*read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	void *opaque;
};

/*
 * The physical address of @va. Returns 0, or -EFAULT with *@why saying
 * which level's entry was not present or not readable. *@private (may be
 * NULL) says whether an SEV guest reaches the page as private memory: its
 * leaf entry has the C-bit, or paging is off (APM vol. 2, 15.34.5: then
 * every access is private). Guest page tables are always read as private.
 */
int gdb_translate(const struct gdb_paging *p, uint64_t va, uint64_t *pa, bool *private,
		  const char **why);

#endif

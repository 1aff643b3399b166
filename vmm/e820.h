/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's e820 memory map (Linux boot protocol, zero page 0x2d0). */
#ifndef SEVVM_E820_H
#define SEVVM_E820_H

#include <stdint.h>
#include "vmm/util/err.h"

#define E820_TYPE_RAM		1
#define E820_TYPE_RESERVED	2
#define E820_TYPE_ACPI		3	/* ACPI tables (reclaimable) */
#define E820_MAX		128	/* E820_MAX_ENTRIES_ZEROPAGE */

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
};

struct e820_map {
	struct e820_entry e[E820_MAX];
	unsigned int nr;
};

/* Appends an entry; entries must come in increasing, non-overlapping order. */
int e820_add(struct e820_map *m, uint64_t addr, uint64_t size, uint32_t type,
	     struct err *e);

/* The standard PC map for @mem_size bytes of RAM (see vmm/layout.h). */
int e820_build(struct e820_map *m, uint64_t mem_size, struct err *e);

/*
 * Gives [@addr, @addr + @size), which must lie inside one entry, the type
 * @type, splitting that entry in up to three.
 */
int e820_retype(struct e820_map *m, uint64_t addr, uint64_t size, uint32_t type,
		struct err *e);

/* Highest end address of RAM below @limit, for placing an initrd. */
uint64_t e820_ram_top_below(const struct e820_map *m, uint64_t limit);

#endif

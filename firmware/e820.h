/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The e820 map the firmware gives Linux: QEMU's fw_cfg "etc/e820" file
 * with the firmware's own areas cut out and reserved. Freestanding; the
 * host unit tests build this file too.
 */
#ifndef FW_E820_H
#define FW_E820_H

#include <stddef.h>
#include <stdint.h>
#include "devices/fw_cfg_abi.h"

#define E820_RAM		1
#define E820_RESERVED		2
#define E820_ACPI		3	/* ACPI tables */
#define E820_MAX		128	/* boot_params e820_table (E820_MAX_ENTRIES_ZEROPAGE) */

struct fw_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

struct fw_e820_map {
	unsigned int n;
	struct fw_e820_entry e[E820_MAX];
};

/* Parses etc/e820; -1 if len is not whole entries or there are too many. */
int e820_parse_qemu(struct fw_e820_map *m, const uint8_t *buf, size_t len);
/* Cuts [start, end) out of every RAM entry and adds it as reserved; -1 when full. */
int e820_reserve(struct fw_e820_map *m, uint64_t start, uint64_t end);
/* The same with the given type for the new entry (E820_ACPI for ACPI tables). */
int e820_claim(struct fw_e820_map *m, uint64_t start, uint64_t end, uint32_t type);
/* Sorts by address. */
void e820_sort(struct fw_e820_map *m);
/* Whether [start, end) lies inside one RAM entry. */
int e820_is_ram(const struct fw_e820_map *m, uint64_t start, uint64_t end);
/*
 * The highest address, aligned down to align (a power of two), for size
 * bytes of RAM within one entry, at or above low and ending at or below
 * high; 0 if there is none.
 */
uint64_t e820_place_high(const struct fw_e820_map *m, uint64_t size, uint64_t low,
			 uint64_t high, uint64_t align);

#endif

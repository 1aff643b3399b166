// SPDX-License-Identifier: GPL-2.0
#include "vmm/e820.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "vmm/layout.h"

int e820_add(struct e820_map *m, uint64_t addr, uint64_t size, uint32_t type,
	     struct err *e)
{
	const struct e820_entry *last = m->nr ? &m->e[m->nr - 1] : NULL;

	if (!size || addr + size < addr)
		return err_set(e, EINVAL, "e820: empty or wrapping entry at %#" PRIx64, addr);
	if (last && addr < last->addr + last->size)
		return err_set(e, EINVAL, "e820: entry at %#" PRIx64 " overlaps or precedes %#"
			       PRIx64 "+%#" PRIx64, addr, last->addr, last->size);
	if (m->nr >= E820_MAX)
		return err_set(e, ENOSPC, "e820: more than %d entries", E820_MAX);
	m->e[m->nr++] = (struct e820_entry){ .addr = addr, .size = size, .type = type };
	return 0;
}

int e820_build(struct e820_map *m, uint64_t mem_size, struct err *e)
{
	uint64_t low = mem_size < GUEST_MMIO_HOLE_START ? mem_size : GUEST_MMIO_HOLE_START;
	int r;

	m->nr = 0;
	if (mem_size < GUEST_MEM_MIN)
		return err_set(e, EINVAL, "e820: %" PRIu64 " KiB of memory is below the minimum of %llu KiB",
			       mem_size >> 10, GUEST_MEM_MIN >> 10);
	r = e820_add(m, 0, GUEST_EBDA_START, E820_TYPE_RAM, e);
	if (!r)
		r = e820_add(m, GUEST_EBDA_START, 0xa0000 - GUEST_EBDA_START,
			     E820_TYPE_RESERVED, e);
	if (!r)
		r = e820_add(m, GUEST_BIOS_START, GUEST_HIMEM_START - GUEST_BIOS_START,
			     E820_TYPE_RESERVED, e);
	if (!r)
		r = e820_add(m, GUEST_HIMEM_START, low - GUEST_HIMEM_START, E820_TYPE_RAM, e);
	if (!r && mem_size > low)
		r = e820_add(m, SZ_4G, mem_size - low, E820_TYPE_RAM, e);
	return r;
}

int e820_retype(struct e820_map *m, uint64_t addr, uint64_t size, uint32_t type,
		struct err *e)
{
	struct e820_entry *x = NULL, before, after;
	unsigned int i, extra;

	for (i = 0; i < m->nr; i++)
		if (m->e[i].addr <= addr && addr + size <= m->e[i].addr + m->e[i].size) {
			x = &m->e[i];
			break;
		}
	if (!x || !size)
		return err_set(e, EINVAL, "e820: [%#" PRIx64 ", +%#" PRIx64 ") is not inside one entry",
			       addr, size);
	before = (struct e820_entry){ .addr = x->addr, .size = addr - x->addr, .type = x->type };
	after = (struct e820_entry){ .addr = addr + size, .size = x->addr + x->size - addr - size,
				     .type = x->type };
	extra = (before.size != 0) + (after.size != 0);
	if (m->nr + extra > E820_MAX)
		return err_set(e, ENOSPC, "e820: more than %d entries", E820_MAX);
	memmove(&m->e[i + 1 + extra], &m->e[i + 1], (m->nr - i - 1) * sizeof(m->e[0]));
	m->nr += extra;
	if (before.size)
		m->e[i++] = before;
	m->e[i++] = (struct e820_entry){ .addr = addr, .size = size, .type = type };
	if (after.size)
		m->e[i] = after;
	return 0;
}

uint64_t e820_ram_top_below(const struct e820_map *m, uint64_t limit)
{
	uint64_t top = 0;
	unsigned int i;

	for (i = 0; i < m->nr; i++) {
		const struct e820_entry *x = &m->e[i];
		uint64_t end = x->addr + x->size;

		if (x->type != E820_TYPE_RAM || x->addr >= limit)
			continue;
		if (end > limit)
			end = limit;
		if (end > top)
			top = end;
	}
	return top;
}

// SPDX-License-Identifier: GPL-2.0
/* e820 map editing for the firmware (see e820.h). */
#include "firmware/e820.h"

static uint64_t rd_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

int e820_parse_qemu(struct fw_e820_map *m, const uint8_t *buf, size_t len)
{
	size_t i, count = len / FW_CFG_E820_ENTRY_LEN;

	if (len % FW_CFG_E820_ENTRY_LEN || count > E820_MAX)
		return -1;
	m->n = 0;
	for (i = 0; i < count; i++) {
		const uint8_t *p = buf + i * FW_CFG_E820_ENTRY_LEN;
		struct fw_e820_entry e = {
			.addr = rd_le(p, 8), .size = rd_le(p + 8, 8), .type = (uint32_t)rd_le(p + 16, 4),
		};

		if (!e.size || e.addr + e.size < e.addr)
			continue;	/* empty or wrapping: not memory anyone can use */
		m->e[m->n++] = e;
	}
	return 0;
}

static int add(struct fw_e820_map *m, uint64_t addr, uint64_t size, uint32_t type)
{
	if (!size)
		return 0;
	if (m->n >= E820_MAX)
		return -1;
	m->e[m->n].addr = addr;
	m->e[m->n].size = size;
	m->e[m->n].type = type;
	m->n++;
	return 0;
}

int e820_claim(struct fw_e820_map *m, uint64_t start, uint64_t end, uint32_t type)
{
	unsigned int i, n = m->n;

	for (i = 0; i < n; i++) {
		struct fw_e820_entry *e = &m->e[i];
		uint64_t e_end = e->addr + e->size;

		if (e->type != E820_RAM || e_end <= start || e->addr >= end)
			continue;
		/* The part above the cut becomes a new entry, the part below stays. */
		if (e_end > end && add(m, end, e_end - end, E820_RAM))
			return -1;
		e = &m->e[i];
		e->size = e->addr < start ? start - e->addr : 0;
	}
	/* Drop entries the cut emptied. */
	for (i = 0, n = 0; i < m->n; i++)
		if (m->e[i].size)
			m->e[n++] = m->e[i];
	m->n = n;
	return add(m, start, end - start, type);
}

int e820_reserve(struct fw_e820_map *m, uint64_t start, uint64_t end)
{
	return e820_claim(m, start, end, E820_RESERVED);
}

void e820_sort(struct fw_e820_map *m)
{
	unsigned int i, j;

	for (i = 1; i < m->n; i++) {
		struct fw_e820_entry t = m->e[i];

		for (j = i; j > 0 && m->e[j - 1].addr > t.addr; j--)
			m->e[j] = m->e[j - 1];
		m->e[j] = t;
	}
}

int e820_is_ram(const struct fw_e820_map *m, uint64_t start, uint64_t end)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->e[i].type == E820_RAM && m->e[i].addr <= start &&
		    end <= m->e[i].addr + m->e[i].size && start <= end)
			return 1;
	return 0;
}

uint64_t e820_place_high(const struct fw_e820_map *m, uint64_t size, uint64_t low,
			 uint64_t high, uint64_t align)
{
	uint64_t best = 0;
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		const struct fw_e820_entry *e = &m->e[i];
		uint64_t top = e->addr + e->size, base;

		if (e->type != E820_RAM)
			continue;
		if (top > high)
			top = high;
		if (top < size)
			continue;
		base = (top - size) & ~(align - 1);
		if (base < e->addr || base < low || base + size > top)
			continue;
		if (base > best)
			best = base;
	}
	return best;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One dispatch for port I/O and MMIO: devices register address ranges before
 * the vCPUs start; lookups afterwards are lock-free (the table is frozen) and
 * each device serialises its own state.
 */
#ifndef SEVVM_IOBUS_H
#define SEVVM_IOBUS_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define IOBUS_MAX_RANGES 64

/*
 * @offset is relative to the range base; @data holds @len bytes (1, 2, 4 or
 * 8) in guest byte order. Reads must fill @data.
 */
typedef void (*iobus_fn)(void *opaque, uint64_t offset, void *data,
			 unsigned int len, bool is_write);

struct iobus_range {
	uint64_t base, len;
	iobus_fn fn;
	void *opaque;
	const char *name;
};

/*
 * A decoder whose address the guest programs at run time (the PIIX4's PM
 * I/O block follows its PMBA register): offered every access no range
 * claims; returns true if it took it. It is called concurrently from vCPU
 * threads and keeps its own state safe.
 */
typedef bool (*iobus_movable_fn)(void *opaque, uint64_t addr, void *data,
				 unsigned int len, bool is_write);

struct iobus {
	const char *name;	/* "pio" or "mmio", for messages */
	struct iobus_range ranges[IOBUS_MAX_RANGES];	/* sorted by base */
	unsigned int nr;
	iobus_movable_fn movable;	/* NULL: none */
	void *movable_opaque;
};

void iobus_init(struct iobus *bus, const char *name);
int iobus_register(struct iobus *bus, uint64_t base, uint64_t len, iobus_fn fn,
		   void *opaque, const char *name, struct err *e);
/* Sets the bus's one movable decoder, before the vCPUs start. */
void iobus_set_movable(struct iobus *bus, iobus_movable_fn fn, void *opaque);
const struct iobus_range *iobus_find(const struct iobus *bus, uint64_t addr);

/*
 * Dispatches one access to its range, else to the movable decoder. Unclaimed
 * reads return all-ones (an absent device on
 * an ISA or PCI bus) and unclaimed writes are dropped; returns false then.
 */
bool iobus_access(const struct iobus *bus, uint64_t addr, void *data,
		  unsigned int len, bool is_write);

#endif

// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/iobus.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

void iobus_init(struct iobus *bus, const char *name)
{
	*bus = (struct iobus){ .name = name };
}

int iobus_register(struct iobus *bus, uint64_t base, uint64_t len, iobus_fn fn,
		   void *opaque, const char *name, struct err *e)
{
	unsigned int i, pos = bus->nr;

	if (!len || base + len < base)
		return err_set(e, EINVAL, "%s range %s: bad length", bus->name, name);
	if (bus->nr >= IOBUS_MAX_RANGES)
		return err_set(e, ENOSPC, "%s range %s: too many ranges", bus->name, name);
	for (i = 0; i < bus->nr; i++) {
		const struct iobus_range *o = &bus->ranges[i];

		if (base < o->base + o->len && o->base < base + len)
			return err_set(e, EEXIST, "%s range %s [%#" PRIx64 "+%#" PRIx64
				       "] overlaps %s", bus->name, name, base, len, o->name);
		if (pos == bus->nr && base < o->base)
			pos = i;
	}
	memmove(&bus->ranges[pos + 1], &bus->ranges[pos],
		(bus->nr - pos) * sizeof(bus->ranges[0]));
	bus->ranges[pos] = (struct iobus_range){
		.base = base, .len = len, .fn = fn, .opaque = opaque, .name = name,
	};
	bus->nr++;
	return 0;
}

void iobus_set_movable(struct iobus *bus, iobus_movable_fn fn, void *opaque)
{
	bus->movable = fn;
	bus->movable_opaque = opaque;
}

const struct iobus_range *iobus_find(const struct iobus *bus, uint64_t addr)
{
	unsigned int lo = 0, hi = bus->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct iobus_range *r = &bus->ranges[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr - r->base >= r->len)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

bool iobus_access(const struct iobus *bus, uint64_t addr, void *data,
		  unsigned int len, bool is_write)
{
	const struct iobus_range *r = iobus_find(bus, addr);

	if (!r && bus->movable && bus->movable(bus->movable_opaque, addr, data, len, is_write))
		return true;
	if (!r || len > r->len - (addr - r->base)) {
		if (!is_write)
			memset(data, 0xff, len);
		return false;
	}
	r->fn(r->opaque, addr - r->base, data, len, is_write);
	return true;
}

// SPDX-License-Identifier: GPL-2.0
#include "devices/debug_exit.h"

#include <string.h>

int debug_exit_status(uint32_t value)
{
	/* A process exit status is 8 bits wide, as in QEMU. */
	return (int)(((value << 1) | 1) & 0xff);
}

void debug_exit_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	struct debug_exit *d = opaque;
	uint32_t v = 0;

	(void)offset;
	if (!is_write) {
		memset(data, 0xff, len);
		return;
	}
	memcpy(&v, data, len < 4 ? len : 4);
	d->exit(d->opaque, debug_exit_status(v));
}

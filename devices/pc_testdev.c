// SPDX-License-Identifier: GPL-2.0
#include "devices/pc_testdev.h"

#include <string.h>

/* QEMU's test_ioport_read/write: the access's bytes of the register at its offset. */
void pc_testdev_ioport_io(void *opaque, uint64_t offset, void *data, unsigned int len,
			  bool is_write)
{
	struct pc_testdev *t = opaque;
	uint8_t reg[PC_TESTDEV_IOPORT_LEN];
	unsigned int n;

	if (offset >= PC_TESTDEV_IOPORT_LEN) {
		if (!is_write)
			memset(data, 0xff, len);
		return;
	}
	n = len < PC_TESTDEV_IOPORT_LEN - offset ? len : PC_TESTDEV_IOPORT_LEN - (unsigned int)offset;
	memcpy(reg, &t->ioport_data, sizeof(reg));
	if (is_write) {
		memcpy(reg + offset, data, n);
		memcpy(&t->ioport_data, reg, sizeof(reg));
	} else {
		memset(data, 0, len);
		memcpy(data, reg + offset, n);
	}
}

void pc_testdev_irq_io(void *opaque, uint64_t offset, void *data, unsigned int len,
		       bool is_write)
{
	struct pc_testdev *t = opaque;
	uint32_t v = 0;

	if (!is_write) {
		memset(data, 0xff, len);
		return;
	}
	if (offset >= PC_TESTDEV_IRQ_LINES)
		return;
	memcpy(&v, data, len < 4 ? len : 4);
	t->set_irq(t->opaque, (unsigned int)offset, !!v);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of QEMU's pc-testdev (hw/misc/pc-testdev.c) that test kernels
 * such as kvm-unit-tests use: a 32-bit scratch register at ports
 * 0xe0-0xe3, readable and writable at any width and byte offset, and 24
 * interrupt lines at ports 0x2000-0x2017 (a write of v sets line
 * port - 0x2000 to level !!v). The flush-page port (0xe4) and the MMIO
 * window at 0xff000000 are not implemented.
 */
#ifndef SEVVM_PC_TESTDEV_H
#define SEVVM_PC_TESTDEV_H

#include <stdbool.h>
#include <stdint.h>

#define PC_TESTDEV_IOPORT	0xe0
#define PC_TESTDEV_IOPORT_LEN	4
#define PC_TESTDEV_IRQ_PORT	0x2000
#define PC_TESTDEV_IRQ_LINES	24

struct pc_testdev {
	uint32_t ioport_data;
	void (*set_irq)(void *opaque, unsigned int line, int level);
	void *opaque;
};

void pc_testdev_ioport_io(void *opaque, uint64_t offset, void *data, unsigned int len,
			  bool is_write);
void pc_testdev_irq_io(void *opaque, uint64_t offset, void *data, unsigned int len,
		       bool is_write);

#endif

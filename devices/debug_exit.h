/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test exit port compatible with QEMU's isa-debug-exit (iobase 0xf4,
 * iosize 4): a write of v ends the VM with exit status (v << 1) | 1.
 */
#ifndef SEVVM_DEBUG_EXIT_H
#define SEVVM_DEBUG_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#define DEBUG_EXIT_PORT	0xf4
#define DEBUG_EXIT_SIZE	4

struct debug_exit {
	void (*exit)(void *opaque, int status);
	void *opaque;
};

int debug_exit_status(uint32_t value);
void debug_exit_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

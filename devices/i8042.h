/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal i8042 keyboard controller: enough for Linux to probe it quietly,
 * and the 0xFE "pulse reset line" command, which ends the VM (reboot=k).
 */
#ifndef SEVVM_I8042_H
#define SEVVM_I8042_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define I8042_DATA_PORT	0x60
#define I8042_CMD_PORT	0x64
#define I8042_BUF	16

struct i8042 {
	pthread_mutex_t lock;
	void (*reset)(void *opaque);	/* guest pulsed the reset line */
	void *opaque;
	uint8_t ctr;			/* controller command byte */
	uint8_t pending_cmd;		/* command awaiting a data byte */
	uint8_t out[I8042_BUF];		/* output buffer queue */
	unsigned int out_head, out_count;
};

void i8042_init(struct i8042 *k, void (*reset)(void *), void *opaque);
void i8042_destroy(struct i8042 *k);
uint8_t i8042_read(struct i8042 *k, uint16_t port);
void i8042_write(struct i8042 *k, uint16_t port, uint8_t val);
/* iobus adapters: data port (0x60) and command/status port (0x64). */
void i8042_data_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);
void i8042_cmd_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

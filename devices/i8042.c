// SPDX-License-Identifier: GPL-2.0
/* Command set as in Linux's drivers/input/serio/i8042.h. */
#include "devices/i8042.h"

#include <string.h>

#define STR_OBF		0x01	/* output buffer full */
#define STR_SYSFLAG	0x04
#define STR_CMDDAT	0x08	/* last write was a command */
#define STR_KEYLOCK	0x10

#define CMD_CTL_RCTR	0x20
#define CMD_CTL_WCTR	0x60
#define CMD_AUX_DISABLE	0xa7
#define CMD_AUX_ENABLE	0xa8
#define CMD_AUX_TEST	0xa9
#define CMD_CTL_TEST	0xaa
#define CMD_KBD_TEST	0xab
#define CMD_KBD_DISABLE	0xad
#define CMD_KBD_ENABLE	0xae
#define CMD_WRITE_OUTP	0xd1
#define CMD_KBD_LOOP	0xd2
#define CMD_AUX_LOOP	0xd3
#define CMD_AUX_SEND	0xd4
#define CMD_PULSE_RESET	0xfe

#define CTR_KBDDIS	0x10
#define CTR_AUXDIS	0x20

static void out_push(struct i8042 *k, uint8_t v)
{
	if (k->out_count < I8042_BUF)
		k->out[(k->out_head + k->out_count++) % I8042_BUF] = v;
}

void i8042_init(struct i8042 *k, void (*reset)(void *), void *opaque)
{
	memset(k, 0, sizeof(*k));
	pthread_mutex_init(&k->lock, NULL);
	k->reset = reset;
	k->opaque = opaque;
	k->ctr = CTR_KBDDIS | CTR_AUXDIS;
}

void i8042_destroy(struct i8042 *k)
{
	pthread_mutex_destroy(&k->lock);
}

uint8_t i8042_read(struct i8042 *k, uint16_t port)
{
	uint8_t v;

	pthread_mutex_lock(&k->lock);
	if (port == I8042_CMD_PORT) {
		v = STR_SYSFLAG | STR_KEYLOCK | (k->out_count ? STR_OBF : 0) |
		    (k->pending_cmd ? STR_CMDDAT : 0);
	} else if (k->out_count) {
		v = k->out[k->out_head];
		k->out_head = (k->out_head + 1) % I8042_BUF;
		k->out_count--;
	} else {
		v = 0;
	}
	pthread_mutex_unlock(&k->lock);
	return v;
}

void i8042_write(struct i8042 *k, uint16_t port, uint8_t val)
{
	bool reset = false;

	pthread_mutex_lock(&k->lock);
	if (port == I8042_CMD_PORT) {
		k->pending_cmd = 0;
		switch (val) {
		case CMD_CTL_RCTR:
			out_push(k, k->ctr);
			break;
		case CMD_CTL_WCTR:
		case CMD_WRITE_OUTP:
		case CMD_KBD_LOOP:
		case CMD_AUX_LOOP:
		case CMD_AUX_SEND:
			k->pending_cmd = val;
			break;
		case CMD_CTL_TEST:
			out_push(k, 0x55);
			break;
		case CMD_KBD_TEST:
		case CMD_AUX_TEST:
			out_push(k, 0x00);
			break;
		case CMD_KBD_DISABLE:
			k->ctr |= CTR_KBDDIS;
			break;
		case CMD_KBD_ENABLE:
			k->ctr &= (uint8_t)~CTR_KBDDIS;
			break;
		case CMD_AUX_DISABLE:
			k->ctr |= CTR_AUXDIS;
			break;
		case CMD_AUX_ENABLE:
			k->ctr &= (uint8_t)~CTR_AUXDIS;
			break;
		case CMD_PULSE_RESET:
			reset = true;
			break;
		default:
			break;
		}
	} else {
		switch (k->pending_cmd) {
		case CMD_CTL_WCTR:
			k->ctr = val;
			break;
		case CMD_WRITE_OUTP:
			/* Bit 0 of the output port is the CPU reset line. */
			reset = !(val & 1);
			break;
		case CMD_KBD_LOOP:
		case CMD_AUX_LOOP:
			out_push(k, val);
			break;
		default:
			/* No keyboard or mouse behind the controller: no reply. */
			break;
		}
		k->pending_cmd = 0;
	}
	pthread_mutex_unlock(&k->lock);
	if (reset && k->reset)
		k->reset(k->opaque);
}

void i8042_data_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	uint8_t *d = data;

	(void)offset;
	if (is_write)
		i8042_write(opaque, I8042_DATA_PORT, d[0]);
	else
		memset(d, i8042_read(opaque, I8042_DATA_PORT), len);
}

void i8042_cmd_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	uint8_t *d = data;

	(void)offset;
	if (is_write)
		i8042_write(opaque, I8042_CMD_PORT, d[0]);
	else
		memset(d, i8042_read(opaque, I8042_CMD_PORT), len);
}

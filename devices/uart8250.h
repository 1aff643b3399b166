/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 16550A UART (National Semiconductor PC16550D data sheet): eight registers,
 * 16-byte FIFOs as the guest sees them, interrupt identification by priority
 * (line status, received data, THR empty, modem status).
 */
#ifndef SEVVM_UART8250_H
#define SEVVM_UART8250_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UART_COM1_BASE	0x3f8
#define UART_COM1_IRQ	4
#define UART_RX_BUF	256	/* host-side receive buffer */

struct uart_ops {
	void (*tx)(void *opaque, uint8_t byte);		/* guest wrote THR */
	void (*set_irq)(void *opaque, int level);	/* interrupt line level */
};

struct uart {
	pthread_mutex_t lock;
	const struct uart_ops *ops;
	void *opaque;
	uint8_t dll, dlm, ier, fcr, lcr, mcr, lsr, msr, scr;
	bool thri_pending;	/* THR-empty interrupt latched */
	int irq_level;
	uint8_t rx[UART_RX_BUF];
	unsigned int rx_head, rx_count;
};

void uart_init(struct uart *u, const struct uart_ops *ops, void *opaque);
void uart_destroy(struct uart *u);

/* Register access at @offset 0..7 (one byte). */
uint8_t uart_read(struct uart *u, unsigned int offset);
void uart_write(struct uart *u, unsigned int offset, uint8_t val);

/* Host input: queues up to @len bytes, returns how many were taken. */
size_t uart_receive(struct uart *u, const uint8_t *buf, size_t len);
size_t uart_rx_space(struct uart *u);

/* iobus adapter for the 8 ports at the base. */
void uart_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

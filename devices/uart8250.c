// SPDX-License-Identifier: GPL-2.0
/*
 * Lock order: u->lock, then the console's lock (a transmitted byte goes to
 * the console under u->lock); the console calls nothing back under its own.
 */
#include "devices/uart8250.h"

#include <string.h>

/* Register offsets and bits, PC16550D data sheet table II. */
#define UART_RBR	0	/* DLAB=0 read */
#define UART_THR	0	/* DLAB=0 write */
#define UART_IER	1
#define UART_IIR	2	/* read */
#define UART_FCR	2	/* write */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define IER_RDI		0x01
#define IER_THRI	0x02
#define IER_RLSI	0x04
#define IER_MSI		0x08

#define IIR_NO_INT	0x01
#define IIR_MSI		0x00
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_RLSI	0x06
#define IIR_FIFO	0xc0

#define FCR_ENABLE	0x01
#define FCR_CLEAR_RX	0x02
#define FCR_CLEAR_TX	0x04

#define LCR_DLAB	0x80

#define MCR_DTR		0x01
#define MCR_RTS		0x02
#define MCR_OUT1	0x04
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10

#define LSR_DR		0x01
#define LSR_OE		0x02
#define LSR_BI		0x10
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define LSR_ERRORS	0x1e

#define MSR_DCTS	0x01
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_RI		0x40
#define MSR_DCD		0x80
#define MSR_DELTAS	0x0f

static uint8_t uart_iir(const struct uart *u)
{
	uint8_t fifo = (u->fcr & FCR_ENABLE) ? IIR_FIFO : 0;

	if ((u->ier & IER_RLSI) && (u->lsr & LSR_ERRORS))
		return IIR_RLSI | fifo;
	if ((u->ier & IER_RDI) && u->rx_count)
		return IIR_RDI | fifo;
	if ((u->ier & IER_THRI) && u->thri_pending)
		return IIR_THRI | fifo;
	if ((u->ier & IER_MSI) && (u->msr & MSR_DELTAS))
		return IIR_MSI | fifo;
	return IIR_NO_INT | fifo;
}

/* Called with the lock held after every state change. */
static void uart_update_irq(struct uart *u)
{
	int level = !(uart_iir(u) & IIR_NO_INT);

	if (u->rx_count)
		u->lsr |= LSR_DR;
	else
		u->lsr &= (uint8_t)~LSR_DR;
	if (level != u->irq_level) {
		u->irq_level = level;
		if (u->ops->set_irq)
			u->ops->set_irq(u->opaque, level);
	}
}

static void rx_push(struct uart *u, uint8_t byte)
{
	if (u->rx_count == UART_RX_BUF) {
		u->lsr |= LSR_OE;
		return;
	}
	u->rx[(u->rx_head + u->rx_count) % UART_RX_BUF] = byte;
	u->rx_count++;
}

void uart_init(struct uart *u, const struct uart_ops *ops, void *opaque)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	u->ops = ops;
	u->opaque = opaque;
	u->lsr = LSR_THRE | LSR_TEMT;
	u->msr = MSR_DCD | MSR_DSR | MSR_CTS;
	u->mcr = MCR_OUT2;
	u->dll = 0x0c;	/* 9600 baud */
}

void uart_destroy(struct uart *u)
{
	pthread_mutex_destroy(&u->lock);
}

static uint8_t loop_msr(uint8_t mcr)
{
	/* Loopback wires RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD. */
	return (uint8_t)((mcr & MCR_RTS ? MSR_CTS : 0) | (mcr & MCR_DTR ? MSR_DSR : 0) |
			 (mcr & MCR_OUT1 ? MSR_RI : 0) | (mcr & MCR_OUT2 ? MSR_DCD : 0));
}

uint8_t uart_read(struct uart *u, unsigned int offset)
{
	uint8_t v = 0xff;

	pthread_mutex_lock(&u->lock);
	switch (offset) {
	case UART_RBR:
		if (u->lcr & LCR_DLAB) {
			v = u->dll;
			break;
		}
		v = 0;
		if (u->rx_count) {
			v = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % UART_RX_BUF;
			u->rx_count--;
		}
		break;
	case UART_IER:
		v = (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
		break;
	case UART_IIR:
		v = uart_iir(u);
		/* Reading IIR acknowledges a THR-empty interrupt. */
		if ((v & 0x0f) == IIR_THRI)
			u->thri_pending = false;
		break;
	case UART_LCR:
		v = u->lcr;
		break;
	case UART_MCR:
		v = u->mcr;
		break;
	case UART_LSR:
		v = u->lsr;
		u->lsr &= (uint8_t)~(LSR_ERRORS);
		break;
	case UART_MSR:
		v = u->msr;
		u->msr &= (uint8_t)~MSR_DELTAS;
		break;
	case UART_SCR:
		v = u->scr;
		break;
	default:
		break;
	}
	uart_update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return v;
}

void uart_write(struct uart *u, unsigned int offset, uint8_t val)
{
	pthread_mutex_lock(&u->lock);
	switch (offset) {
	case UART_THR:
		if (u->lcr & LCR_DLAB) {
			u->dll = val;
			break;
		}
		if (u->mcr & MCR_LOOP)
			rx_push(u, val);
		else if (u->ops->tx)
			u->ops->tx(u->opaque, val);
		/* The byte leaves at once: THR is empty again. */
		u->lsr |= LSR_THRE | LSR_TEMT;
		u->thri_pending = true;
		break;
	case UART_IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = val;
			break;
		}
		/* Enabling THRI while THR is empty raises it (as the 16550 does). */
		if (!(u->ier & IER_THRI) && (val & IER_THRI) && (u->lsr & LSR_THRE))
			u->thri_pending = true;
		u->ier = val & 0x0f;
		break;
	case UART_FCR:
		if (val & FCR_CLEAR_RX) {
			u->rx_head = 0;
			u->rx_count = 0;
		}
		u->fcr = val & 0xc9;
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR: {
		uint8_t old = (u->mcr & MCR_LOOP) ? loop_msr(u->mcr) : u->msr;

		u->mcr = val & 0x1f;
		if (u->mcr & MCR_LOOP) {
			uint8_t now = loop_msr(u->mcr);

			u->msr = (uint8_t)(now | ((old ^ now) >> 4 & MSR_DELTAS));
		} else {
			u->msr = MSR_DCD | MSR_DSR | MSR_CTS;
		}
		break;
	}
	case UART_SCR:
		u->scr = val;
		break;
	default:	/* LSR and MSR are read-only */
		break;
	}
	uart_update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

size_t uart_receive(struct uart *u, const uint8_t *buf, size_t len)
{
	size_t n = 0;

	pthread_mutex_lock(&u->lock);
	while (n < len && u->rx_count < UART_RX_BUF)
		rx_push(u, buf[n++]);
	uart_update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return n;
}

size_t uart_rx_space(struct uart *u)
{
	size_t space;

	pthread_mutex_lock(&u->lock);
	space = UART_RX_BUF - u->rx_count;
	pthread_mutex_unlock(&u->lock);
	return space;
}

void uart_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	uint8_t *d = data;
	unsigned int i;

	/* Wider accesses act bytewise on consecutive registers. */
	for (i = 0; i < len; i++) {
		if (offset + i > UART_SCR) {
			if (!is_write)
				d[i] = 0xff;
			continue;
		}
		if (is_write)
			uart_write(opaque, (unsigned int)offset + i, d[i]);
		else
			d[i] = uart_read(opaque, (unsigned int)offset + i);
	}
}

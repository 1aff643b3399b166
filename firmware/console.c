// SPDX-License-Identifier: GPL-2.0
/* Console lines on the 8250 UART at 0x3f8, each starting with "sevvm-fw: ". */
#include "firmware/fw.h"

#define UART_BASE	0x3f8
#define UART_THR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_DLL	0
#define UART_DLM	1
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_THRE	0x20
#define THRE_POLLS	100000

void console_init(struct fw *fw)
{
	io_out8(fw, UART_BASE + UART_IER, 0);
	io_out8(fw, UART_BASE + UART_LCR, LCR_DLAB);
	io_out8(fw, UART_BASE + UART_DLL, 1);		/* 115200 baud */
	io_out8(fw, UART_BASE + UART_DLM, 0);
	io_out8(fw, UART_BASE + UART_LCR, LCR_8N1);
	io_out8(fw, UART_BASE + UART_FCR, 0);
	io_out8(fw, UART_BASE + UART_MCR, 0x03);	/* DTR, RTS */
}

static void uart_putc(struct fw *fw, char c)
{
	unsigned int i;

	for (i = 0; i < THRE_POLLS; i++)
		if (io_in8(fw, UART_BASE + UART_LSR) & LSR_THRE)
			break;
	io_out8(fw, UART_BASE + UART_THR, (uint8_t)c);
}

static void uart_puts(struct fw *fw, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc(fw, '\r');
		uart_putc(fw, *s);
	}
}

struct out {
	char buf[256];
	size_t n;
};

static void put(struct out *o, char c)
{
	if (o->n < sizeof(o->buf) - 1)
		o->buf[o->n++] = c;
}

static void put_num(struct out *o, uint64_t v, unsigned int base, unsigned int width, char pad)
{
	char tmp[24];
	unsigned int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width > n) {
		put(o, pad);
		width--;
	}
	while (n)
		put(o, tmp[--n]);
}

/* A printf subset: %s %c %d %u %x %p, flags '#' and '0', a width, l/ll/z. */
static void format(struct out *o, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		unsigned int width = 0, longs = 0;
		bool alt = false;
		char pad = ' ';
		uint64_t v;

		if (*fmt != '%') {
			put(o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '#') {
			alt = true;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned int)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s)
				put(o, *s++);
			break;
		}
		case 'c':
			put(o, (char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t d = longs ? va_arg(ap, long) : va_arg(ap, int);

			if (d < 0) {
				put(o, '-');
				d = -d;
			}
			put_num(o, (uint64_t)d, 10, width, pad);
			break;
		}
		case 'u':
		case 'x':
			v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (alt && *fmt == 'x') {
				put(o, '0');
				put(o, 'x');
			}
			put_num(o, v, *fmt == 'u' ? 10 : 16, width, pad);
			break;
		case 'p':
			put(o, '0');
			put(o, 'x');
			put_num(o, (uintptr_t)va_arg(ap, void *), 16, 0, ' ');
			break;
		case '%':
			put(o, '%');
			break;
		default:
			put(o, '?');
			break;
		}
	}
}

void fw_vprint(struct fw *fw, const char *fmt, va_list ap)
{
	struct out o = { .n = 0 };
	const char *prefix = "sevvm-fw: ";

	while (*prefix)
		put(&o, *prefix++);
	format(&o, fmt, ap);
	o.buf[o.n] = 0;
	uart_puts(fw, o.buf);
	uart_puts(fw, "\n");
}

void fw_print(struct fw *fw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fw_vprint(fw, fmt, ap);
	va_end(ap);
}

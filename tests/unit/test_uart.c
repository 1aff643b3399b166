// SPDX-License-Identifier: GPL-2.0
/* 16550A register behaviour, as Linux's 8250 driver depends on it. */
#include <string.h>
#include "devices/uart8250.h"
#include "tests/unit/unit.h"

struct probe {
	uint8_t out[64];
	unsigned int nout;
	int level;
	unsigned int edges;
};

static void tx(void *o, uint8_t b)
{
	struct probe *p = o;

	if (p->nout < sizeof(p->out))
		p->out[p->nout++] = b;
}

static void set_irq(void *o, int level)
{
	struct probe *p = o;

	if (level && !p->level)
		p->edges++;
	p->level = level;
}

static const struct uart_ops ops = { .tx = tx, .set_irq = set_irq };

enum { RBR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

START_TEST(transmit)
{
	struct uart u;
	struct probe p = { 0 };

	uart_init(&u, &ops, &p);
	ck_assert_uint_eq(uart_read(&u, LSR) & 0x60, 0x60);	/* THRE | TEMT */
	uart_write(&u, RBR, 'h');
	uart_write(&u, RBR, 'i');
	ck_assert_uint_eq(p.nout, 2);
	ck_assert_int_eq(memcmp(p.out, "hi", 2), 0);
	ck_assert_int_eq(p.level, 0);	/* no interrupt without IER */
	uart_destroy(&u);
}
END_TEST

START_TEST(thr_empty_interrupt)
{
	struct uart u;
	struct probe p = { 0 };

	uart_init(&u, &ops, &p);
	uart_write(&u, IER, 0x02);	/* enabling THRI with THR empty raises it */
	ck_assert_int_eq(p.level, 1);
	ck_assert_uint_eq(uart_read(&u, IIR) & 0x0f, 0x02);
	/* Reading IIR acknowledged it. */
	ck_assert_int_eq(p.level, 0);
	ck_assert_uint_eq(uart_read(&u, IIR) & 0x0f, 0x01);
	uart_write(&u, RBR, 'x');	/* the byte leaves: THR empty again */
	ck_assert_int_eq(p.level, 1);
	ck_assert_uint_eq(p.edges, 2);
	uart_write(&u, IER, 0);
	ck_assert_int_eq(p.level, 0);
	uart_destroy(&u);
}
END_TEST

START_TEST(receive)
{
	struct uart u;
	struct probe p = { 0 };
	static const uint8_t in[] = "ab";

	uart_init(&u, &ops, &p);
	uart_write(&u, IER, 0x01);
	ck_assert_int_eq(p.level, 0);
	ck_assert_uint_eq(uart_receive(&u, in, 2), 2);
	ck_assert_int_eq(p.level, 1);
	ck_assert_uint_eq(uart_read(&u, IIR) & 0x0f, 0x04);
	ck_assert_uint_eq(uart_read(&u, LSR) & 1, 1);	/* DR */
	ck_assert_uint_eq(uart_read(&u, RBR), 'a');
	ck_assert_int_eq(p.level, 1);
	ck_assert_uint_eq(uart_read(&u, RBR), 'b');
	ck_assert_int_eq(p.level, 0);
	ck_assert_uint_eq(uart_read(&u, LSR) & 1, 0);
	uart_destroy(&u);
}
END_TEST

START_TEST(receive_overflow)
{
	struct uart u;
	struct probe p = { 0 };
	uint8_t big[UART_RX_BUF + 10];

	memset(big, 'z', sizeof(big));
	uart_init(&u, &ops, &p);
	ck_assert_uint_eq(uart_receive(&u, big, sizeof(big)), UART_RX_BUF);
	ck_assert_uint_eq(uart_rx_space(&u), 0);
	ck_assert_uint_eq(uart_receive(&u, big, 1), 0);
	uart_read(&u, RBR);
	ck_assert_uint_eq(uart_rx_space(&u), 1);
	uart_destroy(&u);
}
END_TEST

START_TEST(divisor_scratch_fifo)
{
	struct uart u;
	struct probe p = { 0 };

	uart_init(&u, &ops, &p);
	uart_write(&u, LCR, 0x83);	/* DLAB */
	uart_write(&u, RBR, 0x01);
	uart_write(&u, IER, 0x00);
	ck_assert_uint_eq(uart_read(&u, RBR), 0x01);
	ck_assert_uint_eq(p.nout, 0);	/* divisor writes do not transmit */
	uart_write(&u, LCR, 0x03);
	ck_assert_uint_eq(uart_read(&u, LCR), 0x03);
	uart_write(&u, SCR, 0xa5);
	ck_assert_uint_eq(uart_read(&u, SCR), 0xa5);
	uart_write(&u, FCR, 0x07);
	ck_assert_uint_eq(uart_read(&u, IIR) & 0xc0, 0xc0);	/* 16550A FIFOs */
	uart_destroy(&u);
}
END_TEST

START_TEST(loopback)
{
	struct uart u;
	struct probe p = { 0 };

	uart_init(&u, &ops, &p);
	uart_write(&u, MCR, 0x10 | 0x0a);	/* LOOP, RTS, OUT2 */
	ck_assert_uint_eq(uart_read(&u, MSR) & 0xf0, 0x90);	/* CTS, DCD */
	uart_write(&u, RBR, 'L');
	ck_assert_uint_eq(p.nout, 0);
	ck_assert_uint_eq(uart_read(&u, RBR), 'L');
	uart_write(&u, MCR, 0x08);
	ck_assert_uint_eq(uart_read(&u, MSR) & 0xb0, 0xb0);
	uart_destroy(&u);
}
END_TEST

START_TEST(bytewise_wide_access)
{
	struct uart u;
	struct probe p = { 0 };
	uint8_t d[2] = { 'A', 0x00 };

	uart_init(&u, &ops, &p);
	uart_io(&u, 0, d, 2, true);	/* THR, then IER */
	ck_assert_uint_eq(p.nout, 1);
	d[0] = 0;
	uart_io(&u, 7, d, 2, false);	/* SCR, then past the end */
	ck_assert_uint_eq(d[1], 0xff);
	uart_destroy(&u);
}
END_TEST

Suite *uart_suite(void)
{
	Suite *s = suite_create("uart8250");
	TCase *tc = tcase_create("registers");

	tcase_add_test(tc, transmit);
	tcase_add_test(tc, thr_empty_interrupt);
	tcase_add_test(tc, receive);
	tcase_add_test(tc, receive_overflow);
	tcase_add_test(tc, divisor_scratch_fifo);
	tcase_add_test(tc, loopback);
	tcase_add_test(tc, bytewise_wide_access);
	suite_add_tcase(s, tc);
	return s;
}

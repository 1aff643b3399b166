// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console (VIRTIO 1.2, 5.3) between pipes: guest output reaches the
 * console's output, host input fills receive buffers (held while the driver
 * has none), and Ctrl-A x asks to quit.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include "devices/virtio_console.h"
#include "tests/unit/unit.h"
#include "tests/unit/virtio_harness.h"

#define SLOT		4
#define TX_DESC		0x5000u
#define TX_AVAIL	0x6000u
#define TX_USED		0x7000u
#define RXBUF		(VH_BUF + 0x1000)

struct con_fixture {
	struct vh *h;
	struct console con;
	struct virtio_console vc;
	int in[2], out[2];	/* host input pipe, console output pipe */
	int quits;
};

static struct con_fixture *cf;

static void count_quit(void *opaque)
{
	(*(int *)opaque)++;
}

static void setup(void)
{
	struct err e;

	cf = calloc(1, sizeof(*cf));
	ck_assert_ptr_nonnull(cf);
	ck_assert_int_eq(pipe(cf->in), 0);
	ck_assert_int_eq(pipe(cf->out), 0);
	cf->h = vh_create(SLOT, false);
	ck_assert_int_eq(console_init(&cf->con, cf->out[1], cf->in[0], NULL, NULL, NULL, &e), 0);
	ck_assert_msg(virtio_console_init(&cf->vc, &cf->h->host, &cf->con, count_quit, &cf->quits,
					  SLOT, &e) == 0, "%s", e.msg);
	vh_driver_init(cf->h, 0, VH_DESC, false);
	vh_queue_init(cf->h, 1, TX_DESC, TX_AVAIL, TX_USED);
	vh_bar_write(cf->h, 20, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		     VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

static void teardown(void)
{
	virtio_console_destroy(&cf->vc);
	console_destroy(&cf->con);
	vh_free(cf->h);
	close(cf->in[0]);
	close(cf->in[1]);
	close(cf->out[0]);
	close(cf->out[1]);
	free(cf);
}

/* The host typed @s; the I/O thread sees stdin readable. */
static void type(const char *s)
{
	ck_assert_int_eq(write(cf->in[1], s, strlen(s)), (ssize_t)strlen(s));
	cf->vc.in.fn(&cf->vc.in, EPOLLIN);
}

static void give_rx_buffer(uint32_t len)
{
	vh_desc(cf->h)[0] = (struct virtq_desc){ .addr = RXBUF, .len = len,
						 .flags = VIRTQ_DESC_F_WRITE };
	vh_offer(cf->h, 0);
	vh_kick(cf->h, &cf->vc.vp, 0);
}

START_TEST(con_output)
{
	uint16_t *avail = (uint16_t *)(cf->h->mem + TX_AVAIL);
	struct virtq_desc *d = (struct virtq_desc *)(cf->h->mem + TX_DESC);
	char got[32] = { 0 };

	memcpy(cf->h->mem + VH_BUF, "hello hvc0\n", 11);
	d[0] = (struct virtq_desc){ .addr = VH_BUF, .len = 11 };
	avail[2] = 0;
	avail[1] = 1;
	vh_kick(cf->h, &cf->vc.vp, 1);
	ck_assert_uint_eq(((uint16_t *)(cf->h->mem + TX_USED))[1], 1);
	console_flush(&cf->con);
	ck_assert_int_eq(read(cf->out[0], got, sizeof(got)), 11);
	ck_assert_str_eq(got, "hello hvc0\n");
}
END_TEST

START_TEST(con_input)
{
	uint32_t id, len;

	/* Input before any buffer waits; a buffer then takes it. */
	type("ls\r");
	ck_assert_uint_eq(vh_used_idx(cf->h), 0);
	give_rx_buffer(64);
	ck_assert_uint_eq(vh_used_idx(cf->h), 1);
	vh_used(cf->h, 0, &id, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(cf->h->mem + RXBUF, "ls\r", 3);
	/* A small buffer takes what fits; the rest waits for the next one. */
	type("abcdef");
	ck_assert_uint_eq(vh_used_idx(cf->h), 1);
	give_rx_buffer(4);
	vh_used(cf->h, 1, &id, &len);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(cf->h->mem + RXBUF, "abcd", 4);
	give_rx_buffer(4);
	vh_used(cf->h, 2, &id, &len);
	ck_assert_uint_eq(len, 2);
	ck_assert_mem_eq(cf->h->mem + RXBUF, "ef", 2);
	ck_assert_int_eq(cf->quits, 0);
}
END_TEST

START_TEST(con_escape)
{
	give_rx_buffer(64);
	type("a\001\001b\001x");		/* a, literal Ctrl-A, b, then Ctrl-A x */
	ck_assert_int_eq(cf->quits, 1);
	ck_assert_mem_eq(cf->h->mem + RXBUF, "a\001b", 3);
}
END_TEST

Suite *virtio_console_suite(void)
{
	Suite *s = suite_create("virtio_console");
	TCase *tc = tcase_create("hvc0");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, con_output);
	tcase_add_test(tc, con_input);
	tcase_add_test(tc, con_escape);
	suite_add_tcase(s, tc);
	return s;
}

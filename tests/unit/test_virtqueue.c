// SPDX-License-Identifier: GPL-2.0
/* The split virtqueue against well-formed and hostile rings (VIRTIO 1.2, 2.7). */
#include <stdlib.h>
#include <string.h>
#include "devices/virtqueue.h"
#include "tests/unit/unit.h"

#define RAM_SIZE	(1u << 20)
#define QSIZE		8
#define DESC		0x1000u
#define AVAIL		0x2000u
#define USED		0x3000u
#define TABLE		0x4000u
#define BUF		0x10000u

struct ring_fixture {
	struct ram ram;
	struct virtq_mem mem;
	struct virtq q;
	uint8_t *host;
	struct virtq_elem el;
	struct err e;
};

static struct ring_fixture *fx;

static void setup(void)
{
	struct ram_block *b;
	struct err e;

	fx = calloc(1, sizeof(*fx));
	ck_assert_ptr_nonnull(fx);
	ram_init(&fx->ram, -1, 32);
	ck_assert_int_eq(ram_block_add(&fx->ram, "ram", RAM_SIZE, &b, &e), 0);
	ck_assert_int_eq(ram_map(&fx->ram, b, 0, 0, RAM_SIZE, NULL, &e), 0);
	fx->host = b->host;
	fx->mem = (struct virtq_mem){ .ram = &fx->ram, .gpa_mask = ~0ull };
	ck_assert_int_eq(virtq_start(&fx->q, &fx->mem, QSIZE, DESC, AVAIL, USED, false, true, &e), 0);
}

static void teardown(void)
{
	ram_destroy(&fx->ram);
	free(fx);
}

static struct virtq_desc *desc_at(uint32_t gpa)
{
	return (struct virtq_desc *)(fx->host + gpa);
}

static void set_desc(uint32_t table, unsigned int i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	desc_at(table)[i] = (struct virtq_desc){ .addr = addr, .len = len, .flags = flags,
						 .next = next };
}

static uint16_t *avail16(unsigned int i)
{
	return (uint16_t *)(fx->host + AVAIL) + i;
}

static uint16_t *used16(unsigned int i)
{
	return (uint16_t *)(fx->host + USED) + i;
}

/* Publishes head @head as the next available entry. */
static void offer(uint16_t head)
{
	uint16_t idx = *avail16(1);

	*avail16(2 + idx % QSIZE) = head;
	*avail16(1) = (uint16_t)(idx + 1);
}

/* Pops and expects a broken ring whose message contains @field. */
static void expect_broken(const char *field)
{
	ck_assert_int_lt(virtq_pop(&fx->q, &fx->el, &fx->e), 0);
	ck_assert_msg(strstr(fx->e.msg, field), "message '%s' lacks '%s'", fx->e.msg, field);
}

START_TEST(vq_request_response)
{
	uint32_t *used_ring;

	memcpy(fx->host + BUF, "request", 7);
	set_desc(DESC, 3, BUF, 7, VIRTQ_DESC_F_NEXT, 5);
	set_desc(DESC, 5, BUF + 0x100, 16, VIRTQ_DESC_F_WRITE, 0);
	offer(3);
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	ck_assert_uint_eq(fx->el.head, 3);
	ck_assert_uint_eq(fx->el.nout, 1);
	ck_assert_uint_eq(fx->el.nin, 1);
	ck_assert_uint_eq(fx->el.out_len, 7);
	ck_assert_uint_eq(fx->el.in_len, 16);
	ck_assert_ptr_eq(fx->el.iov[0].iov_base, fx->host + BUF);
	ck_assert_ptr_eq(fx->el.iov[1].iov_base, fx->host + BUF + 0x100);
	ck_assert_uint_eq(virtq_elem_write(&fx->el, "answer", 6), 6);
	ck_assert_mem_eq(fx->host + BUF + 0x100, "answer", 6);
	virtq_push(&fx->q, fx->el.head, 6);
	ck_assert_uint_eq(*used16(1), 1);
	used_ring = (uint32_t *)(fx->host + USED + 4);
	ck_assert_uint_eq(used_ring[0], 3);
	ck_assert_uint_eq(used_ring[1], 6);
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 0);
	ck_assert(virtq_should_notify(&fx->q));
	*avail16(0) = VIRTQ_AVAIL_F_NO_INTERRUPT;
	ck_assert(!virtq_should_notify(&fx->q));
}
END_TEST

/* A hostile chain: descriptors placed in the ring (t 0) or the table (t 1). */
struct hostile {
	const char *what, *want;	/* the message must contain @want */
	uint16_t head;
	struct {
		int t;
		unsigned int i;
		struct virtq_desc d;
	} d[3];
};

#define D(t_, i_, a_, l_, f_, n_) { .t = t_, .i = i_, .d = { .addr = a_, .len = l_, .flags = f_, .next = n_ } }
#define F_N	VIRTQ_DESC_F_NEXT
#define F_W	VIRTQ_DESC_F_WRITE
#define F_I	VIRTQ_DESC_F_INDIRECT

static const struct hostile hostile[] = {
	{ "buffer outside RAM", "desc[0].addr", 0, { D(0, 0, RAM_SIZE - 0x100, 0x200, 0, 0) } },
	{ "buffer wraps", "desc[0].addr", 0, { D(0, 0, 0xfffffffffffff000ull, 0x2000, 0, 0) } },
	{ "two-descriptor loop", "loops", 0,
	  { D(0, 0, BUF, 8, F_N, 1), D(0, 1, BUF, 8, F_N, 0) } },
	{ "self loop", "desc[4].next", 4, { D(0, 4, BUF, 8, F_N, 4) } },
	{ "next beyond size", "desc[0].next 8", 0, { D(0, 0, BUF, 8, F_N, QSIZE) } },
	{ "readable after writable", "desc[1].flags", 0,
	  { D(0, 0, BUF, 8, F_W | F_N, 1), D(0, 1, BUF, 8, 0, 0) } },
	{ "table outside RAM", "indirect table not in guest RAM", 0,
	  { D(0, 0, RAM_SIZE - 16, 32, F_I, 0) } },
	{ "table misaligned", "not 16-byte aligned", 0, { D(0, 0, TABLE + 8, 32, F_I, 0) } },
	{ "table length not a multiple of 16", "desc[0].len 24", 0, { D(0, 0, TABLE, 24, F_I, 0) } },
	{ "zero-length table", "desc[0].len 0", 0, { D(0, 0, TABLE, 0, F_I, 0) } },
	{ "table too long", "indirect table of more than", 0,
	  { D(0, 0, TABLE, (VIRTQ_MAX_SEGS + 1) * 16, F_I, 0) } },
	{ "nested indirect", "nested INDIRECT", 0,
	  { D(1, 0, TABLE + 0x100, 16, F_I, 0), D(0, 0, TABLE, 16, F_I, 0) } },
	{ "loop in a table", "loops", 0,
	  { D(1, 0, BUF, 8, F_N, 1), D(1, 1, BUF, 8, F_N, 0), D(0, 0, TABLE, 32, F_I, 0) } },
	{ "table not at the head", "not at the head", 0,
	  { D(1, 0, BUF, 8, 0, 0), D(0, 0, BUF, 8, F_N, 1), D(0, 1, TABLE, 16, F_I, 0) } },
	{ "INDIRECT with NEXT", "INDIRECT together with NEXT", 0,
	  { D(1, 0, BUF, 8, 0, 0), D(0, 0, TABLE, 16, F_I | F_N, 1) } },
	{ "head beyond size", "avail.ring[0] = 11", QSIZE + 3, { D(0, 0, BUF, 8, 0, 0) } },
};

START_TEST(vq_hostile)
{
	const struct hostile *h = &hostile[_i];
	unsigned int k;

	for (k = 0; k < 3 && h->d[k].d.len | h->d[k].d.flags; k++)
		set_desc(h->d[k].t ? TABLE : DESC, h->d[k].i, h->d[k].d.addr, h->d[k].d.len,
			 h->d[k].d.flags, h->d[k].d.next);
	offer(h->head);
	ck_assert_int_lt(virtq_pop(&fx->q, &fx->el, &fx->e), 0);
	ck_assert_msg(strstr(fx->e.msg, h->want), "%s: message '%s' lacks '%s'", h->what,
		      fx->e.msg, h->want);
	/* The device side did not move on. */
	ck_assert_uint_eq(fx->q.last_avail, 0);
}
END_TEST

START_TEST(vq_zero_length_buffer)
{
	/* An empty buffer is legal and carries nothing. */
	set_desc(DESC, 0, BUF, 0, VIRTQ_DESC_F_NEXT, 1);
	set_desc(DESC, 1, BUF, 4, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	ck_assert_uint_eq(fx->el.nout, 0);
	ck_assert_uint_eq(fx->el.nin, 1);
	ck_assert_uint_eq(fx->el.in_len, 4);
}
END_TEST

START_TEST(vq_bad_avail_idx)
{
	*avail16(1) = QSIZE + 1;
	expect_broken("avail.idx 9");
}
END_TEST

START_TEST(vq_indirect)
{
	set_desc(TABLE, 0, BUF, 16, VIRTQ_DESC_F_NEXT, 2);
	set_desc(TABLE, 2, BUF + 0x100, 512, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	set_desc(TABLE, 1, BUF + 0x400, 1, VIRTQ_DESC_F_WRITE, 0);
	set_desc(DESC, 6, TABLE, 3 * 16, VIRTQ_DESC_F_INDIRECT, 0);
	offer(6);
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	ck_assert_uint_eq(fx->el.head, 6);
	ck_assert_uint_eq(fx->el.nout, 1);
	ck_assert_uint_eq(fx->el.nin, 2);
	ck_assert_uint_eq(fx->el.in_len, 513);
	ck_assert_ptr_eq(fx->el.iov[2].iov_base, fx->host + BUF + 0x400);
}
END_TEST

START_TEST(vq_indirect_not_negotiated)
{
	struct err e;

	ck_assert_int_eq(virtq_start(&fx->q, &fx->mem, QSIZE, DESC, AVAIL, USED, false, false, &e), 0);
	set_desc(TABLE, 0, BUF, 16, 0, 0);
	set_desc(DESC, 0, TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0);
	offer(0);
	expect_broken("VIRTIO_F_INDIRECT_DESC");
}
END_TEST

START_TEST(vq_start_refusals)
{
	struct err e;

	ck_assert_int_lt(virtq_start(&fx->q, &fx->mem, 6, DESC, AVAIL, USED, false, false, &e), 0);
	ck_assert(strstr(e.msg, "queue_size 6"));
	ck_assert_int_lt(virtq_start(&fx->q, &fx->mem, 512, DESC, AVAIL, USED, false, false, &e), 0);
	ck_assert_int_lt(virtq_start(&fx->q, &fx->mem, QSIZE, DESC + 8, AVAIL, USED, false, false, &e), 0);
	ck_assert(strstr(e.msg, "queue_desc"));
	ck_assert_int_lt(virtq_start(&fx->q, &fx->mem, QSIZE, DESC, AVAIL + 1, USED, false, false, &e), 0);
	ck_assert(strstr(e.msg, "queue_driver"));
	ck_assert_int_lt(virtq_start(&fx->q, &fx->mem, QSIZE, DESC, AVAIL, RAM_SIZE - 8, false, false, &e), 0);
	ck_assert(strstr(e.msg, "queue_device"));
	ck_assert_int_lt(virtq_start(&fx->q, &fx->mem, QSIZE, 0xfffffffffffffff0ull, AVAIL, USED,
				     false, false, &e), 0);
	/* A broken start leaves the queue unusable, not half set up. */
	ck_assert(!fx->q.ready);
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &e), 0);
}
END_TEST

START_TEST(vq_cbit_stripped)
{
	struct virtq_mem sev = { .ram = &fx->ram, .gpa_mask = ~(1ull << 47) };
	struct err e;

	ck_assert_int_eq(virtq_start(&fx->q, &sev, QSIZE, DESC | 1ull << 47, AVAIL, USED, false,
				     false, &e), 0);
	set_desc(DESC, 0, BUF | 1ull << 47, 8, 0, 0);
	offer(0);
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	ck_assert_ptr_eq(fx->el.iov[0].iov_base, fx->host + BUF);
}
END_TEST

START_TEST(vq_event_idx)
{
	struct err e;
	unsigned int i;

	ck_assert_int_eq(virtq_start(&fx->q, &fx->mem, QSIZE, DESC, AVAIL, USED, true, false, &e), 0);
	for (i = 0; i < 3; i++) {
		set_desc(DESC, i, BUF, 8, VIRTQ_DESC_F_WRITE, 0);
		offer((uint16_t)i);
	}
	/* avail_event (after used->ring[QSIZE]) follows the device. */
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	ck_assert_uint_eq(*used16(2 + 4 * QSIZE), 1);
	virtq_push(&fx->q, fx->el.head, 8);
	*avail16(2 + QSIZE) = 2;	/* used_event: interrupt once entry 2 is used */
	ck_assert(virtq_should_notify(&fx->q));	/* the first one always goes out */
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	virtq_push(&fx->q, fx->el.head, 8);
	ck_assert(!virtq_should_notify(&fx->q));	/* used idx 2: not past entry 2 */
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 1);
	virtq_push(&fx->q, fx->el.head, 8);
	ck_assert(virtq_should_notify(&fx->q));	/* used idx 3: entry 2 is used */
	ck_assert_int_eq(virtq_pop(&fx->q, &fx->el, &fx->e), 0);
	ck_assert_uint_eq(*used16(2 + 4 * QSIZE), 3);
}
END_TEST

Suite *virtqueue_suite(void)
{
	Suite *s = suite_create("virtqueue");
	TCase *tc = tcase_create("split ring");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, vq_request_response);
	tcase_add_loop_test(tc, vq_hostile, 0, sizeof(hostile) / sizeof(hostile[0]));
	tcase_add_test(tc, vq_zero_length_buffer);
	tcase_add_test(tc, vq_bad_avail_idx);
	tcase_add_test(tc, vq_indirect);
	tcase_add_test(tc, vq_indirect_not_negotiated);
	tcase_add_test(tc, vq_start_refusals);
	tcase_add_test(tc, vq_cbit_stripped);
	tcase_add_test(tc, vq_event_idx);
	suite_add_tcase(s, tc);
	return s;
}

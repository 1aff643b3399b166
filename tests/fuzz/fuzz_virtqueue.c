// SPDX-License-Identifier: GPL-2.0
/*
 * The split virtqueue (VIRTIO 1.2, 2.7) against hostile rings: direct and
 * indirect chains popped, read, written and pushed back.
 * Input: queue size (1 byte: 2^(b % 9)), features (1 byte: bit 0
 * EVENT_IDX, bit 1 INDIRECT_DESC), ring addresses (2 bytes each: desc
 * in 16-byte units, avail in 2, used in 4), then guest RAM from 0.
 */
#include <stdlib.h>
#include "devices/virtqueue.h"
#include "tests/fuzz/fuzz.h"

#define RAM_SIZE	0x10000u

static struct ram ram;
static struct virtq_mem mem;
static uint8_t *host;

static void setup(void)
{
	struct ram_block *b;
	struct err e;

	ram_init(&ram, -1, 32);
	if (ram_block_add(&ram, "ram", RAM_SIZE, &b, &e) ||
	    ram_map(&ram, b, 0, 0, RAM_SIZE, NULL, &e))
		abort();
	host = b->host;
	mem = (struct virtq_mem){ .ram = &ram, .gpa_mask = ~0ull };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	static struct virtq_elem el;
	static uint8_t buf[4096];
	uint16_t qsize = (uint16_t)(1u << (fuzz_take(&in, 1) % 9));
	unsigned int feat = (unsigned int)fuzz_take(&in, 1), i;
	uint64_t desc = fuzz_take(&in, 2) * 16, avail = fuzz_take(&in, 2) * 2;
	uint64_t used = fuzz_take(&in, 2) * 4;
	struct virtq q = { 0 };
	struct err e;
	size_t n;

	if (!host)
		setup();
	memset(host, 0, RAM_SIZE);
	memcpy(host, in.p, in.left < RAM_SIZE ? in.left : RAM_SIZE);
	if (virtq_start(&q, &mem, qsize, desc, avail, used, feat & 1, feat & 2, &e))
		return 0;
	/* Twice the queue: a driver that keeps offering the same chains. */
	for (i = 0; i < 2u * qsize; i++) {
		if (virtq_pop(&q, &el, &e) != 1)
			break;
		n = virtq_elem_read(&el, buf, sizeof(buf));
		virtq_push(&q, el.head, (uint32_t)virtq_elem_write(&el, buf, n));
		virtq_should_notify(&q);
	}
	virtq_stop(&q);
	return 0;
}

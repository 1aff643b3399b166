// SPDX-License-Identifier: GPL-2.0
#include "tests/unit/virtio_harness.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

struct vh *vh_create(unsigned int slot, bool access_platform)
{
	struct vh *h = calloc(1, sizeof(*h));
	struct ram_block *b;
	struct err e;

	ck_assert_ptr_nonnull(h);
	ram_init(&h->ram, -1, 32);
	ck_assert_int_eq(ram_block_add(&h->ram, "ram", VH_RAM_SIZE, &b, &e), 0);
	ck_assert_int_eq(ram_map(&h->ram, b, 0, 0, VH_RAM_SIZE, NULL, &e), 0);
	h->mem = b->host;
	pci_bus_init(&h->bus);
	ck_assert_int_eq(evloop_init(&h->loop, &e), 0);
	irq_routing_init(&h->routing, -1);
	h->host = (struct virtio_host){
		.vm_fd = -1, .loop = &h->loop, .routing = &h->routing, .bus = &h->bus,
		.mem = { .ram = &h->ram, .gpa_mask = ~0ull }, .access_platform = access_platform,
	};
	h->slot = slot;
	h->bar = PCI_MMIO_WINDOW + slot * VIRTIO_PCI_BAR_SIZE;
	return h;
}

void vh_free(struct vh *h)
{
	evloop_destroy(&h->loop);
	irq_routing_destroy(&h->routing);
	pci_bus_destroy(&h->bus);
	ram_destroy(&h->ram);
	free(h);
}

static uint32_t cfg_addr(struct vh *h, unsigned int off)
{
	return 0x80000000u | h->slot << 11 | (off & 0xfc);
}

uint32_t vh_cfg_read(struct vh *h, unsigned int off, unsigned int len)
{
	return pci_cfg_read(&h->bus, cfg_addr(h, off), off & 3, len);
}

void vh_cfg_write(struct vh *h, unsigned int off, unsigned int len, uint32_t v)
{
	pci_cfg_write(&h->bus, cfg_addr(h, off), off & 3, len, v);
}

uint64_t vh_bar_read(struct vh *h, unsigned int off, unsigned int len)
{
	uint64_t v = 0;

	pci_mmio_io(&h->bus, h->bar + off - PCI_MMIO_WINDOW, &v, len, false);
	return v;
}

void vh_bar_write(struct vh *h, unsigned int off, unsigned int len, uint64_t v)
{
	pci_mmio_io(&h->bus, h->bar + off - PCI_MMIO_WINDOW, &v, len, true);
}

void vh_queue_init(struct vh *h, unsigned int q, uint64_t desc, uint64_t avail, uint64_t used)
{
	vh_bar_write(h, 22, 2, q);
	ck_assert_uint_eq(vh_bar_read(h, 24, 2), VIRTQ_MAX_SIZE);
	vh_bar_write(h, 24, 2, VH_QSIZE);
	vh_bar_write(h, 32, 4, (uint32_t)desc);
	vh_bar_write(h, 36, 4, (uint32_t)(desc >> 32));
	vh_bar_write(h, 40, 8, avail);
	vh_bar_write(h, 48, 8, used);
	vh_bar_write(h, 28, 2, 1);
}

void vh_driver_init(struct vh *h, unsigned int q, uint64_t desc, bool driver_ok)
{
	const uint8_t base = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	vh_bar_write(h, 20, 1, base);
	vh_bar_write(h, 8, 4, 1);
	vh_bar_write(h, 12, 4, 1);		/* VERSION_1 */
	vh_bar_write(h, 20, 1, base | VIRTIO_STATUS_FEATURES_OK);
	vh_queue_init(h, q, desc, VH_AVAIL, VH_USED);
	if (driver_ok)
		vh_bar_write(h, 20, 1, base | VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

void vh_kick(struct vh *h, struct virtio_pci *vp, unsigned int q)
{
	struct evloop_handler *k = &vp->q[q].kick;

	vh_bar_write(h, 0x3000 + 4 * q, 2, q);	/* notify_off q, multiplier 4 */
	k->fn(k, EPOLLIN);
}

void vh_offer(struct vh *h, uint16_t head)
{
	uint16_t *avail = (uint16_t *)(h->mem + VH_AVAIL);

	avail[2 + avail[1] % VH_QSIZE] = head;
	avail[1]++;
}

struct virtq_desc *vh_desc(struct vh *h)
{
	return (struct virtq_desc *)(h->mem + VH_DESC);
}

uint16_t vh_used_idx(struct vh *h)
{
	return ((uint16_t *)(h->mem + VH_USED))[1];
}

void vh_used(struct vh *h, unsigned int i, uint32_t *id, uint32_t *len)
{
	uint32_t *ring = (uint32_t *)(h->mem + VH_USED + 4);

	*id = ring[2 * (i % VH_QSIZE)];
	*len = ring[2 * (i % VH_QSIZE) + 1];
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest driver's view of one virtio-pci device for unit tests: 1 MiB of
 * guest RAM at 0, the PCI bus, an I/O loop that is never started (tests
 * deliver kicks themselves), no KVM.
 */
#ifndef SEVVM_TESTS_VIRTIO_HARNESS_H
#define SEVVM_TESTS_VIRTIO_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include "devices/virtio_pci.h"

#define VH_RAM_SIZE	(1u << 20)
#define VH_DESC		0x1000u
#define VH_AVAIL	0x2000u
#define VH_USED		0x3000u
#define VH_BUF		0x8000u
#define VH_QSIZE	8

struct vh {
	struct ram ram;
	struct pci_bus bus;
	struct evloop loop;
	struct irq_routing routing;
	struct virtio_host host;
	uint8_t *mem;
	unsigned int slot;
	uint64_t bar;		/* where the device's BAR 0 is */
};

struct vh *vh_create(unsigned int slot, bool access_platform);
void vh_free(struct vh *h);

uint32_t vh_cfg_read(struct vh *h, unsigned int off, unsigned int len);
void vh_cfg_write(struct vh *h, unsigned int off, unsigned int len, uint32_t v);
uint64_t vh_bar_read(struct vh *h, unsigned int off, unsigned int len);
void vh_bar_write(struct vh *h, unsigned int off, unsigned int len, uint64_t v);

/* Sets up queue @q (VH_QSIZE entries) at these rings and enables it. */
void vh_queue_init(struct vh *h, unsigned int q, uint64_t desc, uint64_t avail, uint64_t used);
/* Negotiates VERSION_1 and sets up queue @q (VH_QSIZE entries, rings at @desc, VH_AVAIL, VH_USED). */
void vh_driver_init(struct vh *h, unsigned int q, uint64_t desc, bool driver_ok);
/* Notifies queue @q and runs its kick as the I/O thread would. */
void vh_kick(struct vh *h, struct virtio_pci *vp, unsigned int q);
/* Makes the chain at descriptor @head the next available entry. */
void vh_offer(struct vh *h, uint16_t head);
struct virtq_desc *vh_desc(struct vh *h);
uint16_t vh_used_idx(struct vh *h);
/* The used ring's entry @i: id and len. */
void vh_used(struct vh *h, unsigned int i, uint32_t *id, uint32_t *len);

#endif

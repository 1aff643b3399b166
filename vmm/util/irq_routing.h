/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM's GSI routing table as a whole (KVM_SET_GSI_ROUTING replaces all of
 * it): the default PIC and IOAPIC routes of GSIs 0..23 that
 * KVM_CREATE_IRQCHIP set up, plus one MSI route per allocated GSI from 24 on,
 * which MSI-X vectors fire through irqfds.
 */
#ifndef SEVVM_IRQ_ROUTING_H
#define SEVVM_IRQ_ROUTING_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define IRQ_IOAPIC_PINS		24
#define IRQ_MAX_MSI		256

struct irq_msi {
	uint32_t addr_lo, addr_hi, data;
	bool valid;
};

struct irq_routing {
	int vm_fd;
	pthread_mutex_t lock;
	unsigned int nr_msi;
	struct irq_msi msi[IRQ_MAX_MSI];	/* GSI IRQ_IOAPIC_PINS + i */
};

void irq_routing_init(struct irq_routing *r, int vm_fd);
void irq_routing_destroy(struct irq_routing *r);
/* A new GSI for MSI, with no route yet. */
int irq_routing_alloc_msi(struct irq_routing *r, unsigned int *gsi, struct err *e);
/* Sets (or with !valid, removes) @gsi's MSI route and commits the table. */
int irq_routing_set_msi(struct irq_routing *r, unsigned int gsi, uint64_t addr, uint32_t data,
			bool valid, struct err *e);

/* Binds eventfd @fd to @gsi; @resample_fd >= 0 makes it a level-triggered line. */
int irq_routing_irqfd(int vm_fd, int fd, unsigned int gsi, int resample_fd, struct err *e);

#endif

// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/irq_routing.h"

#include <errno.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

void irq_routing_init(struct irq_routing *r, int vm_fd)
{
	memset(r, 0, sizeof(*r));
	r->vm_fd = vm_fd;
	pthread_mutex_init(&r->lock, NULL);
}

void irq_routing_destroy(struct irq_routing *r)
{
	pthread_mutex_destroy(&r->lock);
}

int irq_routing_alloc_msi(struct irq_routing *r, unsigned int *gsi, struct err *e)
{
	pthread_mutex_lock(&r->lock);
	if (r->nr_msi >= IRQ_MAX_MSI) {
		pthread_mutex_unlock(&r->lock);
		return err_set(e, ENOSPC, "more than %d MSI vectors", IRQ_MAX_MSI);
	}
	*gsi = IRQ_IOAPIC_PINS + r->nr_msi++;
	pthread_mutex_unlock(&r->lock);
	return 0;
}

/*
 * The table KVM_CREATE_IRQCHIP installs (kvm_setup_default_irq_routing():
 * GSI n to IOAPIC pin n, and GSIs 0..15 also to the 8259 pair), then ours.
 */
static int commit(struct irq_routing *r, struct err *e)
{
	unsigned int max = IRQ_IOAPIC_PINS + 16 + IRQ_MAX_MSI, n = 0, i;
	struct kvm_irq_routing *t;
	int ret = 0;

	t = calloc(1, sizeof(*t) + max * sizeof(t->entries[0]));
	if (!t)
		return err_set(e, ENOMEM, "GSI routing table");
	for (i = 0; i < IRQ_IOAPIC_PINS; i++) {
		t->entries[n++] = (struct kvm_irq_routing_entry){
			.gsi = i, .type = KVM_IRQ_ROUTING_IRQCHIP,
			.u.irqchip = { .irqchip = KVM_IRQCHIP_IOAPIC, .pin = i },
		};
		if (i < 16)
			t->entries[n++] = (struct kvm_irq_routing_entry){
				.gsi = i, .type = KVM_IRQ_ROUTING_IRQCHIP,
				.u.irqchip = { .irqchip = i < 8 ? KVM_IRQCHIP_PIC_MASTER :
					       KVM_IRQCHIP_PIC_SLAVE, .pin = i % 8 },
			};
	}
	for (i = 0; i < r->nr_msi; i++) {
		if (!r->msi[i].valid)
			continue;
		t->entries[n++] = (struct kvm_irq_routing_entry){
			.gsi = IRQ_IOAPIC_PINS + i, .type = KVM_IRQ_ROUTING_MSI,
			.u.msi = { .address_lo = r->msi[i].addr_lo, .address_hi = r->msi[i].addr_hi,
				   .data = r->msi[i].data },
		};
	}
	t->nr = n;
	if (r->vm_fd >= 0 && ioctl(r->vm_fd, KVM_SET_GSI_ROUTING, t) < 0)
		ret = err_sys(e, errno, "KVM_SET_GSI_ROUTING");
	free(t);
	return ret;
}

int irq_routing_set_msi(struct irq_routing *r, unsigned int gsi, uint64_t addr, uint32_t data,
			bool valid, struct err *e)
{
	struct irq_msi *m;
	int ret = 0;

	pthread_mutex_lock(&r->lock);
	if (gsi < IRQ_IOAPIC_PINS || gsi - IRQ_IOAPIC_PINS >= r->nr_msi) {
		pthread_mutex_unlock(&r->lock);
		return err_set(e, EINVAL, "GSI %u is not an allocated MSI", gsi);
	}
	m = &r->msi[gsi - IRQ_IOAPIC_PINS];
	if (m->valid != valid || m->addr_lo != (uint32_t)addr ||
	    m->addr_hi != (uint32_t)(addr >> 32) || m->data != data) {
		*m = (struct irq_msi){ .addr_lo = (uint32_t)addr, .addr_hi = (uint32_t)(addr >> 32),
				       .data = data, .valid = valid };
		ret = commit(r, e);
	}
	pthread_mutex_unlock(&r->lock);
	return ret;
}

int irq_routing_irqfd(int vm_fd, int fd, unsigned int gsi, int resample_fd, struct err *e)
{
	struct kvm_irqfd irqfd = { .fd = (uint32_t)fd, .gsi = gsi };

	if (resample_fd >= 0) {
		irqfd.flags = KVM_IRQFD_FLAG_RESAMPLE;
		irqfd.resamplefd = (uint32_t)resample_fd;
	}
	if (vm_fd >= 0 && ioctl(vm_fd, KVM_IRQFD, &irqfd) < 0)
		return err_sys(e, errno, "KVM_IRQFD (GSI %u)", gsi);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Lock order: PCI bus lock (configuration hooks) -> vp->io_lock -> vp->lock
 * -> the IRQ routing lock (MSI-X updates). The I/O thread serves the rings
 * under io_lock alone and takes vp->lock only to raise an interrupt or mark
 * the device broken; a vCPU takes vp->lock for every register access and
 * io_lock before it only for the writes that start or stop the rings (see
 * struct virtio_pci).
 */
#include "devices/virtio_pci.h"

#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define VIRTIO_PCI_VENDOR	0x1af4
#define VIRTIO_PCI_DEVICE_BASE	0x1040	/* 4.1.2.1: modern devices */

/* Configuration space (PCI 3.0, 6.1 and 6.8.2). */
#define PCI_COMMAND		0x04
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_REVISION		0x08
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAP_PTR		0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d
#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_VNDR		0x09
#define MSIX_CAP		0x40
#define MSIX_CTRL_HI		(MSIX_CAP + 3)	/* bit 7 enable, bit 6 function mask */
#define MSIX_ENABLE		0x80
#define MSIX_MASKALL		0x40
#define MSIX_ENTRY_MASKED	1

/* virtio_pci_cap.cfg_type (4.1.4). */
enum { CAP_COMMON = 1, CAP_NOTIFY = 2, CAP_ISR = 3, CAP_DEVICE = 4, CAP_PCI_CFG = 5 };

/* The BAR's layout. */
#define BAR_COMMON		0x0000u
#define COMMON_LEN		0x38u	/* 4.1.4.3, up to queue_device */
#define COMMON_STATUS		20u	/* device_status */
#define COMMON_QUEUE_ENABLE	28u
#define BAR_ISR			0x1000u
#define BAR_DEVICE		0x2000u
#define BAR_NOTIFY		0x3000u
#define NOTIFY_MULTIPLIER	4u
#define BAR_MSIX_TABLE		0x4000u
#define BAR_MSIX_PBA		0x5000u

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

unsigned int virtio_pci_slot_gsi(unsigned int slot)
{
	return PCI_SLOT_INTX_PIN(slot);
}

/* A struct virtio_pci_cap (4.1.4) at @at; returns the next free offset. */
static unsigned int add_cap(struct virtio_pci *vp, unsigned int at, unsigned int next,
			    uint8_t type, uint32_t offset, uint32_t length, unsigned int len)
{
	uint8_t *c = vp->pci.cfg + at;

	c[0] = PCI_CAP_ID_VNDR;
	c[1] = (uint8_t)next;
	c[2] = (uint8_t)len;
	c[3] = type;
	c[4] = 0;	/* BAR 0 */
	put32(c + 8, offset);
	put32(c + 12, length);
	return at + len;
}

static bool msix_on(const struct virtio_pci *vp)
{
	return __atomic_load_n(&vp->pci.cfg[MSIX_CTRL_HI], __ATOMIC_RELAXED) & MSIX_ENABLE;
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: the counter is saturated, the interrupt is pending anyway */
	}
}

/* Fires MSI-X vector @v, or leaves it pending while masked (PCI 3.0, 6.8.2.9). */
static void fire_vector(struct virtio_pci *vp, uint16_t v)
{
	if (v >= vp->nvectors)
		return;
	if (vp->pci.cfg[MSIX_CTRL_HI] & MSIX_MASKALL || vp->msix[v].ctrl & MSIX_ENTRY_MASKED) {
		vp->pba |= 1ull << v;
		return;
	}
	signal_fd(vp->vec_fd[v]);
}

static void assert_intx(struct virtio_pci *vp)
{
	uint16_t cmd = (uint16_t)(vp->pci.cfg[PCI_COMMAND] | vp->pci.cfg[PCI_COMMAND + 1] << 8);

	if (!(cmd & PCI_COMMAND_INTX_DISABLE))
		signal_fd(vp->intx_fd);
}

static void raise_irq(struct virtio_pci *vp, uint8_t isr_bit, uint16_t vector)
{
	if (msix_on(vp)) {
		fire_vector(vp, vector);
		return;
	}
	__atomic_fetch_or(&vp->isr, isr_bit, __ATOMIC_SEQ_CST);
	assert_intx(vp);
}

/*
 * The guest EOI'd the level-triggered INTx line and KVM lowered it: raise it
 * again while the ISR still has a reason (4.1.4.5).
 */
static void intx_resample(struct evloop_handler *h, uint32_t events)
{
	struct virtio_pci *vp = h->opaque;
	uint64_t n;

	(void)events;
	if (read(h->fd, &n, sizeof(n)) < 0)
		return;
	pthread_mutex_lock(&vp->lock);
	if (__atomic_load_n(&vp->isr, __ATOMIC_SEQ_CST) && !msix_on(vp))
		assert_intx(vp);
	pthread_mutex_unlock(&vp->lock);
}

/* vp->status as the I/O side sees it: written under vp->lock, read under io_lock. */
static uint8_t status_of(const struct virtio_pci *vp)
{
	return __atomic_load_n(&vp->status, __ATOMIC_ACQUIRE);
}

static void set_status_bits(struct virtio_pci *vp, uint8_t v)
{
	__atomic_store_n(&vp->status, v, __ATOMIC_RELEASE);
}

bool virtio_pci_live(const struct virtio_pci *vp)
{
	uint8_t s = status_of(vp);

	return (s & VIRTIO_STATUS_DRIVER_OK) && !(s & VIRTIO_STATUS_NEEDS_RESET);
}

struct virtq *virtio_pci_vq(struct virtio_pci *vp, unsigned int q)
{
	return q < vp->nqueues && vp->q[q].enabled ? &vp->q[q].vq : NULL;
}

/*
 * q[].vector is fixed while the queue is enabled (4.1.4.3.2) and enabling
 * takes io_lock, so it needs no lock here; the MSI-X state raise_irq reads
 * does.
 */
void virtio_pci_queue_done(struct virtio_pci *vp, unsigned int q)
{
	if (q < vp->nqueues && vp->q[q].enabled && !(status_of(vp) & VIRTIO_STATUS_NEEDS_RESET) &&
	    virtq_should_notify(&vp->q[q].vq)) {
		pthread_mutex_lock(&vp->lock);
		raise_irq(vp, 1, vp->q[q].vector);
		pthread_mutex_unlock(&vp->lock);
	}
}

void virtio_pci_serve(struct virtio_pci *vp, unsigned int qi, struct virtq_elem *el,
		      uint32_t (*serve)(struct virtio_pci *vp, struct virtq_elem *el))
{
	struct virtq *q = virtio_pci_vq(vp, qi);
	struct err e;
	int r;

	if (!q)
		return;
	while ((r = virtq_pop(q, el, &e)) > 0)
		virtq_push(q, el->head, serve(vp, el));
	if (r < 0)
		virtio_pci_broken(vp, qi, &e);
	virtio_pci_queue_done(vp, qi);
}

/* virtio_pci_broken() with vp->lock held. */
static void mark_broken(struct virtio_pci *vp, unsigned int q, const struct err *e)
{
	if (vp->status & VIRTIO_STATUS_NEEDS_RESET)
		return;
	set_status_bits(vp, vp->status | VIRTIO_STATUS_NEEDS_RESET);
	if (!vp->broken_told)
		fprintf(stderr, "sevvm: %s queue %u: %s; device needs reset\n", vp->name, q, e->msg);
	vp->broken_told = true;
	vp->config_generation++;
	raise_irq(vp, 2, vp->config_vector);
}

void virtio_pci_broken(struct virtio_pci *vp, unsigned int q, const struct err *e)
{
	pthread_mutex_lock(&vp->lock);
	mark_broken(vp, q, e);
	pthread_mutex_unlock(&vp->lock);
}

static void reset_device(struct virtio_pci *vp)
{
	unsigned int i;

	for (i = 0; i < vp->nqueues; i++) {
		struct virtio_pci_queue *q = &vp->q[i];

		virtq_stop(&q->vq);
		q->enabled = false;
		q->size = VIRTQ_MAX_SIZE;
		q->vector = VIRTIO_NO_VECTOR;
		q->desc = q->driver = q->device = 0;
	}
	vp->driver_features = 0;
	vp->dfselect = vp->gfselect = 0;
	set_status_bits(vp, 0);
	vp->queue_select = 0;
	vp->config_vector = VIRTIO_NO_VECTOR;
	__atomic_store_n(&vp->isr, 0, __ATOMIC_SEQ_CST);
	if (vp->ops->reset)
		vp->ops->reset(vp);
}

static struct virtio_pci_queue *selected(struct virtio_pci *vp)
{
	return vp->queue_select < vp->nqueues ? &vp->q[vp->queue_select] : NULL;
}

static void common_read(struct virtio_pci *vp, unsigned int off, void *data, unsigned int len)
{
	struct virtio_pci_queue *q = selected(vp);
	uint8_t b[COMMON_LEN] = { 0 };

	put32(b + 0, vp->dfselect);
	put32(b + 4, vp->dfselect < 2 ? (uint32_t)(vp->features >> (32 * vp->dfselect)) : 0);
	put32(b + 8, vp->gfselect);
	put32(b + 12, vp->gfselect < 2 ? (uint32_t)(vp->driver_features >> (32 * vp->gfselect)) : 0);
	put16(b + 16, vp->config_vector);
	put16(b + 18, (uint16_t)vp->nqueues);
	b[20] = vp->status;
	b[21] = vp->config_generation;
	put16(b + 22, vp->queue_select);
	if (q) {
		put16(b + 24, q->size);
		put16(b + 26, q->vector);
		put16(b + 28, q->enabled);
		put16(b + 30, (uint16_t)q->index);	/* queue_notify_off */
		put64(b + 32, q->desc);
		put64(b + 40, q->driver);
		put64(b + 48, q->device);
	}
	if (off + len <= sizeof(b))
		memcpy(data, b + off, len);
}

static void set_status(struct virtio_pci *vp, uint8_t v)
{
	bool driver_ok;
	unsigned int i;

	if (!v) {
		reset_device(vp);
		return;
	}
	/* 2.2.2: FEATURES_OK sticks only for a subset of ours that has VERSION_1. */
	if ((v & VIRTIO_STATUS_FEATURES_OK) && !(vp->status & VIRTIO_STATUS_FEATURES_OK) &&
	    ((vp->driver_features & ~vp->features) ||
	     !(vp->driver_features & 1ull << VIRTIO_F_VERSION_1)))
		v &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	driver_ok = (v & VIRTIO_STATUS_DRIVER_OK) && !(vp->status & VIRTIO_STATUS_DRIVER_OK);
	set_status_bits(vp, (uint8_t)(v | (vp->status & VIRTIO_STATUS_NEEDS_RESET)));
	if (!driver_ok)
		return;
	if (vp->ops->driver_ok)
		vp->ops->driver_ok(vp);
	/* Serve anything queued before DRIVER_OK. */
	for (i = 0; i < vp->nqueues; i++)
		if (vp->q[i].enabled)
			signal_fd(vp->q[i].kick.fd);
}

static void enable_queue(struct virtio_pci *vp, struct virtio_pci_queue *q)
{
	struct err e;

	if (q->enabled)
		return;
	if (virtq_start(&q->vq, &vp->host->mem, q->size, q->desc, q->driver, q->device,
			vp->driver_features & 1ull << VIRTIO_F_EVENT_IDX,
			vp->driver_features & 1ull << VIRTIO_F_INDIRECT_DESC, &e)) {
		mark_broken(vp, q->index, &e);
		return;
	}
	q->enabled = true;
}

/* Sets the 32-bit half at @off (0 or 4) of a 64-bit field, with @len 4 or 8. */
static void set64(uint64_t *field, unsigned int off, uint64_t v, unsigned int len)
{
	if (len == 8)
		*field = v;
	else if (off == 0)
		*field = (*field & ~0xffffffffull) | (uint32_t)v;
	else
		*field = (*field & 0xffffffffull) | v << 32;
}

static void common_write(struct virtio_pci *vp, unsigned int off, uint64_t v, unsigned int len)
{
	struct virtio_pci_queue *q = selected(vp);
	unsigned int half;

	switch (off) {
	case 0:
		vp->dfselect = (uint32_t)v;
		return;
	case 8:
		vp->gfselect = (uint32_t)v;
		return;
	case 12:
		if (vp->gfselect < 2 && !(vp->status & VIRTIO_STATUS_FEATURES_OK))
			set64(&vp->driver_features, 4 * vp->gfselect, (uint32_t)v, 4);
		return;
	case 16:
		vp->config_vector = v < vp->nvectors ? (uint16_t)v : VIRTIO_NO_VECTOR;
		return;
	case COMMON_STATUS:
		set_status(vp, (uint8_t)v);
		return;
	case 22:
		vp->queue_select = (uint16_t)v;
		return;
	default:
		break;
	}
	if (!q || q->enabled)
		return;	/* 4.1.4.3.2: queue fields are fixed once enabled */
	switch (off) {
	case 24:
		/* The driver may shrink the queue, to a power of two (2.7). */
		if (v && v <= VIRTQ_MAX_SIZE && !(v & (v - 1)))
			q->size = (uint16_t)v;
		return;
	case 26:
		q->vector = v < vp->nvectors ? (uint16_t)v : VIRTIO_NO_VECTOR;
		return;
	case COMMON_QUEUE_ENABLE:
		if (v == 1)
			enable_queue(vp, q);
		return;
	case 32: case 36: case 40: case 44: case 48: case 52:
		half = (off - 32) % 8;
		if (len == 8 && half)
			return;
		set64(off < 40 ? &q->desc : off < 48 ? &q->driver : &q->device, half, v, len);
		return;
	default:
		return;
	}
}

static void msix_route(struct virtio_pci *vp, unsigned int v)
{
	const struct msix_entry *m = &vp->msix[v];
	struct err e;

	if (irq_routing_set_msi(vp->host->routing, vp->vec_gsi[v],
				(uint64_t)m->addr_hi << 32 | m->addr_lo, m->data, true, &e))
		fprintf(stderr, "sevvm: %s MSI-X vector %u: %s\n", vp->name, v, e.msg);
}

/* The MSI-X table and PBA (PCI 3.0, 6.8.2.8-9), in 32-bit accesses. */
static void msix_io(struct virtio_pci *vp, unsigned int off, uint32_t *val, bool write)
{
	unsigned int v, field;
	uint32_t *f, old;

	if (off >= BAR_MSIX_PBA) {
		off -= BAR_MSIX_PBA;
		if (!write && off < 8)
			*val = (uint32_t)(vp->pba >> (8 * off));
		return;
	}
	off -= BAR_MSIX_TABLE;
	v = off / 16;
	field = off % 16 / 4;
	if (v >= vp->nvectors)
		return;
	f = &vp->msix[v].addr_lo + field;
	if (!write) {
		*val = *f;
		return;
	}
	old = *f;
	*f = *val;
	if (field < 3 && old != *val)
		msix_route(vp, v);
	if (field == 3 && !(*val & MSIX_ENTRY_MASKED) && vp->pba & 1ull << v &&
	    !(vp->pci.cfg[MSIX_CTRL_HI] & MSIX_MASKALL)) {
		vp->pba &= ~(1ull << v);
		signal_fd(vp->vec_fd[v]);
	}
}

static void notify_write(struct virtio_pci *vp, unsigned int off)
{
	unsigned int q = (off - BAR_NOTIFY) / NOTIFY_MULTIPLIER;

	if (q < vp->nqueues)
		signal_fd(vp->q[q].kick.fd);
}

static void bar_io(void *opaque, uint64_t off64, void *data, unsigned int len, bool write)
{
	struct virtio_pci *vp = opaque;
	unsigned int off = (unsigned int)off64;
	bool starts_rings;
	uint64_t v = 0;

	if (write)
		memcpy(&v, data, len);
	else
		memset(data, 0, len);
	if (off >= BAR_NOTIFY && off < BAR_NOTIFY + NOTIFY_MULTIPLIER * vp->nqueues) {
		if (write)
			notify_write(vp, off);
		return;
	}
	/* Starting or stopping the rings waits for the I/O side (lock order). */
	starts_rings = write && (off == COMMON_STATUS || off == COMMON_QUEUE_ENABLE);
	if (starts_rings)
		pthread_mutex_lock(&vp->io_lock);
	pthread_mutex_lock(&vp->lock);
	if (off < COMMON_LEN) {
		if (write)
			common_write(vp, off, v, len);
		else
			common_read(vp, off, data, len);
	} else if (off == BAR_ISR && !write) {
		/* Reading the ISR acknowledges it (4.1.4.5.1). */
		*(uint8_t *)data = __atomic_exchange_n(&vp->isr, 0, __ATOMIC_SEQ_CST);
	} else if (off >= BAR_DEVICE && off - BAR_DEVICE < vp->config_len &&
		   len <= vp->config_len - (off - BAR_DEVICE)) {
		if (write && vp->ops->config_write)
			vp->ops->config_write(vp, off - BAR_DEVICE, data, len);
		else if (!write)
			vp->ops->config_read(vp, off - BAR_DEVICE, data, len);
	} else if (off >= BAR_MSIX_TABLE && off < BAR_MSIX_PBA + 8 && !(off & 3)) {
		unsigned int i;

		for (i = 0; i < len; i += 4) {
			uint32_t w = (uint32_t)(v >> (8 * i));

			msix_io(vp, off + i, &w, write);
			if (!write)
				memcpy((uint8_t *)data + i, &w, len - i < 4 ? len - i : 4);
		}
	}
	pthread_mutex_unlock(&vp->lock);
	if (starts_rings)
		pthread_mutex_unlock(&vp->io_lock);
}

/* KVM_IOEVENTFD for each queue's notify address at BAR 0's current place. */
static void update_ioeventfds(struct virtio_pci *vp)
{
	uint64_t base = pci_bar64_addr(&vp->pci);
	unsigned int i;

	base = base ? base + BAR_NOTIFY : 0;
	if (base == vp->notify_base || vp->host->vm_fd < 0)
		return;
	for (i = 0; i < vp->nqueues; i++) {
		struct kvm_ioeventfd io = { .fd = vp->q[i].kick.fd, .len = 0 };

		if (vp->notify_base) {
			io.addr = vp->notify_base + NOTIFY_MULTIPLIER * i;
			io.flags = KVM_IOEVENTFD_FLAG_DEASSIGN;
			if (ioctl(vp->host->vm_fd, KVM_IOEVENTFD, &io) < 0)
				fprintf(stderr, "sevvm: %s queue %u: KVM_IOEVENTFD deassign at %#llx: "
					"%s\n", vp->name, i, (unsigned long long)io.addr,
					strerror(errno));
		}
		if (base) {
			io.addr = base + NOTIFY_MULTIPLIER * i;
			io.flags = 0;
			/* Without it, notify_write() sees the MMIO exit instead. */
			if (ioctl(vp->host->vm_fd, KVM_IOEVENTFD, &io) < 0)
				fprintf(stderr, "sevvm: %s queue %u: KVM_IOEVENTFD at %#llx: %s; its "
					"kicks take the MMIO exit\n", vp->name, i,
					(unsigned long long)io.addr, strerror(errno));
		}
	}
	vp->notify_base = base;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * An access through the VIRTIO_PCI_CAP_PCI_CFG window (4.1.4.9.1) when it
 * touches pci_cfg_data: cap.length bytes (1, 2 or 4) at cap.offset of the
 * BAR the driver selected; anything else is ignored.
 */
static void cfg_window(struct virtio_pci *vp, unsigned int off, unsigned int len, bool write)
{
	uint8_t *c = vp->pci.cfg + vp->cfg_cap;
	unsigned int data = vp->cfg_cap + 16;
	uint32_t boff = get32(c + 8), blen = get32(c + 12);

	if (off + len <= data || off >= data + 4)
		return;
	if (c[4] != 0 || (blen != 1 && blen != 2 && blen != 4) || boff % blen ||
	    boff >= VIRTIO_PCI_BAR_SIZE)
		return;
	if (!write)
		memset(c + 16, 0, 4);
	bar_io(vp, boff, c + 16, blen, write);
}

static void cfg_reading(struct pci_device *d, unsigned int off, unsigned int len)
{
	cfg_window(d->opaque, off, len, false);
}

/* Configuration writes (bus lock held): BAR moves, MSI-X enable and mask, the window. */
static void cfg_written(struct pci_device *d, unsigned int off, unsigned int len)
{
	struct virtio_pci *vp = d->opaque;
	unsigned int v;

	cfg_window(vp, off, len, true);
	update_ioeventfds(vp);
	if (off > MSIX_CTRL_HI || off + len <= MSIX_CTRL_HI)
		return;
	pthread_mutex_lock(&vp->lock);
	if (msix_on(vp) && !(d->cfg[MSIX_CTRL_HI] & MSIX_MASKALL))
		for (v = 0; v < vp->nvectors; v++)
			if (vp->pba & 1ull << v && !(vp->msix[v].ctrl & MSIX_ENTRY_MASKED)) {
				vp->pba &= ~(1ull << v);
				signal_fd(vp->vec_fd[v]);
			}
	pthread_mutex_unlock(&vp->lock);
}

static void kick(struct evloop_handler *h, uint32_t events)
{
	struct virtio_pci_queue *q = h->opaque;
	struct virtio_pci *vp = q->vp;
	uint64_t n;

	(void)events;
	if (read(h->fd, &n, sizeof(n)) < 0)
		return;
	pthread_mutex_lock(&vp->io_lock);
	if (virtio_pci_live(vp) && q->enabled)
		vp->ops->queue_notify(vp, q->index);
	pthread_mutex_unlock(&vp->io_lock);
}

static int new_eventfd(int *fd, struct err *e)
{
	*fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return *fd < 0 ? err_sys(e, errno, "eventfd") : 0;
}

static int setup_interrupts(struct virtio_pci *vp, struct err *e)
{
	const struct virtio_host *h = vp->host;
	unsigned int i;
	int r;

	for (i = 0; i < vp->nvectors; i++) {
		vp->msix[i].ctrl = MSIX_ENTRY_MASKED;
		r = new_eventfd(&vp->vec_fd[i], e);
		if (!r)
			r = irq_routing_alloc_msi(h->routing, &vp->vec_gsi[i], e);
		if (!r)
			r = irq_routing_irqfd(h->vm_fd, vp->vec_fd[i], vp->vec_gsi[i], -1, e);
		if (r)
			return r;
	}
	vp->intx_gsi = virtio_pci_slot_gsi(vp->slot);
	r = new_eventfd(&vp->intx_fd, e);
	if (!r)
		r = new_eventfd(&vp->resample.fd, e);
	if (!r)
		r = irq_routing_irqfd(h->vm_fd, vp->intx_fd, vp->intx_gsi, vp->resample.fd, e);
	if (r)
		return r;
	vp->resample.fn = intx_resample;
	vp->resample.opaque = vp;
	return evloop_add(h->loop, &vp->resample, EPOLLIN, e);
}

static void build_config_space(struct virtio_pci *vp, const struct virtio_pci_config *cfg)
{
	struct pci_device *d = &vp->pci;
	unsigned int at;

	pci_device_init(d, VIRTIO_PCI_VENDOR, (uint16_t)(VIRTIO_PCI_DEVICE_BASE + cfg->device_id),
			cfg->class_code, 0);
	d->cfg[PCI_REVISION] = 1;	/* 4.1.2.1: a non-transitional device */
	put16(d->cfg + PCI_SUBSYSTEM_ID, cfg->device_id);
	d->cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	d->cfg[PCI_CAP_PTR] = MSIX_CAP;
	d->cfg[PCI_INTERRUPT_LINE] = (uint8_t)vp->intx_gsi;
	d->wmask[PCI_INTERRUPT_LINE] = 0xff;
	d->cfg[PCI_INTERRUPT_PIN] = 1;	/* INTA# */

	/* MSI-X capability: table and PBA in BAR 0. */
	d->cfg[MSIX_CAP] = PCI_CAP_ID_MSIX;
	d->cfg[MSIX_CAP + 1] = MSIX_CAP + 12;
	put16(d->cfg + MSIX_CAP + 2, (uint16_t)(vp->nvectors - 1));
	d->wmask[MSIX_CTRL_HI] = MSIX_ENABLE | MSIX_MASKALL;
	put32(d->cfg + MSIX_CAP + 4, BAR_MSIX_TABLE);
	put32(d->cfg + MSIX_CAP + 8, BAR_MSIX_PBA);

	at = MSIX_CAP + 12;
	at = add_cap(vp, at, at + 16, CAP_COMMON, BAR_COMMON, COMMON_LEN, 16);
	put32(d->cfg + at + 16, NOTIFY_MULTIPLIER);	/* notify_off_multiplier */
	at = add_cap(vp, at, at + 20, CAP_NOTIFY, BAR_NOTIFY, NOTIFY_MULTIPLIER * vp->nqueues, 20);
	at = add_cap(vp, at, at + 16, CAP_ISR, BAR_ISR, 4, 16);
	if (cfg->config_len)
		at = add_cap(vp, at, at + 16, CAP_DEVICE, BAR_DEVICE, cfg->config_len, 16);
	/* 4.1.4.9: the BAR through a window in configuration space. */
	vp->cfg_cap = at;
	add_cap(vp, at, 0, CAP_PCI_CFG, 0, 0, 20);
	memset(d->wmask + at + 4, 0xff, 1);	/* bar */
	memset(d->wmask + at + 8, 0xff, 12);	/* offset, length, pci_cfg_data */

	pci_device_set_bar64(d, VIRTIO_PCI_BAR_SIZE,
			     PCI_MMIO_WINDOW + (uint64_t)vp->slot * VIRTIO_PCI_BAR_SIZE, bar_io);
	d->opaque = vp;
	d->cfg_written = cfg_written;
	d->cfg_reading = cfg_reading;
}

int virtio_pci_init(struct virtio_pci *vp, const struct virtio_host *host,
		    const struct virtio_pci_config *cfg, const struct virtio_device_ops *ops,
		    void *dev, unsigned int slot, struct err *e)
{
	unsigned int i;
	int r;

	memset(vp, 0, sizeof(*vp));
	vp->intx_fd = vp->resample.fd = -1;
	for (i = 0; i <= VIRTIO_PCI_MAX_QUEUES; i++)
		vp->vec_fd[i] = -1;
	for (i = 0; i < VIRTIO_PCI_MAX_QUEUES; i++)
		vp->q[i].kick.fd = -1;
	if (cfg->nqueues > VIRTIO_PCI_MAX_QUEUES || slot == 0 || slot >= PCI_MAX_DEVICES ||
	    cfg->config_len > 0x100)
		return err_set(e, EINVAL, "%s: bad device parameters", cfg->name);
	pthread_mutex_init(&vp->io_lock, NULL);
	pthread_mutex_init(&vp->lock, NULL);
	snprintf(vp->name, sizeof(vp->name), "%s@slot%u", cfg->name, slot);
	vp->host = host;
	vp->ops = ops;
	vp->dev = dev;
	vp->slot = slot;
	vp->nqueues = cfg->nqueues;
	vp->config_len = cfg->config_len;
	vp->nvectors = cfg->nqueues + 1;
	vp->features = cfg->features | 1ull << VIRTIO_F_VERSION_1 |
		       1ull << VIRTIO_F_INDIRECT_DESC | 1ull << VIRTIO_F_EVENT_IDX;
	if (host->access_platform)
		vp->features |= 1ull << VIRTIO_F_ACCESS_PLATFORM;
	for (i = 0; i < vp->nqueues; i++) {
		struct virtio_pci_queue *q = &vp->q[i];

		q->vp = vp;
		q->index = i;
		q->kick.fn = kick;
		q->kick.opaque = q;
		r = new_eventfd(&q->kick.fd, e);
		if (!r)
			r = evloop_add(host->loop, &q->kick, EPOLLIN, e);
		if (r)
			return err_prefix(e, "%s: ", vp->name);
	}
	reset_device(vp);
	r = setup_interrupts(vp, e);
	if (r)
		return err_prefix(e, "%s: ", vp->name);
	build_config_space(vp, cfg);
	update_ioeventfds(vp);
	r = pci_bus_add(host->bus, &vp->pci, slot, e);
	return r ? err_prefix(e, "%s: ", vp->name) : 0;
}

void virtio_pci_destroy(struct virtio_pci *vp)
{
	unsigned int i;

	if (!vp->host)
		return;
	for (i = 0; i < vp->nqueues; i++)
		if (vp->q[i].kick.fd >= 0)
			close(vp->q[i].kick.fd);
	for (i = 0; i < vp->nvectors; i++)
		if (vp->vec_fd[i] >= 0)
			close(vp->vec_fd[i]);
	if (vp->intx_fd >= 0)
		close(vp->intx_fd);
	if (vp->resample.fd >= 0)
		close(vp->resample.fd);
	pthread_mutex_destroy(&vp->lock);
	pthread_mutex_destroy(&vp->io_lock);
	vp->host = NULL;
}

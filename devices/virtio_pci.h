/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The modern virtio-pci transport (VIRTIO 1.2, 4.1): vendor 0x1af4, device
 * 0x1040 + virtio ID, and one 64-bit memory BAR holding the common, ISR,
 * device and notify configuration structures and the MSI-X table and PBA.
 * Queue notifications arrive through ioeventfds (or an MMIO write that sevvm
 * forwards to the same eventfd), and are served on the I/O thread; MSI-X
 * vectors fire through irqfds on MSI routes, INTx through a resampling irqfd
 * on the slot's IOAPIC pin.
 */
#ifndef SEVVM_VIRTIO_PCI_H
#define SEVVM_VIRTIO_PCI_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "devices/pci.h"
#include "devices/virtqueue.h"
#include "vmm/util/evloop.h"
#include "vmm/util/irq_routing.h"

#define VIRTIO_PCI_MAX_QUEUES	4
#define VIRTIO_PCI_BAR_SIZE	0x8000ull
#define VIRTIO_NO_VECTOR	0xffff

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Reserved feature bits (6). */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33

/* What the host side of every virtio device shares. */
struct virtio_host {
	int vm_fd;
	struct evloop *loop;
	struct irq_routing *routing;
	struct pci_bus *bus;
	struct virtq_mem mem;
	bool access_platform;	/* offer VIRTIO_F_ACCESS_PLATFORM */
};

struct virtio_pci;

/*
 * A device type. queue_notify runs with the device's io_lock held and its
 * lock free, so that blocking I/O (a disk read, a TAP write) never holds a
 * lock a vCPU needs for the ISR, the MSI-X table or the common configuration.
 * The other callbacks run with both held.
 */
struct virtio_device_ops {
	/* Queue @q was kicked or has room again (I/O thread). */
	void (*queue_notify)(struct virtio_pci *vp, unsigned int q);
	/* Device configuration (4.1.4.6); @off and @len are inside config_len. */
	void (*config_read)(struct virtio_pci *vp, unsigned int off, void *data, unsigned int len);
	void (*config_write)(struct virtio_pci *vp, unsigned int off, const void *data,
			     unsigned int len);
	/* The driver reset the device, or set DRIVER_OK. Optional. */
	void (*reset)(struct virtio_pci *vp);
	void (*driver_ok)(struct virtio_pci *vp);
};

struct virtio_pci_queue {
	uint16_t size, vector;
	bool enabled;
	uint64_t desc, driver, device;
	struct virtq vq;
	struct evloop_handler kick;	/* ioeventfd */
	struct virtio_pci *vp;
	unsigned int index;
};

struct msix_entry {
	uint32_t addr_lo, addr_hi, data, ctrl;
};

struct virtio_pci {
	struct pci_device pci;
	const struct virtio_device_ops *ops;
	const struct virtio_host *host;
	void *dev;		/* the device type's state */
	char name[32];		/* "virtio-blk@slot3", for messages */
	unsigned int slot;
	/*
	 * Lock order: PCI bus lock -> io_lock -> lock -> the IRQ routing lock.
	 * io_lock: held by whoever serves the rings (the I/O thread's kicks and
	 * device events) and by a vCPU that changes what serving depends on
	 * (device status: reset and DRIVER_OK; queue_enable). lock: the
	 * registers (common configuration, ISR, MSI-X table and PBA, device
	 * configuration), held briefly by both sides. q[].enabled and the rings
	 * change only with both held; status is read by the I/O side atomically.
	 */
	pthread_mutex_t io_lock;
	pthread_mutex_t lock;

	uint64_t features, driver_features;
	uint32_t dfselect, gfselect;
	uint8_t status, config_generation;
	uint16_t queue_select, config_vector;
	unsigned int nqueues, config_len;
	struct virtio_pci_queue q[VIRTIO_PCI_MAX_QUEUES];
	uint8_t isr;		/* atomic: bit 0 queue, bit 1 configuration */
	bool broken_told;

	/* MSI-X: one vector per queue and one for configuration changes. */
	unsigned int nvectors;
	struct msix_entry msix[VIRTIO_PCI_MAX_QUEUES + 1];
	uint64_t pba;
	int vec_fd[VIRTIO_PCI_MAX_QUEUES + 1];
	unsigned int vec_gsi[VIRTIO_PCI_MAX_QUEUES + 1];
	/* INTx: a level-triggered line on IOAPIC pin intx_gsi. */
	int intx_fd;
	struct evloop_handler resample;
	unsigned int intx_gsi;
	uint64_t notify_base;	/* where the ioeventfds are registered; 0: none */
	unsigned int cfg_cap;	/* offset of the VIRTIO_PCI_CAP_PCI_CFG capability */
};

struct virtio_pci_config {
	const char *name;
	uint16_t device_id;	/* virtio device ID (5) */
	uint32_t class_code;
	uint64_t features;	/* device-type features */
	unsigned int nqueues;
	unsigned int config_len;
};

/* The IOAPIC pin of a slot's INTA# (the MP table describes the same). */
unsigned int virtio_pci_slot_gsi(unsigned int slot);

/* Creates the device in PCI slot @slot with its BAR, eventfds and irqfds. */
int virtio_pci_init(struct virtio_pci *vp, const struct virtio_host *host,
		    const struct virtio_pci_config *cfg, const struct virtio_device_ops *ops,
		    void *dev, unsigned int slot, struct err *e);
void virtio_pci_destroy(struct virtio_pci *vp);

/* For device types, from their callbacks (io_lock held): */
/* True when the driver has set DRIVER_OK and the device is not broken. */
bool virtio_pci_live(const struct virtio_pci *vp);
struct virtq *virtio_pci_vq(struct virtio_pci *vp, unsigned int q);
/* Interrupts the driver for queue @q if it asked for that (takes the lock). */
void virtio_pci_queue_done(struct virtio_pci *vp, unsigned int q);
/*
 * Serves every available chain of queue @q: @serve handles one (in @el) and
 * returns the bytes it wrote into the chain's buffers; then the driver gets
 * an interrupt if it wants one. A broken ring ends in virtio_pci_broken().
 */
void virtio_pci_serve(struct virtio_pci *vp, unsigned int q, struct virtq_elem *el,
		      uint32_t (*serve)(struct virtio_pci *vp, struct virtq_elem *el));

/*
 * The ring of queue @q is broken (@e says how): the device enters
 * DEVICE_NEEDS_RESET (2.1.2), tells the driver with a configuration
 * interrupt and says once on stderr what was wrong. Takes the lock.
 */
void virtio_pci_broken(struct virtio_pci *vp, unsigned int q, const struct err *e);

#endif

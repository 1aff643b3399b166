/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VM's virtio devices on PCI: their configuration (--disk, --net,
 * --console virtio, --rng, --virtio-access-platform), the I/O thread they
 * run on, and the GSI routing their MSI-X vectors use.
 */
#ifndef SEVVM_VM_VIRTIO_H
#define SEVVM_VM_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include "devices/virtio_blk.h"
#include "devices/virtio_console.h"
#include "devices/virtio_net.h"
#include "devices/virtio_rng.h"
#include "vmm/util/evloop.h"
#include "vmm/util/irq_routing.h"

#define VIRTIO_MAX_DISKS	8

struct virtio_config {
	struct virtio_blk_config disks[VIRTIO_MAX_DISKS];
	char disk_paths[VIRTIO_MAX_DISKS][512];	/* FILE of FILE,options */
	unsigned int ndisks;
	char tap_name[16];
	struct virtio_net_config net;
	bool net_on, mac_set;
	bool console;		/* --console virtio */
	bool rng;
	bool access_platform;	/* --virtio-access-platform */
};

struct vm_virtio {
	struct evloop loop;
	struct irq_routing routing;
	struct virtio_host host;
	struct virtio_blk *blk[VIRTIO_MAX_DISKS];
	struct virtio_net *net;
	struct virtio_console *con;
	struct virtio_rng *rng;
};

struct vm;

/* Parses --disk, --net and --console values into @c. */
int virtio_parse_disk(struct virtio_config *c, const char *arg, struct err *e);
int virtio_parse_net(struct virtio_config *c, const char *arg, struct err *e);
int virtio_parse_console(struct virtio_config *c, const char *arg, struct err *e);

/* After the PCI bus and RAM exist; a VM without virtio devices gets nothing. */
int vm_virtio_create(struct vm *vm, struct err *e);
int vm_virtio_start(struct vm *vm, struct err *e);
/* After the vCPUs stopped: the I/O thread finishes the request it serves. */
void vm_virtio_stop(struct vm *vm);
/* Flushes and closes the images. */
void vm_virtio_destroy(struct vm *vm);

#endif

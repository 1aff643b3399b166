/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-net (VIRTIO 1.2, 5.1) on a TAP device with vnet headers: the
 * 12-byte virtio_net_hdr of VERSION_1 passes between the rings and the TAP
 * unchanged (TUNSETVNETHDRSZ 12). One receive and one transmit queue.
 */
#ifndef SEVVM_VIRTIO_NET_H
#define SEVVM_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>
#include "devices/virtio_pci.h"

struct virtio_net_config {
	const char *tap;
	uint8_t mac[6];
};

struct virtio_net {
	struct virtio_pci vp;
	struct evloop_handler tap;
	uint8_t mac[6];
	bool rx_waiting;	/* TAP has a frame but the driver gave no buffer */
	struct virtq_elem el;
};

int virtio_net_init(struct virtio_net *n, const struct virtio_host *host,
		    const struct virtio_net_config *cfg, unsigned int slot, struct err *e);
/*
 * The same on @fd, an open non-blocking TAP with 12-byte vnet headers (or
 * anything that keeps frame boundaries, such as a datagram socketpair in
 * a test), which the device owns from then on.
 */
int virtio_net_init_fd(struct virtio_net *n, const struct virtio_host *host, const uint8_t mac[6],
		       int fd, unsigned int slot, struct err *e);
void virtio_net_destroy(struct virtio_net *n);

#endif

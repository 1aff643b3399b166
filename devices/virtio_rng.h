/* SPDX-License-Identifier: GPL-2.0 */
/* virtio-rng (VIRTIO 1.2, 5.4): the driver's buffers filled from getrandom(). */
#ifndef SEVVM_VIRTIO_RNG_H
#define SEVVM_VIRTIO_RNG_H

#include "devices/virtio_pci.h"

struct virtio_rng {
	struct virtio_pci vp;
	struct virtq_elem el;
};

int virtio_rng_init(struct virtio_rng *r, const struct virtio_host *host, unsigned int slot,
		    struct err *e);
void virtio_rng_destroy(struct virtio_rng *r);

#endif

// SPDX-License-Identifier: GPL-2.0
/* virtio-rng's requestq (VIRTIO 1.2, 5.4): whatever chains a hostile driver offers. */
#include <stdio.h>
#include <stdlib.h>
#include "devices/virtio_rng.h"
#include "tests/fuzz/vdev.h"

#define SLOT	5

static struct vh *h;
static struct virtio_rng rng;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;

	if (!h) {
		h = vh_create(SLOT, false);
		if (virtio_rng_init(&rng, &h->host, SLOT, &e)) {
			fprintf(stderr, "virtio_rng_init: %s\n", e.msg);
			abort();
		}
	}
	vdev_run(h, &rng.vp, 0, VH_DESC, data, size);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
#include "devices/virtio_rng.h"

#include <errno.h>
#include <sys/random.h>

#define VIRTIO_ID_RNG		4
#define CLASS_OTHER		0x00ff00

/* Fills the writable buffers of @el; returns the bytes filled. */
static uint32_t fill(struct virtio_pci *vp, struct virtq_elem *el)
{
	uint32_t done = 0;
	unsigned int i;

	(void)vp;
	for (i = el->nout; i < el->nout + el->nin; i++) {
		size_t off = 0;

		while (off < el->iov[i].iov_len) {
			ssize_t n = getrandom((char *)el->iov[i].iov_base + off,
					      el->iov[i].iov_len - off, 0);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return done;
			off += (size_t)n;
			done += (uint32_t)n;
		}
	}
	return done;
}

static void queue_notify(struct virtio_pci *vp, unsigned int qi)
{
	struct virtio_rng *rng = vp->dev;

	virtio_pci_serve(vp, qi, &rng->el, fill);
}

static void no_config(struct virtio_pci *vp, unsigned int off, void *data, unsigned int len)
{
	(void)vp;
	(void)off;
	(void)data;
	(void)len;
}

static const struct virtio_device_ops rng_ops = {
	.queue_notify = queue_notify,
	.config_read = no_config,
};

int virtio_rng_init(struct virtio_rng *r, const struct virtio_host *host, unsigned int slot,
		    struct err *e)
{
	struct virtio_pci_config pc = {
		.name = "virtio-rng", .device_id = VIRTIO_ID_RNG, .class_code = CLASS_OTHER,
		.nqueues = 1,
	};

	return virtio_pci_init(&r->vp, host, &pc, &rng_ops, r, slot, e);
}

void virtio_rng_destroy(struct virtio_rng *r)
{
	virtio_pci_destroy(&r->vp);
}

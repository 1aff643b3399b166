/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-blk (VIRTIO 1.2, 5.2) on a raw image file: IN, OUT, FLUSH (after
 * fdatasync) and GET_ID; a read-only disk answers writes with IOERR.
 * Requests run on the I/O thread with preadv/pwritev.
 */
#ifndef SEVVM_VIRTIO_BLK_H
#define SEVVM_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>
#include "devices/virtio_pci.h"

#define VIRTIO_BLK_SERIAL_LEN	20

struct virtio_blk_config {
	const char *path;
	bool ro;
	bool direct;		/* cache=none: O_DIRECT, bounce buffers when unaligned */
};

struct virtio_blk {
	struct virtio_pci vp;
	int fd;			/* O_DIRECT for cache=none */
	int fd_buffered;	/* for requests O_DIRECT refuses */
	uint64_t sectors;
	bool ro, direct;
	char serial[VIRTIO_BLK_SERIAL_LEN];
	struct virtq_elem el;
	void *bounce;
	uint64_t requests;
};

int virtio_blk_init(struct virtio_blk *b, const struct virtio_host *host,
		    const struct virtio_blk_config *cfg, unsigned int slot, struct err *e);
/* Data reaches the image (fdatasync) and the files are closed. */
void virtio_blk_destroy(struct virtio_blk *b);

#endif

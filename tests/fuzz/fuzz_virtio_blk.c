// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk's request parser (VIRTIO 1.2, 5.2.6): header, data and status
 * buffers as a hostile driver lays them out, on a 64 KiB image file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "devices/virtio_blk.h"
#include "tests/fuzz/vdev.h"

#define SLOT	2

static struct vh *h;
static struct virtio_blk blk;
static char path[64];

static void cleanup(void)
{
	virtio_blk_destroy(&blk);
	vh_free(h);
	unlink(path);
}

static void setup(void)
{
	struct virtio_blk_config cfg = { .path = path };
	struct err e;
	int fd;

	snprintf(path, sizeof(path), "/tmp/sevvm-fuzz-blk-%d.img", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 0x10000))
		abort();
	close(fd);
	h = vh_create(SLOT, false);
	if (virtio_blk_init(&blk, &h->host, &cfg, SLOT, &e)) {
		fprintf(stderr, "virtio_blk_init: %s\n", e.msg);
		abort();
	}
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!h)
		setup();
	vdev_run(h, &blk.vp, 0, VH_DESC, data, size);
	return 0;
}

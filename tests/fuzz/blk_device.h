/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio-blk device on the unit tests' PCI harness, over a 64 KiB image
 * file that is removed at exit: what the virtio-blk and the PCI targets fuzz.
 */
#ifndef SEVVM_FUZZ_BLK_DEVICE_H
#define SEVVM_FUZZ_BLK_DEVICE_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "devices/virtio_blk.h"
#include "tests/unit/virtio_harness.h"

static struct vh *h;
static struct virtio_blk blk;
static char path[64];

static void cleanup(void)
{
	virtio_blk_destroy(&blk);
	vh_free(h);
	unlink(path);
}

/* The device in PCI slot @slot; @tag names the image file. */
static void blk_device_setup(unsigned int slot, const char *tag)
{
	struct virtio_blk_config cfg = { .path = path };
	struct err e;
	int fd;

	snprintf(path, sizeof(path), "/tmp/sevvm-fuzz-%s-%d.img", tag, (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 0x10000))
		abort();
	close(fd);
	h = vh_create(slot, false);
	if (virtio_blk_init(&blk, &h->host, &cfg, slot, &e)) {
		fprintf(stderr, "virtio_blk_init: %s\n", e.msg);
		abort();
	}
	atexit(cleanup);
}

#endif

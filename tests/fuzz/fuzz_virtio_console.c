// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-console's transmit queue (VIRTIO 1.2, 5.3.6): whatever chains a
 * hostile driver offers on port 0's transmitq, the output going to
 * /dev/null.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "devices/virtio_console.h"
#include "tests/fuzz/vdev.h"

#define SLOT	4

static struct vh *h;
static struct console con;
static struct virtio_console vc;

static void quit(void *opaque)
{
	(void)opaque;
}

static void setup(void)
{
	int out = open("/dev/null", O_WRONLY), in[2];
	struct err e;

	if (out < 0 || pipe(in))
		abort();
	h = vh_create(SLOT, false);
	if (console_init(&con, out, in[0], NULL, NULL, NULL, &e) ||
	    virtio_console_init(&vc, &h->host, &con, quit, NULL, SLOT, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!h)
		setup();
	vdev_run(h, &vc.vp, 1, VH_DESC, data, size);
	return 0;
}

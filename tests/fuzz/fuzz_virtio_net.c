// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net's queues (VIRTIO 1.2, 5.1.6): the transmitq's chains (the
 * virtio_net_hdr, short, oversized and indirect descriptors) written to
 * the TAP, and the receiveq's buffers filled from it, whatever a hostile
 * driver offers. A datagram socketpair stands in for the TAP (it keeps
 * frame boundaries as a TAP does).
 *
 * Input: a selector byte (bit 0: receiveq; then a 2-byte frame length and
 * the frame the TAP delivers), then what vdev_run() takes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "devices/virtio_net.h"
#include "tests/fuzz/vdev.h"

#define SLOT		4
#define RX_QUEUE	0
#define TX_QUEUE	1
#define FRAME_MAX	2048u

static struct vh *h;
static struct virtio_net net;
static int wire;	/* the far end of the stand-in TAP */

static void setup(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct err e;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv))
		abort();
	wire = sv[1];
	h = vh_create(SLOT, false);
	if (virtio_net_init_fd(&net, &h->host, mac, sv[0], SLOT, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		abort();
	}
}

/* Leaves no frame behind for the next input, in either direction. */
static void drain(int fd)
{
	uint8_t b[FRAME_MAX];

	while (recv(fd, b, sizeof(b), MSG_DONTWAIT) >= 0)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	bool rx;

	if (!h)
		setup();
	rx = fuzz_take(&in, 1) & 1;
	if (rx) {
		size_t len = (size_t)fuzz_take(&in, 2) % FRAME_MAX;

		if (len > in.left)
			len = in.left;
		if (send(wire, in.p, len, MSG_DONTWAIT) < 0) {
			/* a full wire: the device still sees the buffers */
		}
		in.p += len;
		in.left -= len;
	}
	vdev_run(h, &net.vp, rx ? RX_QUEUE : TX_QUEUE, VH_DESC, in.p, in.left);
	if (rx)
		net.tap.fn(&net.tap, 0);	/* the TAP is readable */
	drain(wire);
	drain(net.tap.fd);
	return 0;
}

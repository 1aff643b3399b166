// SPDX-License-Identifier: GPL-2.0
#include "devices/virtio_net.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define VIRTIO_ID_NET		1
#define CLASS_ETHERNET		0x020000
#define VIRTIO_NET_F_MAC	5
#define RX_QUEUE		0
#define TX_QUEUE		1
#define NET_HDR_LEN		12	/* struct virtio_net_hdr with num_buffers (5.1.6) */
#define CONFIG_LEN		8u	/* mac, status */

static void set_tap_polling(struct virtio_net *n, bool on)
{
	evloop_mod(n->vp.host->loop, &n->tap, on ? EPOLLIN : 0);
}

/* Moves frames from the TAP into receive buffers until either runs out. */
static void receive(struct virtio_net *n)
{
	struct virtio_pci *vp = &n->vp;
	struct virtq *q = virtio_pci_vq(vp, RX_QUEUE);
	struct err e;
	int r;

	if (!q || !virtio_pci_live(vp)) {
		n->rx_waiting = true;
		set_tap_polling(n, false);
		return;
	}
	for (;;) {
		uint16_t one = 1;
		ssize_t got;

		r = virtq_pop(q, &n->el, &e);
		if (r < 0) {
			virtio_pci_broken(vp, RX_QUEUE, &e);
			break;
		}
		if (!r) {
			/* No buffer: stop watching the TAP until the driver adds one. */
			n->rx_waiting = true;
			set_tap_polling(n, false);
			break;
		}
		if (n->el.in_len < NET_HDR_LEN || n->el.iov[n->el.nout].iov_len < NET_HDR_LEN) {
			virtq_push(q, n->el.head, 0);
			continue;
		}
		got = readv(n->tap.fd, n->el.iov + n->el.nout, (int)n->el.nin);
		if (got < NET_HDR_LEN) {
			virtq_unpop(q);
			break;	/* EAGAIN: drained */
		}
		/* The TAP fills the first 10 bytes; one buffer per frame (5.1.6.3.1). */
		memcpy((uint8_t *)n->el.iov[n->el.nout].iov_base + 10, &one, 2);
		virtq_push(q, n->el.head, (uint32_t)got);
	}
	virtio_pci_queue_done(vp, RX_QUEUE);
}

static void tap_ready(struct evloop_handler *h, uint32_t events)
{
	struct virtio_net *n = h->opaque;

	(void)events;
	pthread_mutex_lock(&n->vp.io_lock);
	receive(n);
	pthread_mutex_unlock(&n->vp.io_lock);
}

/* One frame to the TAP; one it will not take now is dropped, as a wire would. */
static uint32_t transmit(struct virtio_pci *vp, struct virtq_elem *el)
{
	struct virtio_net *n = vp->dev;

	if (el->out_len >= NET_HDR_LEN && writev(n->tap.fd, el->iov, (int)el->nout) < 0) {
		/* dropped */
	}
	return 0;
}

static void queue_notify(struct virtio_pci *vp, unsigned int qi)
{
	struct virtio_net *n = vp->dev;

	if (qi == TX_QUEUE) {
		virtio_pci_serve(vp, qi, &n->el, transmit);
		return;
	}
	if (n->rx_waiting) {
		n->rx_waiting = false;
		set_tap_polling(n, true);
	}
}

static void config_read(struct virtio_pci *vp, unsigned int off, void *data, unsigned int len)
{
	struct virtio_net *n = vp->dev;
	uint8_t cfg[CONFIG_LEN] = { 0 };

	memcpy(cfg, n->mac, 6);
	memcpy(data, cfg + off, len);
}

static void reset(struct virtio_pci *vp)
{
	struct virtio_net *n = vp->dev;

	n->rx_waiting = true;
	set_tap_polling(n, false);
}

static void driver_ok(struct virtio_pci *vp)
{
	struct virtio_net *n = vp->dev;

	n->rx_waiting = false;
	set_tap_polling(n, true);
}

static const struct virtio_device_ops net_ops = {
	.queue_notify = queue_notify,
	.config_read = config_read,
	.reset = reset,
	.driver_ok = driver_ok,
};

static int open_tap(const char *name, struct err *e)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR };
	int hdr = NET_HDR_LEN, fd;

	if (strlen(name) >= IFNAMSIZ)
		return err_set(e, EINVAL, "--net tap=%s: name longer than %d", name, IFNAMSIZ - 1);
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "--net tap=%s: /dev/net/tun", name);
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = errno;

		close(fd);
		return err_sys(e, err, "--net tap=%s: TUNSETIFF", name);
	}
	if (ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0) {
		int err = errno;

		close(fd);
		return err_sys(e, err, "--net tap=%s: TUNSETVNETHDRSZ", name);
	}
	return fd;
}

int virtio_net_init(struct virtio_net *n, const struct virtio_host *host,
		    const struct virtio_net_config *cfg, unsigned int slot, struct err *e)
{
	int fd;

	n->tap.fd = -1;
	fd = open_tap(cfg->tap, e);
	if (fd < 0)
		return fd;
	return virtio_net_init_fd(n, host, cfg->mac, fd, slot, e);
}

int virtio_net_init_fd(struct virtio_net *n, const struct virtio_host *host, const uint8_t mac[6],
		       int fd, unsigned int slot, struct err *e)
{
	struct virtio_pci_config pc = {
		.name = "virtio-net", .device_id = VIRTIO_ID_NET, .class_code = CLASS_ETHERNET,
		.nqueues = 2, .config_len = CONFIG_LEN, .features = 1ull << VIRTIO_NET_F_MAC,
	};
	int r;

	n->tap = (struct evloop_handler){ .fd = fd, .fn = tap_ready, .opaque = n };
	memcpy(n->mac, mac, 6);
	r = virtio_pci_init(&n->vp, host, &pc, &net_ops, n, slot, e);
	if (!r)
		r = evloop_add(host->loop, &n->tap, 0, e);
	return r;
}

void virtio_net_destroy(struct virtio_net *n)
{
	virtio_pci_destroy(&n->vp);
	if (n->tap.fd >= 0)
		close(n->tap.fd);
	n->tap.fd = -1;
}

// SPDX-License-Identifier: GPL-2.0
#include "devices/virtio_console.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define VIRTIO_ID_CONSOLE	3
#define CLASS_SIMPLE_COMM	0x078000
#define RX_QUEUE		0
#define TX_QUEUE		1
#define CONFIG_LEN		12u	/* cols, rows, max_nr_ports, emerg_wr (5.3.4) */

/* Hands pending input to the driver's receive buffers. */
static void deliver(struct virtio_console *c)
{
	struct virtio_pci *vp = &c->vp;
	struct virtq *q = virtio_pci_vq(vp, RX_QUEUE);
	struct err e;
	int r;

	if (!q || !virtio_pci_live(vp))
		return;
	while (c->npending && (r = virtq_pop(q, &c->el, &e)) != 0) {
		size_t n;

		if (r < 0) {
			virtio_pci_broken(vp, RX_QUEUE, &e);
			return;
		}
		n = virtq_elem_write(&c->el, c->pending, c->npending);
		memmove(c->pending, c->pending + n, c->npending - n);
		c->npending -= n;
		virtq_push(q, c->el.head, (uint32_t)n);
	}
	virtio_pci_queue_done(vp, RX_QUEUE);
}

/* Input is read only while there is room for it; the driver's buffers drain it. */
static void set_input(struct virtio_console *c)
{
	bool pause = c->npending == sizeof(c->pending);

	if (!c->in_open || pause == c->in_paused)
		return;
	c->in_paused = pause;
	evloop_mod(c->vp.host->loop, &c->in, pause ? 0 : EPOLLIN);
}

static void input_ready(struct evloop_handler *h, uint32_t events)
{
	struct virtio_console *c = h->opaque;
	uint8_t buf[VIRTIO_CONSOLE_INBUF];
	bool quit = false;
	ssize_t got;
	size_t n;

	(void)events;
	pthread_mutex_lock(&c->vp.io_lock);
	if (c->npending == sizeof(c->pending)) {
		/* Full: an event from before the pause; the driver drains first. */
		set_input(c);
		pthread_mutex_unlock(&c->vp.io_lock);
		return;
	}
	got = read(h->fd, buf, sizeof(c->pending) - c->npending);
	if (got <= 0 && !(got < 0 && (errno == EINTR || errno == EAGAIN))) {
		/* EOF: no more input, the guest runs on. */
		evloop_del(c->vp.host->loop, h);
		c->in_open = false;
	} else if (got > 0) {
		n = console_filter_input(c->con, buf, (size_t)got, c->pending + c->npending, &quit);
		c->npending += n;
		deliver(c);
	}
	set_input(c);
	pthread_mutex_unlock(&c->vp.io_lock);
	if (quit)
		c->quit(c->opaque);
}

/* One chain of guest output. */
static uint32_t output(struct virtio_pci *vp, struct virtq_elem *el)
{
	struct virtio_console *c = vp->dev;
	unsigned int i;

	for (i = 0; i < el->nout; i++)
		console_write(c->con, CONSOLE_VIRTIO, el->iov[i].iov_base, el->iov[i].iov_len);
	return 0;
}

static void queue_notify(struct virtio_pci *vp, unsigned int qi)
{
	struct virtio_console *c = vp->dev;

	if (qi == RX_QUEUE) {
		deliver(c);
		set_input(c);
		return;
	}
	virtio_pci_serve(vp, qi, &c->el, output);
}

static void config_read(struct virtio_pci *vp, unsigned int off, void *data, unsigned int len)
{
	uint8_t cfg[CONFIG_LEN] = { 80, 0, 25, 0, 1, 0, 0, 0 };

	(void)vp;
	memcpy(data, cfg + off, len);
}

static const struct virtio_device_ops console_ops = {
	.queue_notify = queue_notify,
	.config_read = config_read,
};

int virtio_console_init(struct virtio_console *c, const struct virtio_host *host,
			struct console *con, void (*quit)(void *), void *opaque,
			unsigned int slot, struct err *e)
{
	struct virtio_pci_config pc = {
		.name = "virtio-console", .device_id = VIRTIO_ID_CONSOLE,
		.class_code = CLASS_SIMPLE_COMM, .nqueues = 2, .config_len = CONFIG_LEN,
	};
	int r;

	c->con = con;
	c->quit = quit;
	c->opaque = opaque;
	r = virtio_pci_init(&c->vp, host, &pc, &console_ops, c, slot, e);
	if (r)
		return r;
	c->in = (struct evloop_handler){ .fd = con->in_fd, .fn = input_ready, .opaque = c };
	/* stdin may be /dev/null or a file epoll cannot watch: then no input. */
	c->in_open = evloop_add(host->loop, &c->in, EPOLLIN, e) == 0;
	return 0;
}

void virtio_console_destroy(struct virtio_console *c)
{
	virtio_pci_destroy(&c->vp);
}

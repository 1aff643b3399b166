/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-console (VIRTIO 1.2, 5.3) with one port, no multiport: the guest's
 * hvc0. Output goes to sevvm's console (stdout, --expect); input comes from
 * stdin through the same Ctrl-A escape as the UART.
 */
#ifndef SEVVM_VIRTIO_CONSOLE_H
#define SEVVM_VIRTIO_CONSOLE_H

#include <stdbool.h>
#include "devices/virtio_pci.h"
#include "vmm/util/console.h"

#define VIRTIO_CONSOLE_INBUF	256

struct virtio_console {
	struct virtio_pci vp;
	struct console *con;
	void (*quit)(void *opaque);	/* Ctrl-A x */
	void *opaque;
	struct evloop_handler in;	/* the console's input fd */
	bool in_open, in_paused;
	uint8_t pending[VIRTIO_CONSOLE_INBUF];
	size_t npending;
	struct virtq_elem el;
};

int virtio_console_init(struct virtio_console *c, const struct virtio_host *host,
			struct console *con, void (*quit)(void *), void *opaque,
			unsigned int slot, struct err *e);
void virtio_console_destroy(struct virtio_console *c);

#endif

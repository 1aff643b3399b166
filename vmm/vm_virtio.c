// SPDX-License-Identifier: GPL-2.0
#include "vmm/vm_virtio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "devices/piix.h"
#include "vmm/sandbox.h"
#include "vmm/vm.h"
#include "vmm/vm_devices.h"
#include "vmm/vm_sev.h"

int virtio_parse_disk(struct virtio_config *c, const char *arg, struct err *e)
{
	struct virtio_blk_config *d;
	const char *opt;
	size_t len;

	if (c->ndisks >= VIRTIO_MAX_DISKS)
		return err_set(e, EINVAL, "--disk: at most %d disks", VIRTIO_MAX_DISKS);
	d = &c->disks[c->ndisks];
	*d = (struct virtio_blk_config){ .path = arg };
	opt = strchr(arg, ',');
	if (opt == arg || !*arg)
		return err_set(e, EINVAL, "--disk '%s': expected FILE[,ro][,cache=none|writeback]", arg);
	/* The path ends at the first comma. */
	if (opt) {
		char *path = c->disk_paths[c->ndisks];

		if ((size_t)(opt - arg) >= sizeof(c->disk_paths[0]))
			return err_set(e, ENAMETOOLONG, "--disk '%s': path too long", arg);
		memcpy(path, arg, (size_t)(opt - arg));
		path[opt - arg] = '\0';
		d->path = path;
	}
	while (opt && *opt) {
		const char *next = strchr(opt + 1, ',');

		opt++;
		len = next ? (size_t)(next - opt) : strlen(opt);
		if (len == 2 && !strncmp(opt, "ro", 2))
			d->ro = true;
		else if (len == 10 && !strncmp(opt, "cache=none", 10))
			d->direct = true;
		else if (len == 15 && !strncmp(opt, "cache=writeback", 15))
			d->direct = false;
		else
			return err_set(e, EINVAL, "--disk '%s': unknown option '%.*s' "
				       "(expected ro, cache=none or cache=writeback)", arg, (int)len, opt);
		opt = next;
	}
	c->ndisks++;
	return 0;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6], i;
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6 || strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return mac[0] & 1 ? -EINVAL : 0;	/* a multicast address is no station's */
}

int virtio_parse_net(struct virtio_config *c, const char *arg, struct err *e)
{
	const char *comma = strchr(arg, ',');
	size_t len;

	if (c->net_on)
		return err_set(e, EINVAL, "--net: only one network device");
	if (strncmp(arg, "tap=", 4) || arg[4] == '\0' || arg[4] == ',')
		return err_set(e, EINVAL, "--net '%s': expected tap=NAME[,mac=MAC]", arg);
	len = comma ? (size_t)(comma - arg - 4) : strlen(arg + 4);
	if (len >= sizeof(c->tap_name))
		return err_set(e, EINVAL, "--net '%s': TAP name longer than %zu", arg,
			       sizeof(c->tap_name) - 1);
	memcpy(c->tap_name, arg + 4, len);
	c->tap_name[len] = '\0';
	c->net.tap = c->tap_name;
	if (comma) {
		if (strncmp(comma + 1, "mac=", 4) || parse_mac(comma + 5, c->net.mac))
			return err_set(e, EINVAL, "--net '%s': expected mac=XX:XX:XX:XX:XX:XX "
				       "(unicast) after the TAP name", arg);
		c->mac_set = true;
	}
	c->net_on = true;
	return 0;
}

int virtio_parse_console(struct virtio_config *c, const char *arg, struct err *e)
{
	if (!strcmp(arg, "virtio"))
		c->console = true;
	else if (!strcmp(arg, "serial"))
		c->console = false;
	else
		return err_set(e, EINVAL, "--console '%s': expected serial or virtio", arg);
	return 0;
}

static void console_quit(void *opaque)
{
	vm_request_stop(opaque, VM_STOP_QUIT, EXIT_GUEST_OK, "quit (Ctrl-A x)");
}

static void *alloc_dev(size_t size, struct err *e)
{
	void *p = calloc(1, size);

	if (!p)
		err_set(e, ENOMEM, "virtio device");
	return p;
}

/* After the chipset's 00:01 (devices/piix.h), as in QEMU's pc machine. */
#define VIRTIO_FIRST_SLOT	(PIIX_SLOT + 1)

static int add_devices(struct vm *vm, struct err *e)
{
	const struct virtio_config *c = &vm->cfg->virtio;
	struct vm_virtio *v = vm->virtio;
	unsigned int slot = VIRTIO_FIRST_SLOT, i;
	int r = 0;

	for (i = 0; i < c->ndisks; i++) {
		v->blk[i] = alloc_dev(sizeof(*v->blk[i]), e);
		if (!v->blk[i])
			return -ENOMEM;
		r = virtio_blk_init(v->blk[i], &v->host, &c->disks[i], slot++, e);
		if (r)
			return r;
	}
	if (c->net_on) {
		struct virtio_net_config nc = c->net;

		if (!c->mac_set) {
			/* A locally administered address (QEMU's 52:54:00 prefix). */
			static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

			memcpy(nc.mac, mac, 6);
		}
		v->net = alloc_dev(sizeof(*v->net), e);
		if (!v->net)
			return -ENOMEM;
		r = virtio_net_init(v->net, &v->host, &nc, slot++, e);
		if (r)
			return r;
	}
	if (c->console) {
		v->con = alloc_dev(sizeof(*v->con), e);
		if (!v->con)
			return -ENOMEM;
		r = virtio_console_init(v->con, &v->host, &vm->dev->con, console_quit, vm, slot++, e);
		if (r)
			return r;
	}
	if (c->rng) {
		v->rng = alloc_dev(sizeof(*v->rng), e);
		if (!v->rng)
			return -ENOMEM;
		r = virtio_rng_init(v->rng, &v->host, slot++, e);
	}
	return r;
}

/* The I/O thread's first act: its sandbox layer. */
static bool io_thread_init(void *opaque)
{
	struct vm *vm = opaque;
	struct err e = { 0 };

	if (sandbox_enter_thread(vm->sandbox, SANDBOX_IO, "virtio-io", &e) == 0)
		return true;
	vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR, "virtio: %s", e.msg);
	return false;
}

int vm_virtio_create(struct vm *vm, struct err *e)
{
	const struct virtio_config *c = &vm->cfg->virtio;
	struct vm_virtio *v;
	int r;

	if (!c->ndisks && !c->net_on && !c->console && !c->rng)
		return 0;
	v = vm->virtio = calloc(1, sizeof(*v));
	if (!v)
		return err_set(e, ENOMEM, "virtio");
	r = evloop_init(&v->loop, e);
	if (r)
		return r;
	v->loop.thread_init = io_thread_init;
	v->loop.opaque = vm;
	irq_routing_init(&v->routing, vm->fd);
	v->host = (struct virtio_host){
		.vm_fd = vm->fd, .loop = &v->loop, .routing = &v->routing, .bus = &vm->dev->pci,
		/* An SEV guest's DMA addresses may carry the C-bit: strip it. */
		.mem = { .ram = &vm->ram,
			 .gpa_mask = ~(vm->sev ? sev_launch_cbit_mask(&vm->sev->launch) : 0) },
		.access_platform = c->access_platform || vm->sev,
	};
	r = iobus_register(&vm->mmio, vm->dev->pci.mmio_base, PCI_MMIO_END - vm->dev->pci.mmio_base,
			   pci_mmio_io, &vm->dev->pci, "PCI memory window", e);
	return r ? r : add_devices(vm, e);
}

int vm_virtio_start(struct vm *vm, struct err *e)
{
	return vm->virtio ? evloop_start(&vm->virtio->loop, e) : 0;
}

void vm_virtio_stop(struct vm *vm)
{
	if (vm->virtio)
		evloop_stop(&vm->virtio->loop);
}

void vm_virtio_destroy(struct vm *vm)
{
	struct vm_virtio *v = vm->virtio;
	unsigned int i;

	if (!v)
		return;
	evloop_stop(&v->loop);
	for (i = 0; i < VIRTIO_MAX_DISKS; i++) {
		if (!v->blk[i])
			continue;
		virtio_blk_destroy(v->blk[i]);
		free(v->blk[i]);
		v->blk[i] = NULL;
	}
	if (v->net)
		virtio_net_destroy(v->net);
	if (v->con)
		virtio_console_destroy(v->con);
	if (v->rng)
		virtio_rng_destroy(v->rng);
	free(v->net);
	free(v->con);
	free(v->rng);
	v->net = NULL;
	v->con = NULL;
	v->rng = NULL;
	evloop_destroy(&v->loop);
	irq_routing_destroy(&v->routing);
	free(v);
	vm->virtio = NULL;
}

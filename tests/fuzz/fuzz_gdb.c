// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote protocol stub as a hostile debugger drives it: the input
 * is a byte stream for the framing parser (vmm/gdb/packet.c), and every
 * packet it completes goes to the command handlers (vmm/gdb/commands.c)
 * of a 2-vCPU VM with no KVM behind it (vCPU fds -1, no guest RAM), so
 * register, memory, breakpoint and resume requests all take their error
 * paths. Every reply must fit what the framing encoder can send.
 */
#include <stdlib.h>
#include <string.h>
#include "tests/fuzz/fuzz.h"
#include "vmm/gdb/packet.h"
#include "vmm/gdb/stub_internal.h"
#include "vmm/vm.h"

struct fake {
	struct vm_config cfg;
	struct vm vm;
	struct vcpu vcpus[2];
	struct gdb_vcpu cpus[2];
	struct gdb_stub g;
	struct gdb_rx rx;
	char reply[2 * GDB_PACKET_MAX + 1];
	char framed[4 * GDB_PACKET_MAX + 8];
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->vm.cfg = &f->cfg;
	f->vm.ncpus = 2;
	f->vm.vcpus = f->vcpus;
	f->vcpus[0].fd = f->vcpus[1].fd = -1;
	f->g.vm = &f->vm;
	f->g.cpus = f->cpus;
	gdb_rx_init(&f->rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fake *f;
	size_t i;

	if (!f) {
		f = malloc(sizeof(*f));
		if (!f)
			abort();
	}
	fake_init(f);
	for (i = 0; i < size; i++) {
		enum gdb_cmd_result res;
		long n;

		if (gdb_rx_feed(&f->rx, data[i]) != GDB_RX_PACKET)
			continue;
		if (f->rx.len > GDB_PACKET_MAX || f->rx.payload[f->rx.len] != '\0')
			abort();
		res = gdb_handle_packet(&f->g, (const char *)f->rx.payload, f->rx.len, f->reply,
					sizeof(f->reply));
		if (res == GDB_CMD_KILL || res == GDB_CMD_DETACH)
			break;
		f->g.running = false;
		n = gdb_encode((const uint8_t *)f->reply, strnlen(f->reply, sizeof(f->reply)),
			       f->framed, sizeof(f->framed));
		if (n < 0)
			abort();	/* a reply the stub could not send */
	}
	return 0;
}

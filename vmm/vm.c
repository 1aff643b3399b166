// SPDX-License-Identifier: GPL-2.0
/* VM life cycle: create, wire devices, run the main loop, tear down. */
#include "vmm/vm.h"
#include "vmm/vm_fw.h"
#include "vmm/vm_devices.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include "vmm/cpuid.h"
#include "vmm/gdb/stub.h"
#include "vmm/layout.h"
#include "vmm/sandbox.h"
#include "vmm/util/clock.h"
#include "vmm/vm_sev.h"

#define TSS_ADDR		0xfffbd000ull	/* 3 pages below the BIOS ROM */
#define CONSOLE_FLUSH_MS	20

void vm_request_stop(struct vm *vm, enum vm_stop why, int status, const char *fmt, ...)
{
	uint64_t one = 1;
	va_list ap;

	pthread_mutex_lock(&vm->stop.lock);
	if (vm->stop.why != VM_RUNNING) {
		pthread_mutex_unlock(&vm->stop.lock);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(vm->stop.msg, sizeof(vm->stop.msg), fmt, ap);
	va_end(ap);
	vm->stop.exit_status = status;
	__atomic_store_n(&vm->stop.why, why, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&vm->stop.lock);
	if (write(vm->stop.efd, &one, sizeof(one)) < 0) {
		/* The counter cannot overflow with one write per VM. */
	}
}

enum vm_stop vm_stopping(struct vm *vm)
{
	return __atomic_load_n(&vm->stop.why, __ATOMIC_SEQ_CST);
}

int vm_create_memory(struct ram *ram, struct e820_map *map, uint64_t size, struct err *e)
{
	uint64_t low = size < GUEST_MMIO_HOLE_START ? size : GUEST_MMIO_HOLE_START;
	struct ram_block *b;
	int r;

	r = e820_build(map, size, e);
	if (r)
		return r;
	/* One block for all of RAM; above 3 GiB it shows through two slots. */
	r = ram_block_add(ram, "ram", size, &b, e);
	if (!r)
		r = ram_map(ram, b, 0, 0, low, NULL, e);
	if (!r && size > low)
		r = ram_map(ram, b, low, SZ_4G, size - low, NULL, e);
	return r;
}

int vm_create(struct vm *vm, const struct vm_config *cfg, struct err *e)
{
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	unsigned int i;
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->fd = -1;		/* -1: none, so an early vm_destroy() closes nothing */
	vm->kvm.fd = -1;
	vm->stop.efd = -1;
	vm->ncpus = cfg->ncpus;
	pthread_mutex_init(&vm->stop.lock, NULL);
	iobus_init(&vm->pio, "port I/O");
	iobus_init(&vm->mmio, "MMIO");
	vm->stop.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vm->stop.efd < 0)
		return err_sys(e, errno, "eventfd");
	if (!cfg->no_sandbox) {
		r = sandbox_create(&vm->sandbox, e);
		if (r)
			return r;
	}
	if (cfg->trace) {
		vm->trace = calloc(1, sizeof(*vm->trace));
		if (!vm->trace)
			return err_set(e, ENOMEM, "--trace");
		r = trace_open(vm->trace, cfg->trace, cfg->trace_file, e);
		if (r) {
			free(vm->trace);
			vm->trace = NULL;
			return r;
		}
	}

	r = vm_devices_open(vm, e);
	if (r)
		return r;
	trace_phase(vm->trace, "console and stop state");

	r = kvm_sys_open(&vm->kvm, cfg->kvm_path, e);
	if (r)
		return r;
	if (vm->ncpus > (unsigned int)vm->kvm.max_vcpus)
		return err_set(e, EINVAL, "--cpus %u: KVM allows at most %d vCPUs",
			       vm->ncpus, vm->kvm.max_vcpus);

	r = cpuid_get_supported(vm->kvm.fd, &vm->cpuid, e);
	if (r)
		return r;
	trace_phase(vm->trace, "open KVM, supported CPUID");
	if (cfg->sev.mode != SEV_MODE_OFF) {
		/* SEV: VM type, INIT and LAUNCH_START come before anything else. */
		r = vm_sev_open(vm, e);
		if (!r)
			r = sev_launch_create_vm(&vm->sev->launch, vm->kvm.fd, &vm->fd, e);
		if (!r)
			r = sev_launch_start(&vm->sev->launch, e);
		if (r)
			return r;
	} else {
		vm->fd = ioctl(vm->kvm.fd, KVM_CREATE_VM, 0UL);
		if (vm->fd < 0)
			return err_sys(e, errno, "KVM_CREATE_VM");
	}
	ram_init(&vm->ram, vm->fd, (uint32_t)vm->kvm.nr_memslots);
	if (vm->sev) {
		r = sev_launch_attach_ram(&vm->sev->launch, &vm->ram, e);
		if (r)
			return r;
	}

	if (vm->kvm.has_tss_addr && ioctl(vm->fd, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
		return err_sys(e, errno, "KVM_SET_TSS_ADDR");
	trace_phase(vm->trace, vm->sev ? "create VM, SEV launch start" : "create VM");

	/*
	 * Memory before the in-kernel IRQ chip: on a nested KVM that emulates
	 * the guest, adding the RAM memslot to a VM with the chip took 4-6 ms,
	 * without it 0.3 ms, and creating the chip afterwards under 2 ms.
	 * (KVM_SET_TSS_ADDR stays first: on Intel it adds a private memslot
	 * under the firmware ROM, and an overlap is then the ROM's error.)
	 */
	r = vm_create_memory(&vm->ram, &vm->e820, cfg->mem_size, e);
	if (!r && cfg->boot.mode == BOOT_FIRMWARE)
		r = vm_fw_map(vm, e);
	if (r)
		return r;
	trace_phase(vm->trace, vm->fw ? "guest memory, firmware mapped" : "guest memory");
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return err_sys(e, errno, "KVM_CREATE_IRQCHIP");
	if (vm->kvm.has_pit2 && ioctl(vm->fd, KVM_CREATE_PIT2, &pit) < 0)
		return err_sys(e, errno, "KVM_CREATE_PIT2");
	/*
	 * A firmware image's timer (OVMF's 8254TimerDxe, IRQ 0 through the
	 * 8259) gets ticks as they fall, without KVM's catch-up of missed ones
	 * (QEMU's lost_tick_policy=discard): replayed ticks arrive right after
	 * each end of interrupt, so on a slow host an interrupt is always
	 * pending while its handlers run with interrupts off.
	 */
	if (vm->kvm.has_pit2 && cfg->boot.firmware &&
	    ioctl(vm->fd, KVM_REINJECT_CONTROL, &(struct kvm_reinject_control){ .pit_reinject = 0 }) < 0)
		return err_sys(e, errno, "KVM_REINJECT_CONTROL");
	trace_phase(vm->trace, "IRQ chip, PIT");
	r = vm_devices_add(vm, e);
	if (!r)
		r = vm_virtio_create(vm, e);
	if (!r && vm->sev)
		r = vm_sev_setup(vm, e);
	if (r)
		return r;
	trace_phase(vm->trace, vm->sev ? "devices, SEV set-up" : "devices");
	vm->vcpus = calloc(vm->ncpus, sizeof(*vm->vcpus));
	if (!vm->vcpus)
		return err_set(e, ENOMEM, "%u vCPUs", vm->ncpus);
	for (i = 0; i < vm->ncpus; i++) {
		r = vcpu_create(vm, i, e);
		if (r)
			return r;
	}
	if (vm->sev) {
		r = vm_sev_add_vcpus(vm, e);
		if (r)
			return r;
	}
	if (cfg->gdb.listen) {
		r = gdb_stub_open(vm, &cfg->gdb, &vm->gdb, e);
		if (r)
			return r;
	}
	trace_phase(vm->trace, "create vCPUs");

	if (vm->fw) {
		r = vm_fw_load(vm, e);
		if (!r)
			trace_phase(vm->trace, "load firmware, kernel and initrd for fw_cfg");
	} else {
		struct boot_config boot = cfg->boot;

		boot.ncpus = vm->ncpus;
		boot.cbit_mask = vm->sev ? sev_launch_cbit_mask(&vm->sev->launch) : 0;
		r = boot_load_kernel(&boot, &vm->ram, &vm->e820, &vm->entry, e);
		if (!r) {
			trace_phase(vm->trace, "load kernel and initrd");
			r = boot_write_tables(&boot, &vm->ram, e);
		}
		if (!r)
			r = vcpu_setup_bsp(&vm->vcpus[0], &vm->entry, e);
		if (!r)
			trace_phase(vm->trace, "build tables, BSP registers");
	}
	if (!r && vm->sev) {
		r = vm_sev_finish(vm, e);
		if (!r)
			trace_phase(vm->trace, "SEV launch measure and finish");
	}
	return r;
}

static void read_input(struct vm *vm, bool *in_open)
{
	uint8_t buf[UART_RX_BUF], out[UART_RX_BUF];
	size_t space = uart_rx_space(&vm->dev->com1), n;
	bool quit;
	ssize_t got;

	if (space > sizeof(buf))
		space = sizeof(buf);
	got = read(vm->dev->con.in_fd, buf, space);
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (got <= 0) {
		*in_open = false;	/* EOF: no more input, the guest runs on */
		return;
	}
	n = console_filter_input(&vm->dev->con, buf, (size_t)got, out, &quit);
	uart_receive(&vm->dev->com1, out, n);
	if (quit)
		vm_request_stop(vm, VM_STOP_QUIT, EXIT_GUEST_OK, "quit (Ctrl-A x)");
}

static void handle_signal(struct vm *vm, int sfd)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return;
	vm_request_stop(vm, VM_STOP_SIGNAL, EXIT_SIGNAL, "stopped by %s",
			strsignal((int)si.ssi_signo));
}

int vm_run(struct vm *vm, struct err *e)
{
	int64_t deadline = vm->cfg->timeout > 0 ?
		clock_now_ms() + (int64_t)(vm->cfg->timeout * 1000.0) : 0;
	bool in_open = !vm->cfg->virtio.console;	/* else hvc0 reads stdin */
	unsigned int i;
	sigset_t sigs;
	int sfd, r = 0;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGUSR1);	/* only vCPU threads take the kick */
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	sigdelset(&sigs, SIGUSR1);
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		return err_sys(e, errno, "signalfd");

	r = console_raw_input(&vm->dev->con, e);
	/* Set-up is done: every thread from here on starts sandboxed. */
	if (!r)
		r = sandbox_enter_process(vm->sandbox, e);
	if (!r)
		r = vm_virtio_start(vm, e);
	if (!r && vm->gdb)
		r = gdb_stub_start(vm->gdb, e);
	if (r)
		goto out;
	trace_phase(vm->trace, "console input, virtio and GDB threads");
	for (i = 0; i < vm->ncpus; i++) {
		r = vcpu_start(&vm->vcpus[i], e);
		if (r) {
			vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR, "%s", e->msg);
			break;
		}
	}
	if (sandbox_enter_thread(vm->sandbox, SANDBOX_MAIN, "main", e) < 0)
		vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR, "%s", e->msg);

	while (vm_stopping(vm) == VM_RUNNING) {
		struct pollfd pfd[3] = {
			{ .fd = vm->stop.efd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
			{ .fd = vm->dev->con.in_fd, .events = POLLIN },
		};
		nfds_t nfds = in_open && uart_rx_space(&vm->dev->com1) ? 3 : 2;
		int timeout = -1;

		if (console_has_pending(&vm->dev->con) || (in_open && nfds == 2))
			timeout = CONSOLE_FLUSH_MS;
		if (deadline) {
			int64_t left = deadline - clock_now_ms();

			if (left <= 0) {
				vm_request_stop(vm, VM_STOP_TIMEOUT, EXIT_TIMEOUT,
						"timeout: guest still running after %g s",
						vm->cfg->timeout);
				break;
			}
			if (timeout < 0 || left < timeout)
				timeout = (int)left;
		}
		if (poll(pfd, nfds, timeout) < 0 && errno != EINTR) {
			vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR, "poll: %s", strerror(errno));
			break;
		}
		console_flush(&vm->dev->con);
		if (pfd[1].revents & POLLIN)
			handle_signal(vm, sfd);
		if (nfds > 2 && pfd[2].revents & (POLLIN | POLLHUP | POLLERR))
			read_input(vm, &in_open);
	}

	for (i = 0; i < vm->ncpus; i++)
		vcpu_kick(&vm->vcpus[i]);
	if (vm->gdb)
		gdb_stub_release(vm->gdb);	/* parked vCPUs go and end */
	for (i = 0; i < vm->ncpus; i++)
		vcpu_join(&vm->vcpus[i]);
	vm_virtio_stop(vm);
	console_flush(&vm->dev->con);
out:
	close(sfd);
	return r ? r : vm->stop.exit_status;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	for (i = 0; vm->vcpus && i < vm->ncpus; i++)
		if (vm->vcpus[i].vm)
			vcpu_destroy(&vm->vcpus[i]);
	free(vm->vcpus);
	vm->vcpus = NULL;
	gdb_stub_close(vm->gdb);
	vm->gdb = NULL;
	vm_virtio_destroy(vm);
	vm_sev_close(vm, vm->stop.msg);
	ram_destroy(&vm->ram);
	vm_fw_destroy(vm);
	free(vm->cpuid);
	vm->cpuid = NULL;
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	kvm_sys_close(&vm->kvm);
	vm_devices_destroy(vm);
	pthread_mutex_destroy(&vm->stop.lock);
	if (vm->stop.efd >= 0)
		close(vm->stop.efd);
	vm->stop.efd = -1;
	if (vm->trace) {
		trace_close(vm->trace);
		free(vm->trace);
		vm->trace = NULL;
	}
	sandbox_destroy(vm->sandbox);
	vm->sandbox = NULL;
}

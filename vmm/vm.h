/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtual machine: KVM VM, memory, devices, vCPU threads, and how it ends.
 *
 * Lock order, outermost first, for every lock that is held while another
 * is taken (each file that takes two says so at its top):
 *   PCI bus (devices/pci.c) -> virtio-pci device (devices/virtio_pci.c)
 *     -> IRQ routing (vmm/util/irq_routing.c)
 *   UART (devices/uart8250.c) -> console (vmm/util/console.c)
 *   fw_cfg (devices/fw_cfg.c) -> SEV page state (sev/page_state.c)
 * Leaves, held while nothing else is taken: the console, the page state,
 * the launch log, the trace (vmm/util/trace.h), vm->stop.lock, the ACPI PM
 * block's lock (devices/acpi_pm.h), the i8042's and the RTC's locks, the
 * GDB stub's lock (vmm/gdb/stub.h), each vCPU's run_lock (vmm/vcpu.h: held
 * across KVM_RUN, and by the SEV model's KVM_SEV_GET_VMSA while it reads
 * that vCPU's state). The PCI bus lock is dropped before the reset control
 * register's callback stops the VM. The SEV
 * model takes no lock (sev/model/hw.h): a GHCB request's I/O runs with
 * none held, as a vCPU exit's does.
 */
#ifndef SEVVM_VM_H
#define SEVVM_VM_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/config.h"
#include "vmm/boot.h"
#include "vmm/e820.h"
#include "vmm/gdb/config.h"
#include "vmm/util/err.h"
#include "vmm/util/iobus.h"
#include "vmm/util/kvm.h"
#include "vmm/util/ram.h"
#include "vmm/vcpu.h"
#include "vmm/vm_virtio.h"

#define VM_MAX_CPUS	64

/* sevvm's exit statuses; guest debug-exit statuses are always odd. */
enum {
	EXIT_GUEST_OK = 0,	/* guest reset or powered off, or --expect matched */
	EXIT_ERROR = 2,		/* bad usage, bad input, or a host-side failure */
	EXIT_TIMEOUT = 4,	/* --timeout expired */
	EXIT_GUEST_CRASH = 6,	/* triple fault, KVM internal error, failed entry */
	EXIT_SIGNAL = 8,	/* stopped by SIGINT, SIGTERM or SIGHUP */
	EXIT_GUEST_TERMINATED = 10,	/* SEV guest's GHCB termination request */
};

enum vm_stop {
	VM_RUNNING,
	VM_STOP_RESET,		/* i8042 reset, KVM_SYSTEM_EVENT_RESET */
	VM_STOP_POWEROFF,
	VM_STOP_DEBUG_EXIT,
	VM_STOP_EXPECT,
	VM_STOP_TIMEOUT,
	VM_STOP_SIGNAL,
	VM_STOP_QUIT,		/* Ctrl-A x */
	VM_STOP_CRASH,
	VM_STOP_TERMINATED,	/* SEV: the guest asked to be terminated */
	VM_STOP_ERROR,
	VM_STOP_DEBUGGER,	/* gdb's kill */
};

struct vm_config {
	struct boot_config boot;
	uint64_t mem_size;
	unsigned int ncpus;
	double timeout;		/* seconds; 0 = none */
	const char *expect;	/* POSIX extended regex */
	const char *kvm_path;
	bool verbose;
	unsigned int trace;	/* enum trace_kind bits of --trace */
	const char *trace_file;	/* NULL: stderr */
	const char *debugcon;	/* --debugcon FILE or "stdout"; NULL: none */
	struct sev_config sev;
	struct virtio_config virtio;
	struct gdb_config gdb;
	bool no_sandbox;	/* --sandbox off */
};

struct vm_devices;
struct vm_sev;
struct vm_virtio;
struct boot_fw;
struct gdb_stub;
struct sandbox;

/* How the VM ends: the first request wins (vm_request_stop()). */
struct vm_stop_state {
	pthread_mutex_t lock;		/* a leaf */
	enum vm_stop why;
	int exit_status;
	char msg[300];
	int efd;			/* eventfd: wakes the main loop */
};

/*
 * The VM: KVM, guest memory and the buses, and references to the
 * subsystems, each with its own state. A pointer is NULL where the VM has
 * none of that subsystem (no SEV, direct boot, no virtio devices).
 */
struct vm {
	const struct vm_config *cfg;
	struct kvm_sys kvm;
	int fd;
	struct ram ram;
	struct e820_map e820;
	struct iobus pio, mmio;
	struct kvm_cpuid2 *cpuid;	/* supported, before per-vCPU fix-ups */
	struct vcpu *vcpus;		/* ncpus of them */
	unsigned int ncpus;
	struct boot_entry entry;
	struct vm_devices *dev;		/* console, UART, i8042, RTC, PCI bus, debug exit */
	struct boot_fw *fw;		/* firmware boot (vmm/vm_fw.c) */
	struct vm_sev *sev;		/* SEV launch and run time (vmm/vm_sev.c) */
	struct vm_virtio *virtio;
	struct trace *trace;		/* --trace; NULL when off */
	struct gdb_stub *gdb;		/* --gdb (vmm/gdb/) */
	struct sandbox *sandbox;	/* seccomp (vmm/sandbox.h); NULL: --sandbox off */
	struct vm_stop_state stop;
};

/* Guest RAM (one block, split around the MMIO hole) and its e820 map. */
int vm_create_memory(struct ram *ram, struct e820_map *map, uint64_t size, struct err *e);
/* Creates the VM, memory, devices and vCPUs and loads the guest. */
int vm_create(struct vm *vm, const struct vm_config *cfg, struct err *e);
/* Runs until the guest or the host ends it; returns the exit status. */
int vm_run(struct vm *vm, struct err *e);
void vm_destroy(struct vm *vm);

/* First caller wins; later requests are ignored. Thread-safe. */
void vm_request_stop(struct vm *vm, enum vm_stop why, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
enum vm_stop vm_stopping(struct vm *vm);

#endif

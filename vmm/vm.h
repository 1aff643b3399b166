/* SPDX-License-Identifier: GPL-2.0 */
/* A virtual machine: KVM VM, memory, devices, vCPU threads, and how it ends. */
#ifndef SEVVM_VM_H
#define SEVVM_VM_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "devices/debug_exit.h"
#include "devices/i8042.h"
#include "devices/pci.h"
#include "devices/rtc.h"
#include "devices/uart8250.h"
#include "sev/config.h"
#include "sev/guest_model.h"
#include "sev/launch.h"
#include "vmm/boot.h"
#include "vmm/boot_fw.h"
#include "vmm/util/console.h"
#include "vmm/e820.h"
#include "vmm/util/err.h"
#include "vmm/util/iobus.h"
#include "vmm/util/kvm.h"
#include "vmm/util/ram.h"
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
};

/* `sevvm measure`: the measurement's inputs besides the launch digest. */
struct measure_config {
	const char *tik;
	uint32_t cpu_sig;	/* CPUID(1).EAX in the SEV-ES reset VMSAs */
	bool mnonce_set, api_set, build_set, cbit_set, cpu_sig_set;
	uint8_t mnonce[16];
	uint8_t api_major, api_minor, build;
	unsigned int cbit;
};

struct vm_config {
	struct boot_config boot;
	uint64_t mem_size;
	unsigned int ncpus;
	double timeout;		/* seconds; 0 = none */
	const char *expect;	/* POSIX extended regex */
	const char *kvm_path;
	bool verbose;
	struct sev_config sev;
	struct measure_config measure;
	struct virtio_config virtio;
};

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool started;
	struct kvm_cpuid2 *cpuid;	/* as set, for the GHCB CPUID event */
	/*
	 * SEV-ES on the software model: an AP waiting for a SIPI resumes in
	 * this state (vmm/vcpu_ap.c), not at the SIPI vector.
	 */
	bool parked;
	struct kvm_regs park_regs;
	struct kvm_sregs park_sregs;
	uint32_t icr_high;		/* APIC ICR[63:32] written through the GHCB */
};

struct vm {
	const struct vm_config *cfg;
	struct kvm_sys kvm;
	int fd;
	struct ram ram;
	struct e820_map e820;
	struct iobus pio, mmio;
	struct kvm_cpuid2 *cpuid;	/* supported, before per-vCPU fix-ups */
	struct vcpu vcpus[VM_MAX_CPUS];
	unsigned int ncpus;
	struct boot_entry entry;
	bool fw_boot;		/* firmware boot (vmm/vm_fw.c) */
	struct boot_fw fw;
	bool sev_on;
	struct sev_launch sev;
	struct sev_guest sevg;

	struct console con;
	struct uart com1;
	struct i8042 kbd;
	struct rtc rtc;
	struct pci_bus pci;
	struct debug_exit dbg;
	struct vm_virtio virtio;

	pthread_mutex_t stop_lock;
	enum vm_stop stop;
	int exit_status;
	char stop_msg[300];
	int stop_efd;		/* eventfd: wakes the main loop */
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

/* vCPUs (vmm/vcpu.c). */
int vcpu_create(struct vm *vm, unsigned int id, struct err *e);
int vcpu_setup_bsp(struct vcpu *v, const struct boot_entry *entry, struct err *e);
/* The 64-bit boot entry state: all of @regs and @fpu, the boot fields of @sregs. */
void vcpu_boot_state(const struct boot_entry *entry, struct kvm_regs *regs,
		     struct kvm_sregs *sregs, struct kvm_fpu *fpu);
/* What KVM holds for vCPU @v (for the SEV model's VMSA). */
int vcpu_read_state(struct vcpu *v, struct sev_vcpu_state *st, struct err *e);
extern const struct ghcb_ops vcpu_ghcb_ops;
/* Firmware boot: RDX and, for an SEV-ES AP, CS:IP as QEMU sets them at RESET. */
int vcpu_set_reset_state(struct vcpu *v, const struct sev_vcpu_state *st, struct err *e);
/*
 * SEV-ES APs on the software model, which KVM runs as plain vCPUs: parks
 * @v until a SIPI, then resumes it in @regs/@sregs (the VMSA's start state,
 * or where an AP reset hold began), as KVM does for SEV-ES (its
 * sev_vcpu_deliver_sipi_vector() ignores the vector).
 */
int vcpu_park(struct vcpu *v, const struct kvm_regs *regs, const struct kvm_sregs *sregs,
	      struct err *e);
/* A parked vCPU's thread, instead of KVM_RUN: 1 once a SIPI resumed it. */
int vcpu_parked_poll(struct vcpu *v, struct err *e);
/* Parks the vCPU after its AP reset hold request completed. */
int vcpu_ap_hold(struct vcpu *v, struct err *e);
/* Local APIC accesses a guest makes through the GHCB (MMIO events). */
bool vcpu_ghcb_apic(struct vcpu *v, uint64_t gpa, void *data, unsigned int len, bool write);
int vcpu_start(struct vcpu *v, struct err *e);
void vcpu_kick(struct vcpu *v);
void vcpu_join(struct vcpu *v);
int vcpu_describe(struct vcpu *v, char *buf, size_t len);
void vcpu_destroy(struct vcpu *v);

#endif

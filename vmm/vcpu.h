/* SPDX-License-Identifier: GPL-2.0 */
/* A vCPU: its KVM file, its first state, and the thread that runs it (vmm/vcpu.c). */
#ifndef SEVVM_VCPU_H
#define SEVVM_VCPU_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "sev/vmsa.h"
#include "vmm/boot.h"
#include "vmm/util/err.h"
#include "vmm/util/trace.h"

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;				/* -1: not created */
	struct kvm_run *run;
	pthread_t thread;
	bool started;
	/*
	 * Held across KVM_RUN, like KVM's vcpu->mutex: the SEV model's
	 * KVM_SEV_GET_VMSA try-locks it and fails with -EBUSY, as KVM does. A
	 * leaf: nothing else is taken while it is held.
	 */
	pthread_mutex_t run_lock;
	struct kvm_cpuid2 *cpuid;	/* as set (the SEV model's GHCB CPUID event reads it) */
};

int vcpu_create(struct vm *vm, unsigned int id, struct err *e);
int vcpu_setup_bsp(struct vcpu *v, const struct boot_entry *entry, struct err *e);
/* The 64-bit boot entry state: all of @regs and @fpu, the boot fields of @sregs. */
void vcpu_boot_state(const struct boot_entry *entry, struct kvm_regs *regs,
		     struct kvm_sregs *sregs, struct kvm_fpu *fpu);
/* What KVM holds for vCPU @v (for the SEV model's VMSA). */
int vcpu_read_state(struct vcpu *v, struct sev_vcpu_state *st, struct err *e);
/* Firmware boot: RDX and, for an SEV-ES AP, CS:IP as QEMU sets them at RESET. */
int vcpu_set_reset_state(struct vcpu *v, const struct sev_vcpu_state *st, struct err *e);
int vcpu_start(struct vcpu *v, struct err *e);
void vcpu_kick(struct vcpu *v);
void vcpu_join(struct vcpu *v);
/* KVM's exit reason in words; --trace exits (vmm/vcpu_trace.c). */
const char *vcpu_exit_name(uint32_t reason);
void vcpu_trace_exit(struct trace *t, unsigned int cpu, const struct kvm_run *run);
/*
 * Where a stopped vCPU is, in one line; an SEV-ES vCPU's line comes from
 * its decrypted VMSA and is followed by four of GPRs, or says why there
 * is none (vmm/vcpu_describe.c). Lines end in '\n' but the last. Returns
 * the length written (less than @len).
 */
size_t vcpu_describe(struct vcpu *v, char *buf, size_t len);
void vcpu_destroy(struct vcpu *v);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* The VM's side of an SEV launch and run time (vmm/vm_sev.c). */
#ifndef SEVVM_VM_SEV_H
#define SEVVM_VM_SEV_H

#include "sev/guest.h"
#include "sev/launch.h"
#include "vmm/vm.h"

/* An SEV VM's state: the launch (commands, measurement) and the running guest. */
struct vm_sev {
	struct sev_launch launch;
	struct sev_guest guest;
	bool guest_ready;		/* guest set up (sev_guest_init done) */
};

int vm_sev_sim_cbit(const struct kvm_cpuid2 *c, unsigned int *cbit, struct err *e);
struct sev_vcpu_source vm_sev_expected_source(const struct boot_entry *entry);
/* Allocates vm->sev, opens the backend and picks the VM type. */
int vm_sev_open(struct vm *vm, struct err *e);
/* After the VM and its memory exist, before the vCPUs. */
int vm_sev_setup(struct vm *vm, struct err *e);
/* After the vCPUs exist. */
int vm_sev_add_vcpus(struct vm *vm, struct err *e);
/* After the guest is loaded: measure, secret, finish; then the guest may run. */
int vm_sev_finish(struct vm *vm, struct err *e);
void vm_sev_close(struct vm *vm, const char *why);

/*
 * An ioctl on vCPU @cpu's fd, through the SEV backend when the VM has one
 * (the model refuses what KVM refuses for a protected vCPU): its result
 * or -errno.
 */
int vm_vcpu_ioctl(struct vm *vm, unsigned int cpu, unsigned long req, void *arg);
/* Whether vCPU state lives in encrypted VMSAs (an SEV-ES VM after launch). */
bool vm_sev_state_protected(const struct vm *vm);
/* vCPU @cpu's registers from its decrypted VMSA (sev/vcpu_vmsa.h). */
int vm_sev_vcpu_state(struct vm *vm, unsigned int cpu, struct sev_vcpu_state *st,
		      struct err *e);

#endif

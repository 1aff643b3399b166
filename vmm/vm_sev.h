/* SPDX-License-Identifier: GPL-2.0 */
/* The VM's side of an SEV launch (vmm/vm_sev.c). */
#ifndef SEVVM_VM_SEV_H
#define SEVVM_VM_SEV_H

#include "vmm/vm.h"

int vm_sev_sim_cbit(const struct kvm_cpuid2 *c, unsigned int *cbit, struct err *e);
struct sev_vcpu_source vm_sev_expected_source(const struct boot_entry *entry);
int vm_sev_open(struct vm *vm, struct err *e);
int vm_sev_setup(struct vm *vm, struct err *e);
int vm_sev_finish(struct vm *vm, struct err *e);
void vm_sev_close(struct vm *vm, const char *why);

#endif

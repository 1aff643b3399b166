/* SPDX-License-Identifier: GPL-2.0 */
/* The VM's side of a firmware boot: between vm_create() and vmm/boot_fw. */
#ifndef SEVVM_VM_FW_H
#define SEVVM_VM_FW_H

#include "sev/vmsa.h"
#include "vmm/boot_fw.h"
#include "vmm/vm.h"

/* After guest RAM exists, before the SEV model looks at it. */
int vm_fw_map(struct vm *vm, struct err *e);
/* After the vCPUs exist: the image, the hash table, fw_cfg, the reset state. */
int vm_fw_load(struct vm *vm, struct err *e);
/* vCPU @idx at RESET as QEMU sets it up for a firmware launch. */
void vm_fw_reset_state(const struct vm *vm, unsigned int idx, struct sev_vcpu_state *st);
void vm_fw_destroy(struct vm *vm);

#endif

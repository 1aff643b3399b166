/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An SEV-ES vCPU's registers after launch, on both backends: the decrypted
 * VMSA through KVM_SEV_GET_VMSA (kernel-patches/0001), where the kernel has
 * the command and the guest policy allows debugging. KVM_GET_REGS and the
 * like refuse a protected vCPU (KVM 6.12, INIT2 VM types) or return stale
 * values (legacy KVM_SEV_ES_INIT), so sevvm never asks them.
 */
#ifndef SEVVM_SEV_VCPU_VMSA_H
#define SEVVM_SEV_VCPU_VMSA_H

#include <stdint.h>
#include "sev/backend.h"
#include "sev/vmsa.h"
#include "vmm/util/err.h"

/*
 * The VMSA page of vCPU @vcpu_id. Fails with a message saying why not:
 * -ENOTSUP when the kernel lacks the command, -EPERM when the policy sets
 * NODBG (the firmware's POLICY_FAILURE), -EBUSY while the vCPU runs, and
 * the command's other errors as they come.
 */
int sev_vcpu_vmsa(struct sev_backend *be, unsigned int vcpu_id, uint8_t page[SEV_VMSA_PAGE],
		  struct err *e);

/* The same, decoded (sev_vmsa_read()). */
int sev_vcpu_vmsa_state(struct sev_backend *be, unsigned int vcpu_id,
			struct sev_vcpu_state *st, struct err *e);

#endif

// SPDX-License-Identifier: GPL-2.0
/* KVM_SEV_GET_VMSA for the stop report and the debugger, with its errors in words. */
#include "sev/vcpu_vmsa.h"

#include <errno.h>
#include <string.h>
#include "sev/status.h"

int sev_vcpu_vmsa(struct sev_backend *be, unsigned int vcpu_id, uint8_t page[SEV_VMSA_PAGE],
		  struct err *e)
{
	struct sevvm_kvm_sev_get_vmsa p = {
		.vcpu_id = vcpu_id, .len = SEV_VMSA_PAGE, .uaddr = (uint64_t)(uintptr_t)page,
	};
	struct kvm_sev_cmd cmd = { .id = SEVVM_KVM_SEV_GET_VMSA, .data = (uint64_t)(uintptr_t)&p };
	char st[64];
	int r;

	/* The probe (the KVM_X86_SEV_GET_VMSA attribute) gives the length it writes. */
	if (!be->get_vmsa_len)
		return err_set(e, ENOTSUP, "this kernel has no KVM_SEV_GET_VMSA "
			       "(kernel-patches/0001) to decrypt the VMSA");
	if (be->get_vmsa_len != SEV_VMSA_PAGE)
		return err_set(e, ENOTSUP, "KVM_SEV_GET_VMSA writes %llu bytes, not a %u-byte VMSA",
			       (unsigned long long)be->get_vmsa_len, SEV_VMSA_PAGE);
	r = be->ops->mem_enc_op(be, &cmd);
	if (!r && p.len != SEV_VMSA_PAGE)
		return err_set(e, EIO, "KVM_SEV_GET_VMSA wrote %u bytes, not %u", p.len,
			       SEV_VMSA_PAGE);
	if (!r)
		return 0;
	if (r == -EIO && cmd.error == SEV_POLICY_FAILURE)
		return err_set(e, EPERM, "the guest policy has NODBG set: the SEV firmware refuses "
			       "to decrypt the VMSA (DBG_DECRYPT: POLICY_FAILURE)");
	if (r == -EIO)
		return err_set(e, EIO, "KVM_SEV_GET_VMSA: firmware error %s",
			       sev_status_str(cmd.error, st, sizeof(st)));
	if (r == -EBUSY)
		return err_set(e, EBUSY, "vCPU %u is running (KVM_SEV_GET_VMSA: EBUSY)", vcpu_id);
	return err_set(e, -r, "KVM_SEV_GET_VMSA of vCPU %u: %s", vcpu_id, strerror(-r));
}

int sev_vcpu_vmsa_state(struct sev_backend *be, unsigned int vcpu_id,
			struct sev_vcpu_state *st, struct err *e)
{
	uint8_t page[SEV_VMSA_PAGE];
	int r = sev_vcpu_vmsa(be, vcpu_id, page, e);

	if (!r)
		sev_vmsa_read(page, st);
	explicit_bzero(page, sizeof(page));
	return r;
}

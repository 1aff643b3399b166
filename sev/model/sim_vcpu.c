// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU side of the model of KVM's SEV code: KVM_SEV_GET_VMSA exactly as
 * kernel-patches/0001 defines it (the same struct, checks in the same
 * order, errors and firmware status), and the rules KVM 6.12 applies to a
 * vCPU once LAUNCH_UPDATE_VMSA has protected its state.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/model/sim_backend.h"

/*
 * sev_get_vmsa() of the patch. The model's guest runs on a default VM, so
 * the "encrypted VMSA" of a vCPU that has run is its state in KVM, saved
 * as the processor saves it at VMEXIT (sev_vmsa_snapshot()); DBG_DECRYPT
 * is the firmware model's, which enforces NODBG (SEV API 55766, 7.1).
 */
int sim_get_vmsa(struct sim_backend *s, struct kvm_sev_cmd *cmd,
		 struct sevvm_kvm_sev_get_vmsa *p)
{
	struct sev_vcpu_source *src = &s->b.vcpus;
	uint8_t vmsa[SEV_VMSA_PAGE], bounce[SEV_VMSA_PAGE];
	struct sev_vcpu_state st;
	enum sev_status fst;
	struct err e;
	unsigned int id;
	int r;

	if (!s->active)
		return -ENOTTY;
	if (!s->es_active)
		return -EINVAL;
	if (!p)
		return -EFAULT;		/* copy_from_user() */
	if (p->flags || p->pad0)
		return -EINVAL;
	if (p->len < SEV_VMSA_PAGE) {
		p->len = SEV_VMSA_PAGE;
		return -ENOSPC;
	}
	/* kvm_get_vcpu_by_id(): sevvm's vCPU ids are their indices. */
	if (p->vcpu_id >= src->nr)
		return -EINVAL;
	id = p->vcpu_id;
	/* mutex_trylock(&vcpu->mutex): a vCPU inside KVM_RUN owns its VMSA. */
	if (src->trylock && src->trylock(src->opaque, id))
		return -EBUSY;
	if (id >= s->nr_vmsa || !s->protected[id]) {
		r = -EINVAL;	/* no LAUNCH_UPDATE_VMSA yet */
		goto out_unlock;
	}
	r = src->get(src->opaque, id, &st, &e);
	if (r)
		goto out_unlock;
	sev_vmsa_snapshot(&st, s->vmsa_features, vmsa);
	fst = sev_fw_dbg_decrypt(&s->fw, s->handle,
				 SIM_VMSA_PADDR_BASE + (uint64_t)id * SEV_VMSA_SIZE,
				 vmsa, bounce, SEV_VMSA_PAGE);
	if (fst != SEV_SUCCESS) {
		r = fw_ret(cmd, fst);
		goto out_clear;
	}
	if (!p->uaddr) {
		r = -EFAULT;	/* copy_to_user() */
		goto out_clear;
	}
	memcpy(uptr(p->uaddr), bounce, SEV_VMSA_PAGE);
	p->len = SEV_VMSA_PAGE;
	r = 0;
out_clear:
	/* The pages held guest state in the clear. */
	explicit_bzero(bounce, sizeof(bounce));
	explicit_bzero(vmsa, sizeof(vmsa));
out_unlock:
	explicit_bzero(&st, sizeof(st));
	if (src->unlock)
		src->unlock(src->opaque, id);
	return r;
}

enum protected_rule {
	RULE_PASS,		/* KVM does it */
	RULE_STATE,		/* -EINVAL with protected state; stale data otherwise */
	RULE_FPSTATE,		/* -EINVAL with protected state; 0 and nothing done otherwise */
	RULE_ALWAYS,		/* -EINVAL on any protected vCPU */
};

/*
 * arch/x86/kvm/x86.c and regs.c of 6.12: "has_protected_state" is set for
 * the KVM_X86_SEV_ES_VM type (svm_vm_init()), so an INIT2 VM refuses to
 * hand out or take the state of a protected vCPU, while a legacy
 * KVM_SEV_ES_INIT VM lets the register ioctls reach KVM's stale copies and
 * makes the FPU ones no-ops (fpstate_is_confidential()).
 * KVM_SET_GUEST_DEBUG refuses any protected vCPU.
 */
static enum protected_rule rule(unsigned long req)
{
	switch (req) {
	case KVM_GET_REGS:
	case KVM_SET_REGS:
	case KVM_GET_SREGS:
	case KVM_SET_SREGS:
	case KVM_GET_SREGS2:
	case KVM_SET_SREGS2:
	case KVM_GET_XCRS:
	case KVM_SET_XCRS:
	case KVM_GET_DEBUGREGS:
	case KVM_SET_DEBUGREGS:
		return RULE_STATE;
	case KVM_GET_FPU:
	case KVM_SET_FPU:
	case KVM_GET_XSAVE:
	case KVM_GET_XSAVE2:
	case KVM_SET_XSAVE:
		return RULE_FPSTATE;
	case KVM_SET_GUEST_DEBUG:
		return RULE_ALWAYS;
	default:
		return RULE_PASS;
	}
}

int sim_vcpu_ioctl(struct sev_backend *b, unsigned int idx, int fd, unsigned long req, void *arg)
{
	struct sim_backend *s = to_sim(b);
	bool prot = idx < s->nr_vmsa && s->protected[idx];
	int r;

	if (prot) {
		switch (rule(req)) {
		case RULE_ALWAYS:
			return -EINVAL;
		case RULE_STATE:
			if (s->init2)
				return -EINVAL;
			break;	/* the model's copy is live, KVM's would be stale */
		case RULE_FPSTATE:
			return s->init2 ? -EINVAL : 0;
		case RULE_PASS:
			break;
		}
	}
	r = ioctl(fd, req, arg);
	return r < 0 ? -errno : r;
}

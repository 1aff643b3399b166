// SPDX-License-Identifier: GPL-2.0
/*
 * Every VMMCALL of an SEV-ES guest on the model, where KVM can hand them
 * over. On SEV-ES hardware a VMGEXIT (rep vmmcall) always exits, and the
 * request is whatever the GHCB MSR holds at that moment (GHCB spec 56421,
 * 2.2): the guest need not have written the MSR just before. OVMF writes an
 * AP's GHCB GPA once and then VMGEXITs with it for the AP reset hold, its
 * flash writes (SVM_EXIT_MMIO_WRITE) and the AP jump table. KVM exits to
 * userspace for a VMMCALL only when it is KVM_HC_MAP_GPA_RANGE
 * (KVM_CAP_EXIT_HYPERCALL), or for every one when its Xen support
 * intercepts hypercalls (KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL, a kernel built
 * with CONFIG_KVM_XEN). Where the kernel has that, the model turns it on,
 * with the Xen hypercall-page MSR at an index no guest uses (and refused to
 * the guest), and then:
 *  - a VMGEXIT is served with the GHCB MSR's value; RAX..RDX stay as they
 *    are, as the hardware leaves them;
 *  - any other VMMCALL or VMCALL, which SEV-ES hardware would turn into a
 *    #VC and the guest into a GHCB VMMCALL event, is answered as KVM answers
 *    that event (arch/x86/kvm/x86.c, kvm_emulate_hypercall()): MAP_GPA_RANGE
 *    to the page state, SEND_IPI and SCHED_YIELD, -KVM_ENOSYS for the rest.
 *    The model cannot set KVM's pv_unhalted, so the guest is not offered
 *    KVM_FEATURE_PV_UNHALT (sev/guest.c), whose KICK_CPU would need it.
 * Without it (Debian 12's 6.1 is built without CONFIG_KVM_XEN) the model
 * sees only the VMGEXITs that follow a GHCB MSR write at once (hw.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/kvm_para.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/model/hw.h"

/* Synthetic-MSR range (0x40000000-0x4fffffff); no hypervisor defines this one. */
#define XEN_HCALL_PAGE_MSR	0x40000f00u

/* The ICR bits KVM_HC_SEND_IPI takes (APM vol. 2, 16.5; KVM kvm_pv_send_ipi()). */
#define ICR_LOGICAL		(1u << 11)
#define ICR_SHORTHAND_MASK	(3u << 18)

bool sev_model_vmmcall_setup(struct sev_model *m, struct kvm_msr_filter *f, unsigned int *n)
{
	static uint8_t deny[1];
	struct kvm_xen_hvm_config xen = {
		.flags = KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL, .msr = XEN_HCALL_PAGE_MSR,
	};
	int caps = ioctl(m->host.vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XEN_HVM);

	if (caps <= 0 || !(caps & KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL) ||
	    *n >= KVM_MSR_FILTER_MAX_RANGES)
		return false;
	if (ioctl(m->host.vm_fd, KVM_XEN_HVM_CONFIG, &xen) < 0)
		return false;
	/* The guest's writes there would make KVM write a Xen hypercall page. */
	f->ranges[(*n)++] = (struct kvm_msr_filter_range){
		.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE, .nmsrs = 1,
		.base = XEN_HCALL_PAGE_MSR, .bitmap = deny,
	};
	return true;
}

bool sev_model_vmmcall_msr(uint32_t index)
{
	return index == XEN_HCALL_PAGE_MSR;
}

/* KVM_HC_SEND_IPI: a0/a1 the APIC ID bitmap from a2, a3 the ICR; the IPIs sent. */
static uint64_t send_ipi(struct sev_model_vcpu *v, const uint64_t a[4], bool op_64_bit)
{
	unsigned int cluster = op_64_bit ? 64 : 32, i, half;
	uint32_t icr = (uint32_t)a[3];
	uint64_t count = 0;

	if (icr & (ICR_LOGICAL | ICR_SHORTHAND_MASK))
		return (uint64_t)-KVM_EINVAL;
	for (half = 0; half < 2; half++)
		for (i = 0; i < cluster; i++)
			if (a[half] >> i & 1 &&
			    sev_model_send_ipi(v, icr, (uint32_t)a[2] + half * cluster + i))
				count++;
	return count;
}

/* A VMMCALL or VMCALL that is no VMGEXIT, as KVM answers it. */
static uint64_t kvm_hypercall(struct sev_model_vcpu *v, const struct kvm_regs *regs,
			      bool op_64_bit, unsigned int cpl)
{
	uint64_t a[4] = { regs->rbx, regs->rcx, regs->rdx, regs->rsi }, nr = regs->rax, ret;
	unsigned int i;

	if (!op_64_bit) {
		nr &= 0xffffffff;
		for (i = 0; i < 4; i++)
			a[i] &= 0xffffffff;
	}
	if (cpl)
		return (uint64_t)-KVM_EPERM;
	switch (nr) {
	case KVM_HC_SEND_IPI:
		ret = send_ipi(v, a, op_64_bit);
		break;
	case KVM_HC_SCHED_YIELD:	/* a hint; the host's scheduler takes it from here */
		ret = 0;
		break;
	default: {
		/* MAP_GPA_RANGE, or -KVM_ENOSYS, as for the GHCB's VMMCALL event */
		uint64_t in[4] = { nr, a[0], a[1], a[2] };

		sev_model_kvm_hypercall(v->m->host.pages, in, &ret);
		break;
	}
	}
	return op_64_bit ? ret : (uint32_t)ret;
}

enum sev_exit sev_model_vmmcall_exit(struct sev_model_vcpu *v, struct kvm_run *run, char *msg,
				     size_t len)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (!v->m->all_vmmcalls || run->xen.type != KVM_EXIT_XEN_HCALL)
		return SEV_EXIT_NOT_MINE;
	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0 || ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0) {
		snprintf(msg, len, "vCPU %u: reading its registers at a VMMCALL: %s", v->id,
			 strerror(errno));
		return SEV_EXIT_ERROR;
	}
	/* KVM leaves RIP at the instruction until the exit completes. */
	if (sev_model_vmgexit_at(v, &sregs, regs.rip)) {
		run->xen.u.hcall.result = regs.rax;
		return sev_model_serve(v, v->ghcb_msr, msg, len);
	}
	run->xen.u.hcall.result = kvm_hypercall(v, &regs, run->xen.u.hcall.longmode,
						run->xen.u.hcall.cpl);
	return SEV_EXIT_HANDLED;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-ES application processors on the software model. Real KVM starts an
 * SEV-ES AP at the CS:IP of its encrypted VMSA on the first SIPI and, later,
 * ends an AP reset hold on a SIPI by completing the guest's VMGEXIT (KVM
 * sev_vcpu_deliver_sipi_vector(); sev-reference Part A 3.2): the vector is
 * ignored. The model runs the APs as plain vCPUs, whose SIPI would start
 * them at the vector, and the SIPIs Linux sends go straight to KVM's local
 * APIC. So a waiting AP is parked in wait-for-SIPI with single-stepping on:
 * the first instruction after the SIPI exits to sevvm, which puts the AP
 * where it should resume.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "vmm/layout.h"
#include "vmm/vm.h"

/* Local APIC registers (APM vol. 2, 16.3 and 16.5). */
#define APIC_ID		0x20
#define APIC_VERSION	0x30
#define APIC_ICR_LOW	0x300
#define APIC_ICR_HIGH	0x310
#define APIC_PAGE	0x1000ull

#define ICR_DM(v)		(((v) >> 8) & 7)
#define ICR_DM_INIT		5
#define ICR_DM_STARTUP		6
#define ICR_LEVEL_ASSERT	(1u << 14)
#define ICR_TRIGGER_LEVEL	(1u << 15)
#define ICR_SHORTHAND(v)	(((v) >> 18) & 3)

/* The RESET state's CS (APM vol. 2, 14.1.3): the linear RIP is 0xfffffff0. */
static void reset_cs(struct kvm_sregs *s)
{
	s->cs = (struct kvm_segment){
		.selector = 0xf000, .base = 0xffff0000, .limit = 0xffff, .type = 0xb,
		.present = 1, .s = 1,
	};
	s->cr0 = 0x60000010;
	s->cr4 = 0;
	s->efer = 0;
}

int vcpu_park(struct vcpu *v, const struct kvm_regs *regs, const struct kvm_sregs *sregs,
	      struct err *e)
{
	struct kvm_guest_debug dbg = {
		.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP,
	};
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_INIT_RECEIVED };
	struct kvm_regs r = { .rip = 0xfff0, .rflags = 2 };
	struct kvm_sregs s;

	v->park_regs = *regs;
	v->park_sregs = *sregs;
	/*
	 * KVM sets the trap flag only while the linear RIP equals the one
	 * single-stepping was enabled at (__kvm_set_rflags()); the INIT that
	 * precedes the SIPI resets the vCPU to 0xfffffff0, so enable it there.
	 */
	s = *sregs;
	reset_cs(&s);
	if (ioctl(v->fd, KVM_SET_SREGS, &s) < 0 || ioctl(v->fd, KVM_SET_REGS, &r) < 0)
		return err_sys(e, errno, "vCPU %u: parking for a SIPI", v->id);
	if (ioctl(v->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_GUEST_DEBUG (single-step to catch the "
			       "SIPI)", v->id);
	if (ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_MP_STATE wait-for-SIPI", v->id);
	v->parked = true;
	return 0;
}

bool vcpu_unpark(struct vcpu *v, struct err *e)
{
	struct kvm_guest_debug off = { 0 };
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };

	if (!v->parked)
		return false;
	v->parked = false;
	if (ioctl(v->fd, KVM_SET_GUEST_DEBUG, &off) < 0 ||
	    ioctl(v->fd, KVM_SET_SREGS, &v->park_sregs) < 0 ||
	    ioctl(v->fd, KVM_SET_REGS, &v->park_regs) < 0 ||
	    ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0) {
		err_sys(e, errno, "vCPU %u: resuming after the SIPI", v->id);
		return false;
	}
	if (v->vm->sev_on)
		sev_guest_ap_release(&v->vm->sevg, v->id);
	return true;
}

int vcpu_ap_hold(struct vcpu *v, struct err *e)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	/*
	 * Let KVM finish the exit first (the hypercall's RAX and the skipped
	 * VMGEXIT): KVM_RUN completes it and, with immediate_exit, returns.
	 */
	v->run->immediate_exit = 1;
	if (ioctl(v->fd, KVM_RUN, 0) == 0 || (errno != EINTR && errno != EAGAIN)) {
		v->run->immediate_exit = 0;
		return err_sys(e, errno, "vCPU %u: completing the AP reset hold request", v->id);
	}
	v->run->immediate_exit = 0;
	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0 || ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return err_sys(e, errno, "vCPU %u: reading its state for the AP reset hold", v->id);
	return vcpu_park(v, &regs, &sregs, e);
}

/* An IPI through KVM's local APICs: an MSI with the ICR's delivery mode. */
static void send_ipi(struct vcpu *v, uint32_t icr, uint32_t dest)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)(GUEST_LAPIC_ADDR | (uint64_t)(dest & 0xff) << 12),
		.data = icr & 0x7ff,	/* vector and delivery mode; edge-triggered */
	};

	if (ioctl(v->vm->fd, KVM_SIGNAL_MSI, &msi) < 0)
		fprintf(stderr, "sevvm: vCPU %u: IPI %#x to APIC %u: %s\n", v->id, icr, dest,
			strerror(errno));
}

static void write_icr(struct vcpu *v, uint32_t icr)
{
	unsigned int i, sh = ICR_SHORTHAND(icr);

	/* An INIT level de-assert does nothing on these processors. */
	if (ICR_DM(icr) == ICR_DM_INIT && icr & ICR_TRIGGER_LEVEL && !(icr & ICR_LEVEL_ASSERT))
		return;
	if (sh == 0) {
		send_ipi(v, icr, v->icr_high >> 24);
		return;
	}
	for (i = 0; i < v->vm->ncpus; i++)
		if (sh == 2 || (sh == 1 && i == v->id) || (sh == 3 && i != v->id))
			send_ipi(v, icr, i);
}

bool vcpu_ghcb_apic(struct vcpu *v, uint64_t gpa, void *data, unsigned int len, bool write)
{
	uint64_t off = gpa - GUEST_LAPIC_ADDR;
	uint32_t val = 0;

	if (gpa < GUEST_LAPIC_ADDR || off >= APIC_PAGE)
		return false;
	if (write) {
		memcpy(&val, data, len < 4 ? len : 4);
		if (off == APIC_ICR_HIGH)
			v->icr_high = val;
		else if (off == APIC_ICR_LOW)
			write_icr(v, val);
		return true;
	}
	/* The ID and version; the ICR reads back idle (delivery status 0). */
	if (off == APIC_ID)
		val = v->id << 24;
	else if (off == APIC_VERSION)
		val = 0x50014;
	else if (off == APIC_ICR_HIGH)
		val = v->icr_high;
	memset(data, 0, len);
	memcpy(data, &val, len < 4 ? len : 4);
	return true;
}

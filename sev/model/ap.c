// SPDX-License-Identifier: GPL-2.0
/*
 * SEV-ES application processors on the software model. Real KVM starts an
 * SEV-ES AP at the CS:IP of its encrypted VMSA on the first SIPI and, later,
 * ends an AP reset hold on a SIPI by completing the guest's VMGEXIT (KVM
 * sev_vcpu_deliver_sipi_vector(); sev-reference Part A 3.2): the vector is
 * ignored. The model runs the APs as plain vCPUs, whose SIPI would start
 * them at the vector, and the SIPIs Linux sends go straight to KVM's local
 * APIC. So a waiting AP is parked: KVM holds it in wait-for-SIPI while its
 * thread, instead of entering KVM_RUN, polls KVM_GET_MP_STATE (which makes
 * KVM take pending INIT and SIPI events, kvm_apic_accept_events()). Once a
 * SIPI has made it runnable, sevvm puts it where it should resume.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/model/hw.h"

/* The local APIC's default base (APM vol. 2, 16.3.1), where sevvm leaves it. */
#define APIC_BASE	0xfee00000ull

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

int sev_model_park(struct sev_model_vcpu *v, const struct kvm_regs *regs,
		   const struct kvm_sregs *sregs, struct err *e)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_INIT_RECEIVED };

	v->park_regs = *regs;
	v->park_sregs = *sregs;
	if (ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_SET_MP_STATE wait-for-SIPI", v->id);
	v->parked = true;
	sev_log_event(v->m->host.log, "ap", "\"cpu\": %u, \"what\": \"waits for a SIPI, "
		      "then resumes at %#llx:%#llx\"", v->id,
		      (unsigned long long)sregs->cs.base, (unsigned long long)regs->rip);
	return 0;
}

int sev_model_parked_poll(struct sev_model_vcpu *v, struct err *e)
{
	struct kvm_mp_state mp;
	struct kvm_sregs at;

	if (ioctl(v->fd, KVM_GET_MP_STATE, &mp) < 0)
		return err_sys(e, errno, "vCPU %u: KVM_GET_MP_STATE", v->id);
	if (mp.mp_state != KVM_MP_STATE_RUNNABLE)
		return 0;
	if (ioctl(v->fd, KVM_GET_SREGS, &at) == 0)
		sev_log_event(v->m->host.log, "ap", "\"cpu\": %u, \"what\": \"SIPI (vector "
			      "%#llx ignored, as for SEV-ES)\"", v->id,
			      (unsigned long long)at.cs.base >> 12);
	v->parked = false;
	if (ioctl(v->fd, KVM_SET_SREGS, &v->park_sregs) < 0 ||
	    ioctl(v->fd, KVM_SET_REGS, &v->park_regs) < 0)
		return err_sys(e, errno, "vCPU %u: resuming after the SIPI", v->id);
	sev_model_ap_release(v);
	return 1;
}

void sev_model_ap_release(struct sev_model_vcpu *v)
{
	uint8_t *page;

	if (!v->hold)
		return;
	if (!v->hold_page) {
		v->ghcb_msr = ghcb_msr_ap_reset_hold_reply();
	} else {
		page = ram_gpa_to_hva(v->m->host.ram, v->hold_page, GHCB_PAGE_SIZE);
		if (page)
			ghcb_page_ap_reset_hold_wake(page);
	}
	v->hold = false;
	sev_log_event(v->m->host.log, "ghcb", "\"cpu\": %u, \"what\": \"AP reset hold ended "
		      "by a SIPI\"", v->id);
}

int sev_model_ap_hold(struct sev_model_vcpu *v, struct err *e)
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
	return sev_model_park(v, &regs, &sregs, e);
}

/* An IPI through KVM's local APICs: an MSI with the ICR's delivery mode. */
bool sev_model_send_ipi(struct sev_model_vcpu *v, uint32_t icr, uint32_t dest)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)(APIC_BASE | (uint64_t)(dest & 0xff) << 12),
		.data = icr & 0x7ff,	/* vector and delivery mode; edge-triggered */
	};

	int r = ioctl(v->m->host.vm_fd, KVM_SIGNAL_MSI, &msi);

	if (r < 0)
		fprintf(stderr, "sevvm: vCPU %u: IPI %#x to APIC %u: %s\n", v->id, icr, dest,
			strerror(errno));
	sev_log_event_bounded(v->m->host.log, "ipi", "\"cpu\": %u, \"what\": \"IPI %#x to APIC "
			      "%u through the model's APIC: %s\"", v->id, icr, dest,
			      r > 0 ? "delivered" : r == 0 ? "not accepted" : "failed");
	return r > 0;
}

static void write_icr(struct sev_model_vcpu *v, uint32_t icr)
{
	unsigned int i, sh = ICR_SHORTHAND(icr);

	/* An INIT level de-assert does nothing on these processors. */
	if (ICR_DM(icr) == ICR_DM_INIT && icr & ICR_TRIGGER_LEVEL && !(icr & ICR_LEVEL_ASSERT))
		return;
	if (sh == 0) {
		sev_model_send_ipi(v, icr, v->icr_high >> 24);
		return;
	}
	for (i = 0; i < v->m->host.ncpus; i++)
		if (sh == 2 || (sh == 1 && i == v->id) || (sh == 3 && i != v->id))
			sev_model_send_ipi(v, icr, i);
}

bool sev_model_apic_access(struct sev_model_vcpu *v, uint64_t gpa, void *data, unsigned int len,
			   bool write)
{
	uint64_t off = gpa - APIC_BASE;
	uint32_t val = 0;

	if (gpa < APIC_BASE || off >= APIC_PAGE)
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

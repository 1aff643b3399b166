// SPDX-License-Identifier: GPL-2.0
/*
 * The model's hypervisor answers to full-GHCB events (GHCB spec 56421
 * 4.1), what KVM does for an SEV-ES guest: I/O and MMIO through the VMM's
 * buses (the local APIC through the model's own emulation, since KVM's is
 * not on sevvm's bus), MSRs and CPUID from KVM's view of the vCPU, and the
 * KVM hypercalls that reach the VMM.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include "sev/compat.h"
#include "sev/model/hw.h"

#ifndef KVM_HC_MAP_GPA_RANGE
#define KVM_HC_MAP_GPA_RANGE	12
#endif

static int ghcb_io(void *opaque, uint16_t port, void *data, unsigned int size, bool write)
{
	struct sev_model_vcpu *v = opaque;

	v->m->host.pio(v->m->host.opaque, port, data, size, write);
	return 0;
}

static int ghcb_mmio(void *opaque, uint64_t gpa, void *data, unsigned int len, bool write)
{
	struct sev_model_vcpu *v = opaque;

	if (sev_model_apic_access(v, gpa, data, len, write))
		return 0;
	v->m->host.mmio(v->m->host.opaque, gpa, data, len, write);
	return 0;
}

static int ghcb_rdmsr(void *opaque, uint32_t msr, uint64_t *val)
{
	struct sev_model_vcpu *v = opaque;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} m = { .hdr.nmsrs = 1, .e[0].index = msr };

	if (msr == SEVVM_MSR_KVM_MIGRATION_CONTROL) {
		*val = sev_page_state_complete(v->m->host.pages);
		return 0;
	}
	if (ioctl(v->fd, KVM_GET_MSRS, &m) != 1)
		return -EINVAL;
	*val = m.e[0].data;
	return 0;
}

static int ghcb_wrmsr(void *opaque, uint32_t msr, uint64_t val)
{
	struct sev_model_vcpu *v = opaque;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[1];
	} m = { .hdr.nmsrs = 1, .e[0] = { .index = msr, .data = val } };

	/* As sev/guest.c answers it without SEV-ES: KVM_MIGRATION_READY only (msr.rst). */
	if (msr == SEVVM_MSR_KVM_MIGRATION_CONTROL) {
		if (val & ~1ull)
			return -EINVAL;
		sev_page_state_set_complete(v->m->host.pages, val & 1);
		return 0;
	}
	return ioctl(v->fd, KVM_SET_MSRS, &m) == 1 ? 0 : -EINVAL;
}

static int ghcb_cpuid(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0,
		      struct ghcb_cpuid_result *out)
{
	struct sev_model_vcpu *v = opaque;
	unsigned int i;

	(void)xcr0;
	*out = (struct ghcb_cpuid_result){ 0 };
	for (i = 0; v->cpuid && i < v->cpuid->nent; i++) {
		const struct kvm_cpuid_entry2 *x = &v->cpuid->entries[i];

		if (x->function == fn &&
		    (!(x->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || x->index == index)) {
			*out = (struct ghcb_cpuid_result){ x->eax, x->ebx, x->ecx, x->edx };
			break;
		}
	}
	return 0;
}

int sev_model_kvm_hypercall(struct sev_page_state *ps, const uint64_t in[4], uint64_t *ret)
{
	/* Only the one KVM hands to the VMM; others get -KVM_ENOSYS, as KVM's own do here. */
	*ret = in[0] == KVM_HC_MAP_GPA_RANGE ? sev_page_state_map_gpa_range(ps, in[1], in[2], in[3]) :
					       (uint64_t)-1000;
	return 0;
}

static int ghcb_vmmcall(void *opaque, uint64_t regs_in[4], uint64_t *ret)
{
	struct sev_model_vcpu *v = opaque;

	return sev_model_kvm_hypercall(v->m->host.pages, regs_in, ret);
}

static void ghcb_hlt(void *opaque)
{
	(void)opaque;
}

static void *ghcb_gpa_to_hva(void *opaque, uint64_t gpa, uint64_t len)
{
	struct sev_model_vcpu *v = opaque;

	return ram_gpa_to_hva(v->m->host.ram, gpa, len);
}

const struct ghcb_ops sev_model_ghcb_ops = {
	.io = ghcb_io, .mmio = ghcb_mmio, .rdmsr = ghcb_rdmsr, .wrmsr = ghcb_wrmsr,
	.cpuid = ghcb_cpuid, .vmmcall = ghcb_vmmcall, .hlt = ghcb_hlt,
	.gpa_to_hva = ghcb_gpa_to_hva,
};

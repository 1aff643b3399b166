/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV-ES VM save area (VMSA, APM vol. 2 table B-4; Linux struct
 * sev_es_save_area) built byte for byte as KVM's sev_es_sync_vmsa() builds
 * it from a vCPU's state at LAUNCH_UPDATE_VMSA, so that the model's launch
 * digest equals what hardware computes.
 */
#ifndef SEVVM_SEV_VMSA_H
#define SEVVM_SEV_VMSA_H

#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define SEV_VMSA_PAGE	4096

/*
 * Which init command made the VM: the legacy KVM_SEV_ES_INIT leaves the
 * FPU/SSE state out of the VMSA (mxcsr and fcw stay 0); KVM_SEV_INIT2 VM
 * types copy it from the vCPU's XSAVE area (mxcsr 0x1f80, fcw 0x37f after
 * reset).
 */
enum sev_init_kind { SEV_INIT_LEGACY, SEV_INIT_INIT2 };

/* What KVM holds for a vCPU before LAUNCH_UPDATE_VMSA, in uAPI form. */
struct sev_vcpu_state {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	uint64_t xcr0;		/* 1 after reset */
	uint64_t xss;		/* 0 */
	uint64_t dr6, dr7;	/* 0xffff0ff0, 0x400 */
	uint32_t pkru;
	uint64_t pat;		/* 0x0007040600070406 */
};

/*
 * The state KVM gives a vCPU at RESET, with QEMU's CS:IP convention: the
 * BSP starts at 0xfffffff0 (CS base 0xffff0000, IP 0xfff0); an AP of an
 * SEV-ES guest starts at the firmware's reset block address @reset_addr
 * (CS base = addr & 0xffff0000, IP = addr & 0xffff). RDX holds the CPUID(1)
 * signature.
 */
void sev_vcpu_reset_state(struct sev_vcpu_state *st, uint32_t cpuid1_eax);
void sev_vcpu_set_reset_addr(struct sev_vcpu_state *st, uint32_t reset_addr);

/*
 * Builds the VMSA page. Transformations KVM applies on the way (svm.c):
 * segment attributes packed as the VMCB stores them, CR0 without CD/NW,
 * CR4 with MCE, EFER with SVME, CPL = SS.DPL; @sev_features as given to
 * KVM_SEV_INIT2 (0 for the legacy init). Fails with a message when the
 * state is one KVM refuses (DR7 beyond its reset value).
 */
int sev_vmsa_build(const struct sev_vcpu_state *st, enum sev_init_kind init,
		   uint64_t sev_features, uint8_t page[SEV_VMSA_PAGE], struct err *e);

/*
 * The VMSA as the processor keeps it for a vCPU that has run (APM vol. 2,
 * 15.35.4: VMEXIT saves the whole guest state there): every field of @st,
 * the x87/SSE state and CR2 included, without the launch-time checks. The
 * software model's stand-in for the page a running SEV-ES vCPU has.
 */
void sev_vmsa_snapshot(const struct sev_vcpu_state *st, uint64_t sev_features,
		       uint8_t page[SEV_VMSA_PAGE]);

/*
 * A (decrypted) VMSA page back in uAPI form: the GPRs, segments,
 * descriptor tables, control registers, EFER (with SVME, as the VMSA
 * holds it), DR6/7, PAT, XCR0, XSS, PKRU and the x87/SSE state. APIC base
 * and CR8 are not in the VMSA and read as 0.
 */
void sev_vmsa_read(const uint8_t page[SEV_VMSA_PAGE], struct sev_vcpu_state *st);

/* The name of the VMSA field at byte @off, for messages ("rip", "cs.base"). */
const char *sev_vmsa_field(size_t off);

#endif

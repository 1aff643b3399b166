/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uAPI definitions newer than the Linux 6.1 headers sevvm builds against
 * (KVM_SEV_INIT2 and the VM types came with 6.10). Each is guarded, so newer
 * headers win; the values are fixed ABI.
 */
#ifndef SEVVM_SEV_COMPAT_H
#define SEVVM_SEV_COMPAT_H

#include <linux/kvm.h>
#include <linux/psp-sev.h>
#include <linux/types.h>

#ifndef KVM_X86_DEFAULT_VM
#define KVM_X86_DEFAULT_VM	0
#endif
#ifndef KVM_X86_SEV_VM
#define KVM_X86_SEV_VM		2
#endif
#ifndef KVM_X86_SEV_ES_VM
#define KVM_X86_SEV_ES_VM	3
#endif
#ifndef KVM_CAP_VM_TYPES
#define KVM_CAP_VM_TYPES	235
#endif
#ifndef KVM_X86_GRP_SEV
#define KVM_X86_GRP_SEV			1
#define KVM_X86_SEV_VMSA_FEATURES	0
#endif
/* kernel-patches/0001: present when the kernel has KVM_SEV_GET_VMSA; its value is the length. */
#ifndef KVM_X86_SEV_GET_VMSA
#define KVM_X86_SEV_GET_VMSA		1
#endif

/* enum sev_cmd_id gained INIT2 = 22 in 6.10; the enum cannot be probed. */
#define SEVVM_KVM_SEV_INIT2	22

/* struct kvm_sev_init (6.10), 48 bytes: flags@8, ghcb_version@12. */
struct sevvm_kvm_sev_init {
	__u64 vmsa_features;
	__u32 flags;
	__u16 ghcb_version;
	__u16 pad1;
	__u32 pad2[8];
};

/*
 * KVM_SEV_GET_VMSA (kernel-patches/0001, = INIT2 + 1): the decrypted VMSA
 * of one SEV-ES vCPU, through the firmware's DBG_DECRYPT.
 */
#define SEVVM_KVM_SEV_GET_VMSA	23

/* struct kvm_sev_get_vmsa of the same patch, 24 bytes. */
struct sevvm_kvm_sev_get_vmsa {
	__u32 vcpu_id;		/* in: the id given to KVM_CREATE_VCPU */
	__u32 len;		/* in: buffer size; out: bytes written (the page size) */
	__u64 uaddr;		/* in: the buffer */
	__u32 flags;		/* in: must be 0 */
	__u32 pad0;		/* in: must be 0 */
};

/* KVM paravirtual bits sevvm uses for SEV guests (Documentation/virt/kvm/x86/cpuid.rst, msr.rst). */
#ifndef KVM_FEATURE_MIGRATION_CONTROL
#define KVM_FEATURE_MIGRATION_CONTROL	17
#endif
#define SEVVM_MSR_KVM_MIGRATION_CONTROL	0x4b564d08u

/* AMD MSRs of SEV (APM vol. 2, 15.34.10 and 15.35.5). */
#define MSR_AMD64_SEV_ES_GHCB		0xc0010130u
#define MSR_AMD64_SEV			0xc0010131u
#define MSR_AMD64_SEV_ENABLED		(1ull << 0)
#define MSR_AMD64_SEV_ES_ENABLED	(1ull << 1)

#endif

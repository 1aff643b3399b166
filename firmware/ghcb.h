/* SPDX-License-Identifier: GPL-2.0 */
/* GHCB layout and events the firmware uses (GHCB spec 56421, tables 1-6). */
#ifndef FW_GHCB_H
#define FW_GHCB_H

#define MSR_GHCB			0xc0010130
#define MSR_SEV_STATUS			0xc0010131

#define GHCB_MSR_INFO_MASK		0xfffull
#define GHCB_MSR_CPUID_REQ		0x004
#define GHCB_MSR_CPUID_RESP		0x005
#define GHCB_MSR_TERM_REQ		0x100

#define GHCB_OFF_CPL			0x0cb
#define GHCB_OFF_RAX			0x1f8
#define GHCB_OFF_RCX			0x308
#define GHCB_OFF_RDX			0x310
#define GHCB_OFF_RBX			0x318
#define GHCB_OFF_SW_EXIT_CODE		0x390
#define GHCB_OFF_SW_EXIT_INFO_1		0x398
#define GHCB_OFF_SW_EXIT_INFO_2		0x3a0
#define GHCB_OFF_SW_SCRATCH		0x3a8
#define GHCB_OFF_VALID_BITMAP		0x3f0
#define GHCB_OFF_SHARED_BUF		0x800
#define GHCB_OFF_PROTO_VERSION		0xffa
#define GHCB_OFF_USAGE			0xffc
#define GHCB_PROTOCOL_VERSION		1

#define SVM_EXIT_CPUID			0x72
#define SVM_EXIT_IOIO			0x7b
#define SVM_EXIT_VMMCALL		0x81
#define SVM_VMGEXIT_MMIO_READ		0x80000001
#define SVM_VMGEXIT_MMIO_WRITE		0x80000002
#define SVM_VMGEXIT_AP_JUMP_TABLE	0x80000005

/* IOIO EXITINFO1 (APM vol. 2 15.10.2). */
#define IOIO_TYPE_IN			(1u << 0)
#define IOIO_SZ8			(1u << 4)
#define IOIO_SZ16			(1u << 5)
#define IOIO_SZ32			(1u << 6)
#define IOIO_A16			(1u << 7)

#define KVM_HC_MAP_GPA_RANGE		12
#define KVM_MAP_GPA_RANGE_DECRYPTED	0
#define KVM_MAP_GPA_RANGE_ENCRYPTED	0x10

#endif

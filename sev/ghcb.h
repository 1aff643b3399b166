/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GHCB (GHCB spec 56421): the MSR protocol's values (2.3.1), the page
 * layout (table 3) and the exit codes (table 6), shared by sevvm's firmware
 * (the guest side), the termination decoding both backends need, and the
 * software model's hypervisor side (sev/model/ghcb_server.h).
 */
#ifndef SEVVM_SEV_GHCB_H
#define SEVVM_SEV_GHCB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GHCB_PAGE_SIZE		4096

/* MSR protocol: GHCBData[11:0] (56421 2.3.1). */
#define GHCB_MSR_INFO_MASK		0xfffull
#define GHCB_MSR_SEV_INFO_RESP		0x001
#define GHCB_MSR_SEV_INFO_REQ		0x002
#define GHCB_MSR_CPUID_REQ		0x004
#define GHCB_MSR_CPUID_RESP		0x005
#define GHCB_MSR_AP_RESET_HOLD_REQ	0x006
#define GHCB_MSR_AP_RESET_HOLD_RESP	0x007
#define GHCB_MSR_HV_FT_REQ		0x080
#define GHCB_MSR_HV_FT_RESP		0x081
#define GHCB_MSR_TERM_REQ		0x100
/* SEV-SNP only: KVM terminates an SEV-ES guest that sends them. */
#define GHCB_MSR_PREF_GPA_REQ		0x010
#define GHCB_MSR_REG_GPA_REQ		0x012
#define GHCB_MSR_PSC_REQ		0x014

/* GHCB page offsets (56421 table 3; Linux struct ghcb). */
#define GHCB_OFF_CPL		0x0cb
#define GHCB_OFF_XSS		0x140
#define GHCB_OFF_DR7		0x160
#define GHCB_OFF_RAX		0x1f8
#define GHCB_OFF_RCX		0x308
#define GHCB_OFF_RDX		0x310
#define GHCB_OFF_RBX		0x318
#define GHCB_OFF_SW_EXIT_CODE	0x390
#define GHCB_OFF_SW_EXIT_INFO_1	0x398
#define GHCB_OFF_SW_EXIT_INFO_2	0x3a0
#define GHCB_OFF_SW_SCRATCH	0x3a8
#define GHCB_OFF_XCR0		0x3e8
#define GHCB_OFF_VALID_BITMAP	0x3f0
#define GHCB_OFF_SHARED_BUF	0x800
#define GHCB_SHARED_BUF_SIZE	0x7f0
#define GHCB_OFF_PROTO_VERSION	0xffa
#define GHCB_OFF_USAGE		0xffc

/* SW_EXITCODE values (56421 table 6; uapi/asm/svm.h). */
#define SVM_EXIT_CPUID_CODE		0x072
#define SVM_EXIT_HLT_CODE		0x078
#define SVM_EXIT_IOIO_CODE		0x07b
#define SVM_EXIT_MSR_CODE		0x07c
#define SVM_EXIT_VMMCALL_CODE		0x081
/* Also accepted by KVM's sev_es_validate_vmgexit(); no callbacks needed. */
#define SVM_EXIT_READ_DR7_CODE		0x027
#define SVM_EXIT_WRITE_DR7_CODE		0x037
#define SVM_EXIT_RDTSC_CODE		0x06e
#define SVM_EXIT_RDPMC_CODE		0x06f
#define SVM_EXIT_INVD_CODE		0x076
#define SVM_EXIT_RDTSCP_CODE		0x087
#define SVM_EXIT_WBINVD_CODE		0x089
#define SVM_EXIT_MONITOR_CODE		0x08a
#define SVM_EXIT_MWAIT_CODE		0x08b
#define SVM_VMGEXIT_MMIO_READ		0x80000001ull
#define SVM_VMGEXIT_MMIO_WRITE		0x80000002ull
#define SVM_VMGEXIT_NMI_COMPLETE	0x80000003ull
#define SVM_VMGEXIT_AP_HLT_LOOP		0x80000004ull
#define SVM_VMGEXIT_AP_JUMP_TABLE	0x80000005ull
#define SVM_VMGEXIT_HV_FEATURES		0x8000fffdull
#define SVM_VMGEXIT_TERM_REQUEST	0x8000fffeull
#define SVM_VMGEXIT_UNSUPPORTED_EVENT	0x8000ffffull

/* SW_EXITINFO1 of a response (56421 4.1.2): 0 done, 1 inject SW_EXITINFO2, 2 error. */
#define GHCB_RESP_OK			0
#define GHCB_RESP_EXCEPTION		1
#define GHCB_RESP_MALFORMED_INPUT	2

/* A scratch area outside the GHCB page: at most 16 pages (KVM's GHCB_SCRATCH_AREA_LIMIT). */
#define GHCB_SCRATCH_AREA_LIMIT		(16ull * 4096)

/* Error codes in SW_EXITINFO2 when SW_EXITINFO1 = 2. */
#define GHCB_ERR_NOT_REGISTERED		1
#define GHCB_ERR_INVALID_USAGE		2
#define GHCB_ERR_INVALID_SCRATCH_AREA	3
#define GHCB_ERR_MISSING_INPUT		4
#define GHCB_ERR_INVALID_INPUT		5
#define GHCB_ERR_INVALID_EVENT		6

/*
 * Termination reasons in words: "general termination request",
 * "GHCB protocol version not supported", Linux's set 1 codes, ...
 * @set/@code from GHCBData[15:12]/[23:16] or SW_EXITINFO1[3:0]/[11:4].
 */
const char *ghcb_term_reason(unsigned int set, unsigned int code);
void ghcb_msr_term_decode(uint64_t msr, unsigned int *set, unsigned int *code);

#endif

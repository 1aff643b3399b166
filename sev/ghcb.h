/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor side of the GHCB protocol (GHCB spec 56421): the MSR
 * protocol (2.3.1) and the full GHCB page with its events (4.1), validated
 * the way KVM validates them (arch/x86/kvm/svm/sev.c): a request with a
 * missing valid bit or a bad scratch area gets the GHCB error response
 * (SW_EXITINFO1 = 2, SW_EXITINFO2 = error code), never a crash. Used by the
 * software model; the guest is untrusted.
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

struct ghcb_cpuid_result { uint32_t eax, ebx, ecx, edx; };

/* What the hypervisor side does for the guest; callbacks return 0 or -errno. */
struct ghcb_ops {
	int (*io)(void *opaque, uint16_t port, void *data, unsigned int size, bool write);
	int (*mmio)(void *opaque, uint64_t gpa, void *data, unsigned int len, bool write);
	int (*rdmsr)(void *opaque, uint32_t msr, uint64_t *val);
	int (*wrmsr)(void *opaque, uint32_t msr, uint64_t val);
	int (*cpuid)(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0,
		     struct ghcb_cpuid_result *out);
	/* KVM hypercall of the guest (RAX = nr, RBX.. args); writes the result. */
	int (*vmmcall)(void *opaque, uint64_t regs_in[4], uint64_t *ret);
	void (*hlt)(void *opaque);
	/* Host memory for guest-physical [gpa, gpa+len) (scratch buffers), or NULL. */
	void *(*gpa_to_hva)(void *opaque, uint64_t gpa, uint64_t len);
};

/* Per-vCPU hypervisor state of the protocol. */
struct ghcb_vcpu {
	uint64_t ap_jump_table;		/* per VM in KVM; the caller shares it */
	uint16_t version_max;		/* 1 for the legacy ES init, 2 for INIT2 */
	uint8_t cbit;			/* C-bit position reported by SEV_INFO */
	bool ap_reset_hold;		/* the vCPU waits for a SIPI */
	/*
	 * XCR0 from the last GHCB that marked it valid (KVM keeps it in
	 * vcpu->arch.xcr0 for later CPUIDs, including MSR-protocol ones);
	 * 0 until then, which stands for the reset value 1.
	 */
	uint64_t xcr0;
};

/* What one VMGEXIT asked for, for the caller's loop and the launch log. */
enum ghcb_outcome {
	GHCB_DONE,		/* answered; the guest continues */
	GHCB_TERMINATE,		/* the guest asked to be terminated */
	GHCB_AP_RESET_HOLD,	/* park the vCPU until the next SIPI */
	GHCB_HLT,		/* the guest halts */
};

struct ghcb_result {
	enum ghcb_outcome outcome;
	uint64_t exit_code;	/* SW_EXITCODE, or the MSR protocol request */
	unsigned int term_set, term_code;
	char what[160];		/* one line: "IOIO out 0x3f8 size 1", "bad GHCB: ..." */
};

/*
 * The MSR protocol: @msr is the value the guest wrote to the GHCB MSR; the
 * reply goes to *@reply (what the guest reads back). A GPA (low 12 bits
 * zero) is not an MSR-protocol request: returns false, and the caller runs
 * ghcb_handle_page() at the VMGEXIT.
 */
bool ghcb_msr_protocol(struct ghcb_vcpu *v, const struct ghcb_ops *ops, void *opaque,
		       uint64_t msr, uint64_t *reply, struct ghcb_result *res);

/* The full GHCB page at @gpa (a shared page the caller has mapped). */
void ghcb_handle_page(struct ghcb_vcpu *v, const struct ghcb_ops *ops, void *opaque,
		      uint8_t page[GHCB_PAGE_SIZE], uint64_t gpa, struct ghcb_result *res);

/*
 * Termination reasons in words: "general termination request",
 * "GHCB protocol version not supported", Linux's set 1 codes, ...
 * @set/@code from GHCBData[15:12]/[23:16] or SW_EXITINFO1[3:0]/[11:4].
 */
const char *ghcb_term_reason(unsigned int set, unsigned int code);
void ghcb_msr_term_decode(uint64_t msr, unsigned int *set, unsigned int *code);

/*
 * AP reset hold, released by a SIPI (KVM's sev_vcpu_deliver_sipi_vector):
 * the MSR-protocol reply becomes 0x007 with GHCBData[63:12] = 1 (the guest
 * read 0x007 before); for the AP_HLT_LOOP event, SW_EXITINFO2 becomes 1
 * in the GHCB page the vCPU parked on.
 */
uint64_t ghcb_msr_ap_reset_hold_reply(void);
void ghcb_page_ap_reset_hold_wake(uint8_t page[GHCB_PAGE_SIZE]);

#endif

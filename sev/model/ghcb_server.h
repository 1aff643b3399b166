/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor side of the GHCB protocol (GHCB spec 56421), for the
 * software model only (on an SEV host, KVM is the hypervisor side): the MSR
 * protocol (2.3.1) and the full GHCB page with its events (4.1), validated
 * the way KVM validates them (arch/x86/kvm/svm/sev.c): a request with a
 * missing valid bit or a bad scratch area gets the GHCB error response
 * (SW_EXITINFO1 = 2, SW_EXITINFO2 = error code), never a crash. The guest
 * is untrusted.
 */
#ifndef SEVVM_SEV_MODEL_GHCB_SERVER_H
#define SEVVM_SEV_MODEL_GHCB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sev/ghcb.h"

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

/* The SEV information response (56421 2.3.1), which is also what the GHCB
 * MSR holds when an SEV-ES vCPU first runs: KVM sets it at vCPU reset. */
uint64_t ghcb_sev_info_msr(const struct ghcb_vcpu *v);

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
 * AP reset hold, released by a SIPI (KVM's sev_vcpu_deliver_sipi_vector):
 * the MSR-protocol reply becomes 0x007 with GHCBData[63:12] = 1 (the guest
 * read 0x007 before); for the AP_HLT_LOOP event, SW_EXITINFO2 becomes 1
 * in the GHCB page the vCPU parked on.
 */
uint64_t ghcb_msr_ap_reset_hold_reply(void);
void ghcb_page_ap_reset_hold_wake(uint8_t page[GHCB_PAGE_SIZE]);

#endif

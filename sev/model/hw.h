/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software model's SEV hardware for a running guest (sev/guest_hw.h):
 * the state the model keeps per VM and per vCPU, shared by its traps
 * (hw.c), its GHCB hypervisor answers (ghcb_ops.c) and its SEV-ES AP
 * emulation (ap.c).
 *
 * Locking: none of its own. Each vCPU's state is touched only by that
 * vCPU's thread; the one VM-wide field, the AP jump table, is read and
 * written atomically. So the model holds no lock while a GHCB request does
 * its I/O (fw_cfg takes its own lock, then the page-state lock, a leaf).
 */
#ifndef SEVVM_SEV_MODEL_HW_H
#define SEVVM_SEV_MODEL_HW_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/guest_hw.h"
#include "sev/model/ghcb_server.h"

struct sev_model;

/* The last requests of one vCPU and their answers, for the debugger (monitor ghcb). */
#define SEV_MODEL_GHCB_HISTORY	8

struct sev_model_ghcb_entry {
	uint64_t request;		/* the GHCB MSR value at the VMGEXIT */
	uint64_t reply;			/* MSR protocol: the reply; GHCB page: sw_exit_info_1 */
	char what[160];		/* struct ghcb_result.what */
};

struct sev_model_ghcb_history {
	struct sev_model_ghcb_entry e[SEV_MODEL_GHCB_HISTORY];
	unsigned int next;		/* the slot the next request takes */
	unsigned int count;		/* at most SEV_MODEL_GHCB_HISTORY */
};

struct sev_model_vcpu {
	struct sev_model *m;
	unsigned int id;
	int fd;				/* -1 until the vCPU exists */
	struct kvm_run *run;
	const struct kvm_cpuid2 *cpuid;	/* as set, for the GHCB CPUID event */
	uint64_t ghcb_msr;		/* what the guest reads back */
	struct ghcb_vcpu ghcb;
	/* A VMGEXIT being carried through KVM as a MAP_GPA_RANGE hypercall. */
	bool trap_armed;
	uint64_t saved[4];		/* RAX, RBX, RCX, RDX of the guest */
	uint64_t request;		/* the GHCB MSR value of the request */
	/* In an AP reset hold: through the MSR protocol, or on this GHCB page. */
	bool hold;
	uint64_t hold_page;		/* GPA; 0 for the MSR protocol */
	/* Parked until a SIPI, then resumed in this state (ap.c). */
	bool parked;
	struct kvm_regs park_regs;
	struct kvm_sregs park_sregs;
	uint32_t icr_high;		/* APIC ICR[63:32] written through the GHCB */
	/* Written by the vCPU's thread; the debugger reads it while the vCPU is stopped. */
	struct sev_model_ghcb_history history;
};

struct sev_model {
	struct sev_guest_hw hw;		/* first: what sev/guest.c holds */
	struct sev_guest_host host;
	bool es;
	unsigned int cbit;
	uint64_t cbit_mask;
	uint64_t ap_jump_table;		/* per VM, as in KVM; atomic */
	bool all_vmmcalls;		/* every VMMCALL exits to the model (vmmcall.c) */
	struct sev_model_vcpu *vcpu;	/* host.ncpus of them */
};

/* The model for one guest (sev/model/backend_sim.c hands it out). */
int sev_model_create(struct sev_guest_hw **out, const struct sev_guest_host *host, bool es,
		     unsigned int cbit, uint16_t ghcb_version, struct err *e);

static inline struct sev_model *sev_model_of(struct sev_guest_hw *hw)
{
	return (struct sev_model *)hw;
}

/* The GHCB's hypervisor answers for a vCPU (opaque: its struct sev_model_vcpu). */
extern const struct ghcb_ops sev_model_ghcb_ops;

/*
 * A KVM hypercall made through the GHCB (VMMCALL event, 56421 4.1.5):
 * KVM_HC_MAP_GPA_RANGE, which KVM hands to the VMM; others answer
 * -KVM_ENOSYS, as KVM's own do for such a guest here.
 */
int sev_model_kvm_hypercall(struct sev_page_state *ps, const uint64_t in[4], uint64_t *ret);

/* Serves the request @val (the GHCB MSR's value) of a VMGEXIT (hw.c). */
enum sev_exit sev_model_serve(struct sev_model_vcpu *v, uint64_t val, char *msg, size_t len);
/* Whether a VMGEXIT (rep vmmcall) is at linear address CS base + @rip (hw.c). */
bool sev_model_vmgexit_at(struct sev_model_vcpu *v, const struct kvm_sregs *sregs, uint64_t rip);

/*
 * Every VMMCALL to the model (vmmcall.c): set up where KVM can (true), with
 * an MSR filter range for the MSR it takes; that MSR; a KVM_EXIT_XEN.
 */
bool sev_model_vmmcall_setup(struct sev_model *m, struct kvm_msr_filter *f, unsigned int *n);
bool sev_model_vmmcall_msr(uint32_t index);
enum sev_exit sev_model_vmmcall_exit(struct sev_model_vcpu *v, struct kvm_run *run, char *msg,
				     size_t len);

/* SEV-ES APs (ap.c). */
/* A fixed, NMI, INIT or SIPI IPI (ICR bits 10:0) to APIC @dest; false if refused. */
bool sev_model_send_ipi(struct sev_model_vcpu *v, uint32_t icr, uint32_t dest);
int sev_model_park(struct sev_model_vcpu *v, const struct kvm_regs *regs,
		   const struct kvm_sregs *sregs, struct err *e);
/* A parked vCPU, instead of KVM_RUN: 1 once a SIPI resumed it. */
int sev_model_parked_poll(struct sev_model_vcpu *v, struct err *e);
/* Parks the vCPU once KVM has completed its AP reset hold request. */
int sev_model_ap_hold(struct sev_model_vcpu *v, struct err *e);
/* The SIPI that ends an AP reset hold: the answer KVM gives. */
void sev_model_ap_release(struct sev_model_vcpu *v);
/*
 * Local APIC accesses through the GHCB (MMIO events) or through a mapping
 * with the C-bit set (hw.c): true when it was one.
 */
bool sev_model_apic_access(struct sev_model_vcpu *v, uint64_t gpa, void *data, unsigned int len,
			   bool write);

#endif

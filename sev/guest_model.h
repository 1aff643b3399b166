/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV as the guest sees it, at run time. For both backends: CPUID
 * 0x8000001F, KVM_HC_MAP_GPA_RANGE page-state changes (a shared/private
 * bitmap per RAM block), the MIGRATION_CONTROL MSR, and the decoding of
 * termination requests. For the software model also what hardware would
 * provide (design decision 5): the SEV_STATUS and GHCB MSRs through MSR
 * filters, the GHCB protocol, and the C-bit as a second memslot alias of RAM.
 */
#ifndef SEVVM_SEV_GUEST_MODEL_H
#define SEVVM_SEV_GUEST_MODEL_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/ghcb.h"
#include "sev/launch_log.h"
#include "vmm/util/err.h"
#include "vmm/util/ram.h"

#define SEV_GUEST_MAX_CPUS	64

struct sev_guest_vcpu {
	uint64_t ghcb_msr;		/* what the guest reads back (model) */
	struct ghcb_vcpu ghcb;
	/* A VMGEXIT being carried through KVM as a MAP_GPA_RANGE hypercall. */
	bool trap_armed;
	uint64_t saved[4];		/* RAX, RBX, RCX, RDX of the guest */
	uint64_t request;		/* the GHCB MSR value of the request */
	/* In an AP reset hold: through the MSR protocol, or on this GHCB page. */
	bool hold;
	uint64_t hold_page;		/* GPA; 0 for the MSR protocol */
};

struct sev_page_bitmap {
	const struct ram_block *block;
	uint64_t *shared;		/* one bit per 4 KiB page; 1 = shared */
	uint64_t pages, nr_shared;
};

struct sev_guest {
	bool es, model;
	unsigned int cbit;
	uint64_t cbit_mask;
	uint16_t ghcb_version;
	struct ram *ram;
	struct sev_log *log;
	const struct ghcb_ops *ops;	/* the VMM's I/O for full-GHCB events */
	void *ops_opaque[SEV_GUEST_MAX_CPUS];
	struct sev_guest_vcpu vcpu[SEV_GUEST_MAX_CPUS];
	struct sev_page_bitmap bm[RAM_MAX_BLOCKS];
	uint64_t ap_jump_table, page_changes;
	pthread_mutex_t lock;
};

int sev_guest_init(struct sev_guest *g, bool es, bool model, unsigned int cbit,
		   uint16_t ghcb_version, struct ram *ram, struct sev_log *log, struct err *e);
void sev_guest_destroy(struct sev_guest *g);

/* CPUID 0x8000001F (and the max extended leaf, KVM_FEATURE_MIGRATION_CONTROL). */
int sev_guest_cpuid(const struct sev_guest *g, struct kvm_cpuid2 **c, unsigned int reduced_bits,
		    struct err *e);
/* MSR filters, the hypercall exit, and (model) the C-bit alias memslots. */
int sev_guest_setup_vm(struct sev_guest *g, int vm_fd, struct err *e);

/*
 * SEV_EXIT_AP_HOLD: the vCPU asked for an AP reset hold (GHCB spec 56421
 * 4.1.7 and the MSR protocol's 0x006): it must wait for a SIPI, then
 * sev_guest_ap_release() answers the request.
 */
enum sev_exit { SEV_EXIT_NOT_MINE, SEV_EXIT_HANDLED, SEV_EXIT_TERMINATE, SEV_EXIT_AP_HOLD };

/* Handles MSR, hypercall and SEV_TERM exits; @msg says why on TERMINATE. */
enum sev_exit sev_guest_handle_exit(struct sev_guest *g, unsigned int cpu, int vcpu_fd,
				    struct kvm_run *run, char *msg, size_t msg_len);

/*
 * Whether every page of guest-physical [gpa, gpa+len) is RAM the guest made
 * shared with KVM_HC_MAP_GPA_RANGE (an address with the C-bit is private).
 */
bool sev_guest_range_shared(struct sev_guest *g, uint64_t gpa, uint64_t len);

/*
 * A KVM hypercall made through the GHCB (VMMCALL event, 56421 4.1.5), from
 * the GHCB handler with g->lock held: KVM_HC_MAP_GPA_RANGE, as KVM would
 * pass it to sevvm; others answer -KVM_ENOSYS.
 */
int sev_guest_ghcb_hypercall(struct sev_guest *g, const uint64_t in[4], uint64_t *ret);

/* The SIPI that ends vCPU @cpu's AP reset hold: the answer KVM gives. */
void sev_guest_ap_release(struct sev_guest *g, unsigned int cpu);

/* Writes the shared ranges to the launch log. */
void sev_guest_log_pages(struct sev_guest *g);

#endif

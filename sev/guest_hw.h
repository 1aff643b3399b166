/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What SEV hardware does for a running guest that KVM does not do for a
 * plain VM, behind one interface. On an SEV host the processor and KVM do
 * all of it and the kvm backend provides nothing here; the software model
 * (sev/model/) provides it for a guest on a default KVM VM (design
 * decision 5): the SEV_STATUS and GHCB MSRs, the GHCB protocol with its
 * VMGEXITs, the C-bit alias of RAM, and SEV-ES APs that start and wait as
 * KVM starts them. sev/guest.c, the run time of both backends, is the only
 * caller; the backend creates the implementation (sev_backend_ops.guest_hw).
 */
#ifndef SEVVM_SEV_GUEST_HW_H
#define SEVVM_SEV_GUEST_HW_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sev/launch_log.h"
#include "sev/page_state.h"
#include "vmm/util/err.h"
#include "vmm/util/strbuf.h"
#include "vmm/util/ram.h"
#include "vmm/util/trace.h"

/*
 * What an exit handler did. SEV_EXIT_AP_HOLD never leaves sev/: the model
 * parks the AP itself.
 */
enum sev_exit {
	SEV_EXIT_NOT_MINE,	/* the VMM handles it */
	SEV_EXIT_HANDLED,	/* the vCPU runs on */
	SEV_EXIT_TERMINATE,	/* the guest asked to end; msg says why */
	SEV_EXIT_ERROR,		/* a host-side failure; msg says what */
};

/* What the VMM hands SEV's run time: the VM, its memory and its I/O buses. */
struct sev_guest_host {
	int vm_fd;			/* -1 in unit tests */
	unsigned int ncpus;
	struct ram *ram;
	struct sev_page_state *pages;
	struct sev_log *log;
	struct trace *trace;		/* --trace ghcb; NULL when off */
	/* Port I/O and MMIO as a vCPU exit would do them (full-GHCB events). */
	void (*pio)(void *opaque, uint16_t port, void *data, unsigned int size, bool write);
	void (*mmio)(void *opaque, uint64_t gpa, void *data, unsigned int len, bool write);
	void *opaque;
};

struct sev_guest_hw;

struct sev_guest_hw_ops {
	/* Its MSR filter ranges (into @f, from ranges[*n] on) and its view of RAM. */
	int (*setup_vm)(struct sev_guest_hw *hw, struct kvm_msr_filter *f, unsigned int *n,
			struct err *e);
	/* A vCPU that exists: its fd, its kvm_run and the CPUID table it was given. */
	int (*add_vcpu)(struct sev_guest_hw *hw, unsigned int cpu, int fd, struct kvm_run *run,
			const struct kvm_cpuid2 *cpuid, struct err *e);
	/* Every exit of an SEV guest's vCPU goes here first. */
	enum sev_exit (*handle_exit)(struct sev_guest_hw *hw, unsigned int cpu,
				     struct kvm_run *run, char *msg, size_t len);
	/*
	 * Before each KVM_RUN: 1 to run, 0 when the vCPU may not run yet (a
	 * parked AP; the call has waited a little), -errno on failure.
	 */
	int (*before_run)(struct sev_guest_hw *hw, unsigned int cpu, struct err *e);
	/* After LAUNCH_FINISH: SEV-ES APs wait for their first SIPI. */
	int (*launched)(struct sev_guest_hw *hw, struct err *e);
	void (*destroy)(struct sev_guest_hw *hw);
	/*
	 * The debugger's view of stopped vCPU @cpu's GHCB (its MSR, page and
	 * last requests), appended to @out; NULL where the backend keeps none.
	 */
	int (*describe_ghcb)(struct sev_guest_hw *hw, unsigned int cpu, struct strbuf *out,
			     struct err *e);
};

struct sev_guest_hw {
	const struct sev_guest_hw_ops *ops;
};

#endif

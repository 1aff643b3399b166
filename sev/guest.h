/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEV as the guest sees it at run time, on both backends: CPUID
 * 0x8000001F (and KVM_FEATURE_MIGRATION_CONTROL), KVM_HC_MAP_GPA_RANGE
 * page-state changes (sev/page_state.h), the MIGRATION_CONTROL MSR, and the
 * decoding of termination requests. What SEV hardware would add for a
 * guest on a default VM comes from the backend (sev/guest_hw.h): nothing on
 * an SEV host, the software model's traps under `--sev-backend sim`.
 */
#ifndef SEVVM_SEV_GUEST_H
#define SEVVM_SEV_GUEST_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/backend.h"
#include "sev/guest_hw.h"
#include "sev/page_state.h"

struct sev_guest {
	bool es;
	unsigned int cbit;
	struct sev_guest_host host;
	struct sev_page_state pages;
	struct sev_guest_hw *hw;	/* the model's; NULL on an SEV host */
};

/*
 * @host: the VM (its pages and log fields are filled in here). @ghcb_version:
 * the highest GHCB protocol version for SEV-ES (1 for the legacy init, 2
 * for INIT2).
 */
int sev_guest_init(struct sev_guest *g, struct sev_backend *be, bool es, uint16_t ghcb_version,
		   const struct sev_guest_host *host, struct sev_log *log, struct err *e);
void sev_guest_destroy(struct sev_guest *g);

/* CPUID 0x8000001F (and the max extended leaf, KVM_FEATURE_MIGRATION_CONTROL). */
int sev_guest_cpuid(const struct sev_guest *g, struct kvm_cpuid2 **c, unsigned int reduced_bits,
		    struct err *e);
/* The hypercall exit and the MSR filters; the model's view of RAM. */
int sev_guest_setup_vm(struct sev_guest *g, struct err *e);
/* After KVM_CREATE_VCPU and KVM_SET_CPUID2 (@cpuid must live as long as the vCPU). */
int sev_guest_add_vcpu(struct sev_guest *g, unsigned int cpu, int fd, struct kvm_run *run,
		       const struct kvm_cpuid2 *cpuid, struct err *e);

/* Handles MSR, hypercall and SEV_TERM exits; @msg says why on TERMINATE or ERROR. */
enum sev_exit sev_guest_handle_exit(struct sev_guest *g, unsigned int cpu, struct kvm_run *run,
				    char *msg, size_t msg_len);
/* Before each KVM_RUN of vCPU @cpu: 1 run, 0 not yet (ask again), -errno. */
int sev_guest_before_run(struct sev_guest *g, unsigned int cpu, struct err *e);
/* After LAUNCH_FINISH, before the vCPUs run. */
int sev_guest_launched(struct sev_guest *g, struct err *e);

/*
 * Whether every page of guest-physical [gpa, gpa+len) is RAM the guest made
 * shared with KVM_HC_MAP_GPA_RANGE (an address with the C-bit is private).
 */
static inline bool sev_guest_range_shared(struct sev_guest *g, uint64_t gpa, uint64_t len)
{
	return sev_page_state_shared(&g->pages, gpa, len);
}

/* fw_cfg DMA into [gpa, gpa+len): sev_page_state_dma_check(). */
static inline int sev_guest_dma_check(struct sev_guest *g, uint64_t gpa, uint64_t len)
{
	return sev_page_state_dma_check(&g->pages, gpa, len);
}

/* Writes the shared ranges to the launch log. */
void sev_guest_log_pages(struct sev_guest *g);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which guest pages are shared with the host, for both backends: the guest
 * changes them with KVM_HC_MAP_GPA_RANGE (KVM hands the hypercall to the
 * VMM; Documentation/virt/kvm/x86/hypercalls.rst), and sevvm reads or
 * writes guest memory on the guest's behalf (fw_cfg DMA) only where the
 * guest made it shared. One bit per 4 KiB page of each RAM block.
 *
 * Locking: ps->lock is a leaf. Callers may hold their own lock (fw_cfg's,
 * during a DMA check) when they ask; nothing is called with ps->lock held.
 */
#ifndef SEVVM_SEV_PAGE_STATE_H
#define SEVVM_SEV_PAGE_STATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/launch_log.h"
#include "vmm/util/err.h"
#include "vmm/util/ram.h"

struct sev_page_bitmap {
	const struct ram_block *block;
	uint64_t *shared;		/* one bit per 4 KiB page; 1 = shared */
	uint64_t pages, nr_shared;
};

struct sev_page_state {
	struct ram *ram;
	uint64_t cbit_mask;		/* an address with the C-bit is private */
	struct sev_page_bitmap bm[RAM_MAX_BLOCKS];
	uint64_t changes;		/* MAP_GPA_RANGE calls that were accepted */
	bool complete;			/* KVM_MIGRATION_READY written: the list is whole */
	pthread_mutex_t lock;
};

/* Every page starts private; one bitmap for each RAM block that exists now. */
int sev_page_state_init(struct sev_page_state *ps, struct ram *ram, unsigned int cbit,
			struct err *e);
void sev_page_state_destroy(struct sev_page_state *ps);

/*
 * KVM_HC_MAP_GPA_RANGE: @gpa (the C-bit is ignored), @npages 4 KiB pages,
 * @attrs (KVM_MAP_GPA_RANGE_ENCRYPTED: private). Returns the hypercall's
 * result for the guest: 0, or -KVM_EINVAL for an unaligned or empty range
 * or one that is not all guest RAM (then nothing changes). The work is
 * bounded by the size of guest RAM, whatever the guest asks.
 */
uint64_t sev_page_state_map_gpa_range(struct sev_page_state *ps, uint64_t gpa, uint64_t npages,
				      uint64_t attrs);

/* Whether every page of guest-physical [gpa, gpa+len) is RAM the guest made shared. */
bool sev_page_state_shared(struct sev_page_state *ps, uint64_t gpa, uint64_t len);

/*
 * MSR_KVM_MIGRATION_CONTROL bit 0, KVM_MIGRATION_READY: the guest declares
 * that what it announced with KVM_HC_MAP_GPA_RANGE is the whole of its
 * shared memory (Documentation/virt/kvm/x86/msr.rst).
 */
void sev_page_state_set_complete(struct sev_page_state *ps, bool complete);
bool sev_page_state_complete(struct sev_page_state *ps);

/*
 * Whether the host may DMA into guest-physical [gpa, gpa+len): 0 when all
 * of it is RAM announced shared; 1 when it is not, but the guest has not
 * set KVM_MIGRATION_READY, so the host cannot know its page state and lets
 * it through (what KVM and QEMU do for any SEV guest); -EACCES when the
 * guest declared its list complete and the range is not on it.
 */
int sev_page_state_dma_check(struct sev_page_state *ps, uint64_t gpa, uint64_t len);

/* One launch-log event per RAM block: its pages, how many are shared. */
void sev_page_state_log(struct sev_page_state *ps, struct sev_log *log);

/*
 * For the debugger (monitor pages): each mapping of guest RAM with its
 * pages and how many are shared, then the shared runs by guest-physical
 * address, as many as fit in @len. Returns the length written.
 */
size_t sev_page_state_describe(struct sev_page_state *ps, char *buf, size_t len);

#endif

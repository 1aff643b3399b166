/* SPDX-License-Identifier: GPL-2.0 */
/* The /dev/kvm system handle and its capability probe. */
#ifndef SEVVM_KVM_H
#define SEVVM_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include "vmm/util/err.h"

struct kvm_sys {
	int fd;			/* /dev/kvm */
	int api_version;
	size_t vcpu_mmap_size;	/* KVM_GET_VCPU_MMAP_SIZE */
	int max_vcpus;		/* KVM_CAP_MAX_VCPUS (or NR_VCPUS) */
	int nr_memslots;	/* KVM_CAP_NR_MEMSLOTS */
	bool has_irqchip, has_pit2, has_tss_addr, has_immediate_exit;
	bool has_user_memory, has_ioeventfd, has_irqfd, has_msi;
};

/* Opens @path (normally /dev/kvm) and probes what the VMM relies on. */
int kvm_sys_open(struct kvm_sys *k, const char *path, struct err *e);
void kvm_sys_close(struct kvm_sys *k);
/* KVM_CHECK_EXTENSION on @fd (system or VM fd); 0 when absent. */
int kvm_check_cap(int fd, long cap);

#endif

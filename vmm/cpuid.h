/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's CPUID: KVM_GET_SUPPORTED_CPUID plus per-vCPU fix-ups. */
#ifndef SEVVM_CPUID_H
#define SEVVM_CPUID_H

#include <linux/kvm.h>
#include <stdint.h>
#include "vmm/util/err.h"

/* Asks KVM (system fd) for the supported leaves; free() the result. */
int cpuid_get_supported(int kvm_fd, struct kvm_cpuid2 **out, struct err *e);

/*
 * Applies sevvm's fix-ups for vCPU @id of @ncpus in place: APIC IDs, topology
 * (one package, @ncpus cores, one thread each), the hypervisor bit.
 */
void cpuid_fixup(struct kvm_cpuid2 *c, unsigned int id, unsigned int ncpus);

/* CPUID(1).EAX in @c (the CPU signature, RDX at RESET); 0 without leaf 1. */
uint32_t cpuid_signature(const struct kvm_cpuid2 *c);

/* A copy of @c (malloc). */
struct kvm_cpuid2 *cpuid_dup(const struct kvm_cpuid2 *c);

#endif

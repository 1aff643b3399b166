// SPDX-License-Identifier: GPL-2.0
#include "vmm/cpuid.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#define CPUID_MAX_ENTRIES	4096

#define LEAF1_ECX_HYPERVISOR	(1u << 31)
#define LEAF1_EDX_HTT		(1u << 28)
#define TOPO_LEVEL_SMT		1
#define TOPO_LEVEL_CORE		2

static size_t cpuid_bytes(unsigned int nent)
{
	return sizeof(struct kvm_cpuid2) + nent * sizeof(struct kvm_cpuid_entry2);
}

int cpuid_get_supported(int kvm_fd, struct kvm_cpuid2 **out, struct err *e)
{
	unsigned int nent;

	/*
	 * 128 to start: KVM reports some 60-80 leaves on current hosts, and
	 * every E2BIG costs another full ioctl (0.3 ms each measured on a
	 * nested KVM).
	 */
	for (nent = 128; nent <= CPUID_MAX_ENTRIES; nent *= 2) {
		struct kvm_cpuid2 *c = calloc(1, cpuid_bytes(nent));

		if (!c)
			return err_set(e, ENOMEM, "CPUID table");
		c->nent = nent;
		if (!ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c)) {
			*out = c;
			return 0;
		}
		free(c);
		if (errno != E2BIG)
			return err_sys(e, errno, "KVM_GET_SUPPORTED_CPUID");
	}
	return err_set(e, E2BIG, "KVM_GET_SUPPORTED_CPUID: more than %d entries", CPUID_MAX_ENTRIES);
}

uint32_t cpuid_signature(const struct kvm_cpuid2 *c)
{
	unsigned int i;

	for (i = 0; c && i < c->nent; i++)
		if (c->entries[i].function == 1)
			return c->entries[i].eax;
	return 0;
}

struct kvm_cpuid2 *cpuid_dup(const struct kvm_cpuid2 *c)
{
	struct kvm_cpuid2 *d = malloc(cpuid_bytes(c->nent));

	if (d)
		memcpy(d, c, cpuid_bytes(c->nent));
	return d;
}

static unsigned int bits_for(unsigned int n)
{
	unsigned int b = 0;

	while ((1u << b) < n)
		b++;
	return b;
}

void cpuid_fixup(struct kvm_cpuid2 *c, unsigned int id, unsigned int ncpus)
{
	unsigned int core_bits = bits_for(ncpus), i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *x = &c->entries[i];

		switch (x->function) {
		case 1:
			/* EBX[31:24] initial APIC ID, [23:16] logical processors. */
			x->ebx = (x->ebx & 0xffff) | (id << 24) | ((ncpus & 0xff) << 16);
			x->ecx |= LEAF1_ECX_HYPERVISOR;
			if (ncpus > 1)
				x->edx |= LEAF1_EDX_HTT;
			break;
		case 4:
			/* EAX[31:26]: cores per package - 1 (Intel SDM, leaf 04H). */
			x->eax = (x->eax & 0x03ffffff) | ((ncpus - 1) << 26);
			x->eax &= ~(0xfffu << 14);	/* one thread shares each cache */
			break;
		case 0xb:
		case 0x1f:
			/* Extended topology: SMT level of 1, core level of ncpus. */
			x->edx = id;
			if (x->index == 0) {
				x->eax = 0;
				x->ebx = 1;
				x->ecx = TOPO_LEVEL_SMT << 8;
			} else if (x->index == 1) {
				x->eax = core_bits;
				x->ebx = ncpus;
				x->ecx = TOPO_LEVEL_CORE << 8 | 1;
			} else {
				x->eax = 0;
				x->ebx = 0;
				x->ecx = x->index & 0xff;
			}
			break;
		case 0x80000008:
			/* AMD: ECX[7:0] cores - 1, [15:12] APIC ID bits for the core. */
			x->ecx = (x->ecx & ~0xf0ffu) | (core_bits << 12) | ((ncpus - 1) & 0xff);
			break;
		case 0x8000001e:
			/* AMD extended APIC ID, compute unit (one thread each), node. */
			x->eax = id;
			x->ebx = id & 0xff;
			x->ecx = 0;
			break;
		default:
			break;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
#include "sev/guest.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/kvm_para.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/compat.h"
#include "sev/ghcb.h"
#include "vmm/util/kvm.h"

#ifndef KVM_HC_MAP_GPA_RANGE
#define KVM_HC_MAP_GPA_RANGE		12
#endif

int sev_guest_init(struct sev_guest *g, struct sev_backend *be, bool es, uint16_t ghcb_version,
		   const struct sev_guest_host *host, struct sev_log *log, struct err *e)
{
	int r;

	memset(g, 0, sizeof(*g));
	g->es = es;
	g->cbit = be->cbit;
	g->host = *host;
	g->host.pages = &g->pages;
	g->host.log = log;
	r = sev_page_state_init(&g->pages, host->ram, be->cbit, e);
	if (!r && be->ops->guest_hw)
		r = be->ops->guest_hw(be, &g->host, es, ghcb_version, &g->hw, e);
	return r;
}

void sev_guest_destroy(struct sev_guest *g)
{
	if (g->hw)
		g->hw->ops->destroy(g->hw);
	sev_page_state_destroy(&g->pages);
	memset(g, 0, sizeof(*g));
}

static struct kvm_cpuid_entry2 *cpuid_entry(struct kvm_cpuid2 **c, uint32_t fn, struct err *e)
{
	struct kvm_cpuid2 *n;
	unsigned int i;

	for (i = 0; i < (*c)->nent; i++)
		if ((*c)->entries[i].function == fn)
			return &(*c)->entries[i];
	n = realloc(*c, sizeof(*n) + ((*c)->nent + 1) * sizeof(n->entries[0]));
	if (!n) {
		err_set(e, ENOMEM, "CPUID");
		return NULL;
	}
	*c = n;
	n->entries[n->nent] = (struct kvm_cpuid_entry2){ .function = fn };
	return &n->entries[n->nent++];
}

int sev_guest_cpuid(const struct sev_guest *g, struct kvm_cpuid2 **c, unsigned int reduced_bits,
		    struct err *e)
{
	struct kvm_cpuid_entry2 *x = cpuid_entry(c, 0x80000000, e);

	if (!x)
		return -ENOMEM;
	if (x->eax < 0x8000001f)
		x->eax = 0x8000001f;
	x = cpuid_entry(c, 0x8000001f, e);
	if (!x)
		return -ENOMEM;
	/* EAX bit 1 SEV, bit 3 SEV-ES; EBX[5:0] C-bit, [11:6] reduced bits (APM vol. 3, E.4.17). */
	x->eax = (1u << 1) | (g->es ? 1u << 3 : 0);
	x->ebx = (g->cbit & 0x3f) | ((reduced_bits & 0x3f) << 6);
	x->ecx = 0;
	x->edx = 0;
	x = cpuid_entry(c, 0x40000001, e);
	if (!x)
		return -ENOMEM;
	/* Page-state changes reach sevvm as KVM_HC_MAP_GPA_RANGE (KVM cpuid.rst). */
	x->eax |= 1u << KVM_FEATURE_MIGRATION_CONTROL;
	/*
	 * The model may answer the guest's hypercalls itself and cannot make
	 * KVM_HC_KICK_CPU's wake-up (sev/model/vmmcall.c): no PV spinlocks.
	 */
	if (g->hw && g->es)
		x->eax &= ~(1u << KVM_FEATURE_PV_UNHALT);
	return 0;
}

static int set_msr_filter(struct sev_guest *g, struct err *e)
{
	static uint8_t deny[1];
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR, .args = { KVM_MSR_EXIT_REASON_FILTER },
	};
	struct kvm_msr_filter f = { .flags = KVM_MSR_FILTER_DEFAULT_ALLOW };
	int vm_fd = g->host.vm_fd;
	unsigned int n = 0;
	int r;

	if (!kvm_check_cap(vm_fd, KVM_CAP_X86_USER_SPACE_MSR))
		return g->hw ? err_set(e, ENOTSUP, "the SEV model needs KVM_CAP_X86_USER_SPACE_MSR") : 0;
	if (ioctl(vm_fd, KVM_ENABLE_CAP, &cap) < 0)
		return err_sys(e, errno, "KVM_CAP_X86_USER_SPACE_MSR");
	f.ranges[n++] = (struct kvm_msr_filter_range){
		.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE, .nmsrs = 1,
		.base = SEVVM_MSR_KVM_MIGRATION_CONTROL, .bitmap = deny,
	};
	if (g->hw) {
		r = g->hw->ops->setup_vm(g->hw, &f, &n, e);
		if (r)
			return r;
	}
	if (ioctl(vm_fd, KVM_X86_SET_MSR_FILTER, &f) < 0)
		return err_sys(e, errno, "KVM_X86_SET_MSR_FILTER");
	return 0;
}

int sev_guest_setup_vm(struct sev_guest *g, struct err *e)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_HYPERCALL, .args = { 1ull << KVM_HC_MAP_GPA_RANGE },
	};
	int vm_fd = g->host.vm_fd;

	if (vm_fd < 0)
		return 0;
	if (kvm_check_cap(vm_fd, KVM_CAP_EXIT_HYPERCALL) & (1 << KVM_HC_MAP_GPA_RANGE)) {
		if (ioctl(vm_fd, KVM_ENABLE_CAP, &cap) < 0)
			return err_sys(e, errno, "KVM_CAP_EXIT_HYPERCALL");
	} else if (g->hw && g->es) {
		return err_set(e, ENOTSUP, "the SEV-ES model needs KVM_CAP_EXIT_HYPERCALL");
	}
	return set_msr_filter(g, e);
}

int sev_guest_add_vcpu(struct sev_guest *g, unsigned int cpu, int fd, struct kvm_run *run,
		       const struct kvm_cpuid2 *cpuid, struct err *e)
{
	return g->hw ? g->hw->ops->add_vcpu(g->hw, cpu, fd, run, cpuid, e) : 0;
}

/*
 * Only MIGRATION_CONTROL is filtered for both backends. Its one bit,
 * KVM_MIGRATION_READY (Documentation/virt/kvm/x86/msr.rst), is kept: once
 * set, fw_cfg DMA reaches only pages announced shared (sev/page_state.h).
 */
static enum sev_exit handle_msr(struct sev_guest *g, struct kvm_run *run)
{
	bool write = run->exit_reason == KVM_EXIT_X86_WRMSR;

	run->msr.error = 0;
	if (run->msr.index != SEVVM_MSR_KVM_MIGRATION_CONTROL)
		run->msr.error = 1;
	else if (write && run->msr.data & ~1ull)
		run->msr.error = 1;
	else if (write)
		sev_page_state_set_complete(&g->pages, run->msr.data & 1);
	else
		run->msr.data = sev_page_state_complete(&g->pages);
	return SEV_EXIT_HANDLED;
}

static enum sev_exit handle_hypercall(struct sev_guest *g, struct kvm_run *run)
{
	__u64 *a = run->hypercall.args;

	if (run->hypercall.nr != KVM_HC_MAP_GPA_RANGE)
		return SEV_EXIT_NOT_MINE;
	run->hypercall.ret = sev_page_state_map_gpa_range(&g->pages, a[0], a[1], a[2]);
	return SEV_EXIT_HANDLED;
}

/* KVM_SYSTEM_EVENT_SEV_TERM: data[0] is the GHCB MSR (MSR protocol) or the GHCB's GPA. */
static enum sev_exit handle_term(struct sev_guest *g, struct kvm_run *run, char *msg, size_t len)
{
	uint64_t val = run->system_event.ndata ? run->system_event.data[0] : 0;
	unsigned int set = 0, code = 0;
	const uint8_t *page;
	uint64_t info1;

	if ((val & GHCB_MSR_INFO_MASK) == GHCB_MSR_TERM_REQ) {
		ghcb_msr_term_decode(val, &set, &code);
	} else {
		/* The GHCB's GPA, page-aligned, without the C-bit. */
		uint64_t gpa = val & ~(uint64_t)(GHCB_PAGE_SIZE - 1) & ~(1ull << g->cbit);

		page = ram_gpa_to_hva(g->host.ram, gpa, GHCB_PAGE_SIZE);
		if (!page) {
			snprintf(msg, len, "SEV guest terminated (KVM_SYSTEM_EVENT_SEV_TERM, data %#"
				 PRIx64 ": not a termination request or a readable GHCB)", val);
			return SEV_EXIT_TERMINATE;
		}
		memcpy(&info1, page + GHCB_OFF_SW_EXIT_INFO_1, sizeof(info1));
		set = info1 & 0xf;	/* GHCB spec 56421 4.1.13: [3:0] set, [11:4] code */
		code = (info1 >> 4) & 0xff;
	}
	snprintf(msg, len, "guest requested termination: reason set %u code %u (%s)", set, code,
		 ghcb_term_reason(set, code));
	return SEV_EXIT_TERMINATE;
}

enum sev_exit sev_guest_handle_exit(struct sev_guest *g, unsigned int cpu, struct kvm_run *run,
				    char *msg, size_t msg_len)
{
	enum sev_exit r;

	if (g->hw) {
		r = g->hw->ops->handle_exit(g->hw, cpu, run, msg, msg_len);
		if (r != SEV_EXIT_NOT_MINE)
			return r;
	}
	switch (run->exit_reason) {
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		return handle_msr(g, run);
	case KVM_EXIT_HYPERCALL:
		return handle_hypercall(g, run);
	case KVM_EXIT_SYSTEM_EVENT:
		if (run->system_event.type == KVM_SYSTEM_EVENT_SEV_TERM)
			return handle_term(g, run, msg, msg_len);
		return SEV_EXIT_NOT_MINE;
	default:
		return SEV_EXIT_NOT_MINE;
	}
}

int sev_guest_before_run(struct sev_guest *g, unsigned int cpu, struct err *e)
{
	return g->hw ? g->hw->ops->before_run(g->hw, cpu, e) : 1;
}

int sev_guest_launched(struct sev_guest *g, struct err *e)
{
	return g->hw ? g->hw->ops->launched(g->hw, e) : 0;
}

void sev_guest_log_pages(struct sev_guest *g)
{
	sev_page_state_log(&g->pages, g->host.log);
}

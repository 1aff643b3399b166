// SPDX-License-Identifier: GPL-2.0
#include "sev/guest_model.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/kvm_para.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "sev/compat.h"
#include "vmm/util/kvm.h"

#ifndef KVM_HC_MAP_GPA_RANGE
#define KVM_HC_MAP_GPA_RANGE		12
#endif

#define KVM_EINVAL_RET			((uint64_t)-22)	/* -KVM_EINVAL */
#define PAGE_SHIFT			12

/*
 * The model carries a VMGEXIT (rep vmmcall) through KVM as a
 * KVM_HC_MAP_GPA_RANGE hypercall with these arguments, so it exits to
 * sevvm; RAX..RDX are restored before the guest runs on, because SEV-ES
 * hardware leaves them untouched across VMGEXIT (design.md fact 6).
 */
#define VMGEXIT_MARK_GPA	0x0ull
#define VMGEXIT_MARK_ATTRS	0x5345564748434221ull	/* "SEVGHCB!" */

int sev_guest_init(struct sev_guest *g, bool es, bool model, unsigned int cbit,
		   uint16_t ghcb_version, struct ram *ram, struct sev_log *log, struct err *e)
{
	pthread_mutexattr_t attr;
	unsigned int i, n = 0;

	memset(g, 0, sizeof(*g));
	g->es = es;
	g->model = model;
	g->cbit = cbit;
	g->cbit_mask = 1ull << cbit;
	g->ghcb_version = ghcb_version;
	g->ram = ram;
	g->log = log;
	/*
	 * Recursive: a GHCB request is handled with the lock held, and its I/O
	 * (fw_cfg DMA) asks sev_guest_range_shared() on the same thread.
	 */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&g->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	for (i = 0; i < SEV_GUEST_MAX_CPUS; i++)
		g->vcpu[i].ghcb = (struct ghcb_vcpu){ .version_max = ghcb_version,
						      .cbit = (uint8_t)cbit };
	for (i = 0; i < RAM_MAX_BLOCKS; i++) {
		const struct ram_block *b = &ram->blocks[i];
		struct sev_page_bitmap *bm = &g->bm[n];

		if (!b->in_use)
			continue;
		bm->block = b;
		bm->pages = b->size >> PAGE_SHIFT;
		bm->shared = calloc((bm->pages + 63) / 64, sizeof(uint64_t));
		if (!bm->shared)
			return err_set(e, ENOMEM, "page-state bitmap of %s", b->name);
		n++;
	}
	return 0;
}

void sev_guest_destroy(struct sev_guest *g)
{
	unsigned int i;

	for (i = 0; i < RAM_MAX_BLOCKS; i++)
		free(g->bm[i].shared);
	pthread_mutex_destroy(&g->lock);
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
	return 0;
}

static int set_msr_filter(struct sev_guest *g, int vm_fd, struct err *e)
{
	static uint8_t deny[1];
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR, .args = { KVM_MSR_EXIT_REASON_FILTER },
	};
	struct kvm_msr_filter f = { .flags = KVM_MSR_FILTER_DEFAULT_ALLOW };
	unsigned int n = 0;

	if (!kvm_check_cap(vm_fd, KVM_CAP_X86_USER_SPACE_MSR))
		return g->model ? err_set(e, ENOTSUP, "the SEV model needs KVM_CAP_X86_USER_SPACE_MSR") : 0;
	if (ioctl(vm_fd, KVM_ENABLE_CAP, &cap) < 0)
		return err_sys(e, errno, "KVM_CAP_X86_USER_SPACE_MSR");
	f.ranges[n++] = (struct kvm_msr_filter_range){
		.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE, .nmsrs = 1,
		.base = SEVVM_MSR_KVM_MIGRATION_CONTROL, .bitmap = deny,
	};
	if (g->model)
		f.ranges[n++] = (struct kvm_msr_filter_range){
			.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE, .nmsrs = 2,
			.base = MSR_AMD64_SEV_ES_GHCB, .bitmap = deny,
		};
	if (ioctl(vm_fd, KVM_X86_SET_MSR_FILTER, &f) < 0)
		return err_sys(e, errno, "KVM_X86_SET_MSR_FILTER");
	return 0;
}

/* The C-bit alias: every RAM mapping once more at gpa | C-bit. */
static int map_cbit_alias(struct sev_guest *g, struct err *e)
{
	struct ram_mapping maps[RAM_MAX_MAPPINGS];
	unsigned int i, n = 0;
	int r;

	for (i = 0; i < RAM_MAX_MAPPINGS; i++)
		if (g->ram->maps[i].in_use)
			maps[n++] = g->ram->maps[i];
	for (i = 0; i < n; i++) {
		if (maps[i].gpa + maps[i].size > g->cbit_mask)
			return err_set(e, EINVAL, "guest RAM reaches the C-bit (bit %u): use less --memory",
				       g->cbit);
		r = ram_map(g->ram, maps[i].block, maps[i].offset, maps[i].gpa | g->cbit_mask,
			    maps[i].size, NULL, e);
		if (r)
			return err_prefix(e, "C-bit alias: ");
	}
	return 0;
}

int sev_guest_setup_vm(struct sev_guest *g, int vm_fd, struct err *e)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_HYPERCALL, .args = { 1ull << KVM_HC_MAP_GPA_RANGE },
	};
	int r;

	if (vm_fd < 0)
		return 0;
	if (kvm_check_cap(vm_fd, KVM_CAP_EXIT_HYPERCALL) & (1 << KVM_HC_MAP_GPA_RANGE)) {
		if (ioctl(vm_fd, KVM_ENABLE_CAP, &cap) < 0)
			return err_sys(e, errno, "KVM_CAP_EXIT_HYPERCALL");
	} else if (g->model && g->es) {
		return err_set(e, ENOTSUP, "the SEV-ES model needs KVM_CAP_EXIT_HYPERCALL");
	}
	r = set_msr_filter(g, vm_fd, e);
	if (!r && g->model)
		r = map_cbit_alias(g, e);
	return r;
}

/* Guest-physical address of a private or shared access, without the C-bit. */
static uint64_t strip_cbit(const struct sev_guest *g, uint64_t gpa)
{
	return gpa & ~g->cbit_mask;
}

static bool next_is_vmgexit(struct sev_guest *g, int fd)
{
	static const uint8_t vmgexit[4] = { 0xf3, 0x0f, 0x01, 0xd9 };	/* rep vmmcall */
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	unsigned int i;

	if (ioctl(fd, KVM_GET_REGS, &regs) < 0 || ioctl(fd, KVM_GET_SREGS, &sregs) < 0)
		return false;
	for (i = 0; i < sizeof(vmgexit); i++) {
		/* RIP is at the 2-byte WRMSR; the VMGEXIT must follow it at once. */
		struct kvm_translation t = { .linear_address = sregs.cs.base + regs.rip + 2 + i };
		const uint8_t *p;

		if (ioctl(fd, KVM_TRANSLATE, &t) < 0 || !t.valid)
			return false;
		p = ram_gpa_to_hva(g->ram, strip_cbit(g, t.physical_address), 1);
		if (!p || *p != vmgexit[i])
			return false;
	}
	return true;
}

static void term_message(const struct ghcb_result *res, char *msg, size_t len)
{
	snprintf(msg, len, "guest requested termination over the GHCB: reason set %u code %u (%s)",
		 res->term_set, res->term_code, ghcb_term_reason(res->term_set, res->term_code));
}

/* One request: an MSR-protocol value or the GPA of a full GHCB page. */
static enum sev_exit process_request(struct sev_guest *g, unsigned int cpu, uint64_t val,
				     char *msg, size_t len)
{
	struct sev_guest_vcpu *v = &g->vcpu[cpu];
	struct ghcb_result res = { .outcome = GHCB_DONE };
	char what[400];
	uint64_t reply;

	pthread_mutex_lock(&g->lock);
	v->ghcb.ap_jump_table = g->ap_jump_table;
	if (ghcb_msr_protocol(&v->ghcb, g->ops, g->ops_opaque[cpu], val, &reply, &res)) {
		v->ghcb_msr = reply;
	} else {
		uint8_t *page = ram_gpa_to_hva(g->ram, strip_cbit(g, val), GHCB_PAGE_SIZE);

		if (!page || val & (GHCB_PAGE_SIZE - 1)) {
			res.outcome = GHCB_TERMINATE;
			snprintf(res.what, sizeof(res.what), "GHCB MSR %#" PRIx64
				 " is neither a request nor the GPA of a RAM page", val);
		} else {
			ghcb_handle_page(&v->ghcb, g->ops, g->ops_opaque[cpu], page,
					 strip_cbit(g, val), &res);
		}
	}
	g->ap_jump_table = v->ghcb.ap_jump_table;
	pthread_mutex_unlock(&g->lock);
	sev_log_event(g->log, "ghcb", "\"cpu\": %u, \"request\": %" PRIu64 ", \"what\": \"%s\"",
		      cpu, val, sev_log_str(res.what, what, sizeof(what)));
	if (res.outcome == GHCB_AP_RESET_HOLD) {
		v->hold = true;
		v->hold_page = val & GHCB_MSR_INFO_MASK ? 0 : strip_cbit(g, val);
		return SEV_EXIT_AP_HOLD;
	}
	if (res.outcome != GHCB_TERMINATE)
		return SEV_EXIT_HANDLED;
	if (res.term_set || res.term_code || res.exit_code == SVM_VMGEXIT_TERM_REQUEST ||
	    (val & GHCB_MSR_INFO_MASK) == GHCB_MSR_TERM_REQ)
		term_message(&res, msg, len);
	else
		snprintf(msg, len, "SEV-ES guest stopped: %s", res.what);
	return SEV_EXIT_TERMINATE;
}

static enum sev_exit ghcb_msr_write(struct sev_guest *g, unsigned int cpu, int fd, uint64_t val,
				    char *msg, size_t len)
{
	struct sev_guest_vcpu *v = &g->vcpu[cpu];
	struct kvm_regs regs;

	v->ghcb_msr = val;
	v->request = val;
	if (!next_is_vmgexit(g, fd) || ioctl(fd, KVM_GET_REGS, &regs) < 0)
		return process_request(g, cpu, val, msg, len);
	v->saved[0] = regs.rax;
	v->saved[1] = regs.rbx;
	v->saved[2] = regs.rcx;
	v->saved[3] = regs.rdx;
	regs.rax = KVM_HC_MAP_GPA_RANGE;
	regs.rbx = VMGEXIT_MARK_GPA;
	regs.rcx = 1;
	regs.rdx = VMGEXIT_MARK_ATTRS;
	if (ioctl(fd, KVM_SET_REGS, &regs) < 0)
		return process_request(g, cpu, val, msg, len);
	v->trap_armed = true;
	return SEV_EXIT_HANDLED;
}

static enum sev_exit handle_msr(struct sev_guest *g, unsigned int cpu, int fd,
				struct kvm_run *run, char *msg, size_t len)
{
	bool write = run->exit_reason == KVM_EXIT_X86_WRMSR;
	enum sev_exit r = SEV_EXIT_HANDLED;

	run->msr.error = 0;
	switch (run->msr.index) {
	case MSR_AMD64_SEV:
		if (write || !g->model)
			run->msr.error = 1;
		else
			run->msr.data = MSR_AMD64_SEV_ENABLED | (g->es ? MSR_AMD64_SEV_ES_ENABLED : 0);
		break;
	case MSR_AMD64_SEV_ES_GHCB:
		if (!g->model || !g->es)
			run->msr.error = 1;
		else if (write)
			r = ghcb_msr_write(g, cpu, fd, run->msr.data, msg, len);
		else
			run->msr.data = g->vcpu[cpu].ghcb_msr;
		break;
	case SEVVM_MSR_KVM_MIGRATION_CONTROL:
		/* KVM_MIGRATION_READY is the only bit (Documentation/virt/kvm/x86/msr.rst). */
		if (write && run->msr.data & ~1ull)
			run->msr.error = 1;
		else if (!write)
			run->msr.data = 0;
		break;
	default:
		run->msr.error = 1;
		break;
	}
	return r;
}

void sev_guest_ap_release(struct sev_guest *g, unsigned int cpu)
{
	struct sev_guest_vcpu *v = &g->vcpu[cpu];
	uint8_t *page;
	bool held;

	pthread_mutex_lock(&g->lock);
	held = v->hold;
	if (v->hold && !v->hold_page) {
		v->ghcb_msr = ghcb_msr_ap_reset_hold_reply();
	} else if (v->hold) {
		page = ram_gpa_to_hva(g->ram, v->hold_page, GHCB_PAGE_SIZE);
		if (page)
			ghcb_page_ap_reset_hold_wake(page);
	}
	v->hold = false;
	pthread_mutex_unlock(&g->lock);
	if (held)
		sev_log_event(g->log, "ghcb", "\"cpu\": %u, \"what\": \"AP reset hold ended by a "
			      "SIPI\"", cpu);
}

/* The bitmap and page index of the RAM page at @gpa (C-bit clear), or NULL. */
static struct sev_page_bitmap *page_of(struct sev_guest *g, uint64_t gpa, uint64_t *page)
{
	uint8_t *hva = ram_gpa_to_hva(g->ram, gpa, 1ull << PAGE_SHIFT);
	unsigned int k;

	for (k = 0; hva && k < RAM_MAX_BLOCKS; k++) {
		const struct ram_block *b = g->bm[k].block;

		if (b && hva >= (uint8_t *)b->host && hva < (uint8_t *)b->host + b->size) {
			*page = (uint64_t)(hva - (uint8_t *)b->host) >> PAGE_SHIFT;
			return &g->bm[k];
		}
	}
	return NULL;
}

bool sev_guest_range_shared(struct sev_guest *g, uint64_t gpa, uint64_t len)
{
	uint64_t a, page, end = gpa + len;
	bool shared = len && end > gpa && !(gpa & g->cbit_mask);

	pthread_mutex_lock(&g->lock);
	for (a = gpa & ~((1ull << PAGE_SHIFT) - 1); shared && a < end; a += 1ull << PAGE_SHIFT) {
		struct sev_page_bitmap *bm = page_of(g, a, &page);

		shared = bm && bm->shared[page / 64] & (1ull << (page & 63));
	}
	pthread_mutex_unlock(&g->lock);
	return shared;
}

/* KVM_HC_MAP_GPA_RANGE: a0 GPA, a1 number of 4 KiB pages, a2 attributes; g->lock held. */
static uint64_t map_gpa_range_locked(struct sev_guest *g, uint64_t gpa, uint64_t npages,
				     uint64_t attrs)
{
	bool shared = !(attrs & KVM_MAP_GPA_RANGE_ENCRYPTED);
	uint64_t i;

	if (gpa & ((1ull << PAGE_SHIFT) - 1) || !npages || npages > (1ull << 40))
		return KVM_EINVAL_RET;
	gpa = strip_cbit(g, gpa);
	for (i = 0; i < npages; i++) {
		uint64_t page = 0, bit;
		struct sev_page_bitmap *bm = page_of(g, gpa + (i << PAGE_SHIFT), &page);

		if (!bm)
			continue;	/* not RAM (MMIO, holes): nothing to track */
		bit = 1ull << (page & 63);
		if (shared && !(bm->shared[page / 64] & bit)) {
			bm->shared[page / 64] |= bit;
			bm->nr_shared++;
		} else if (!shared && bm->shared[page / 64] & bit) {
			bm->shared[page / 64] &= ~bit;
			bm->nr_shared--;
		}
	}
	g->page_changes++;
	return 0;
}

static uint64_t map_gpa_range(struct sev_guest *g, uint64_t gpa, uint64_t npages, uint64_t attrs)
{
	uint64_t r;

	pthread_mutex_lock(&g->lock);
	r = map_gpa_range_locked(g, gpa, npages, attrs);
	pthread_mutex_unlock(&g->lock);
	return r;
}

int sev_guest_ghcb_hypercall(struct sev_guest *g, const uint64_t in[4], uint64_t *ret)
{
	/* Only the one KVM hands to the VMM; others get -KVM_ENOSYS, as KVM's own do here. */
	*ret = in[0] == KVM_HC_MAP_GPA_RANGE ? map_gpa_range_locked(g, in[1], in[2], in[3]) :
					       (uint64_t)-1000;
	return 0;
}

static enum sev_exit handle_hypercall(struct sev_guest *g, unsigned int cpu, int fd,
				      struct kvm_run *run, char *msg, size_t len)
{
	struct sev_guest_vcpu *v = &g->vcpu[cpu];
	__u64 *a = run->hypercall.args;
	struct kvm_regs regs;

	if (run->hypercall.nr != KVM_HC_MAP_GPA_RANGE)
		return SEV_EXIT_NOT_MINE;
	/*
	 * Outside 64-bit mode KVM passes the arguments truncated to 32 bits
	 * (kvm_emulate_hypercall()): an AP at the SEV-ES reset block is in
	 * real mode.
	 */
	if (v->trap_armed && a[0] == VMGEXIT_MARK_GPA && a[1] == 1 &&
	    (a[2] == VMGEXIT_MARK_ATTRS || a[2] == (uint32_t)VMGEXIT_MARK_ATTRS)) {
		v->trap_armed = false;
		if (ioctl(fd, KVM_GET_REGS, &regs) == 0) {
			regs.rbx = v->saved[1];
			regs.rcx = v->saved[2];
			regs.rdx = v->saved[3];
			ioctl(fd, KVM_SET_REGS, &regs);
		}
		run->hypercall.ret = v->saved[0];	/* KVM writes it to RAX */
		return process_request(g, cpu, v->request, msg, len);
	}
	run->hypercall.ret = map_gpa_range(g, a[0], a[1], a[2]);
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
		page = ram_gpa_to_hva(g->ram, strip_cbit(g, val & ~(uint64_t)(GHCB_PAGE_SIZE - 1)),
				      GHCB_PAGE_SIZE);
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

enum sev_exit sev_guest_handle_exit(struct sev_guest *g, unsigned int cpu, int vcpu_fd,
				    struct kvm_run *run, char *msg, size_t msg_len)
{
	if (cpu >= SEV_GUEST_MAX_CPUS)
		return SEV_EXIT_NOT_MINE;
	switch (run->exit_reason) {
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		return handle_msr(g, cpu, vcpu_fd, run, msg, msg_len);
	case KVM_EXIT_HYPERCALL:
		return handle_hypercall(g, cpu, vcpu_fd, run, msg, msg_len);
	case KVM_EXIT_SYSTEM_EVENT:
		if (run->system_event.type == KVM_SYSTEM_EVENT_SEV_TERM)
			return handle_term(g, run, msg, msg_len);
		return SEV_EXIT_NOT_MINE;
	default:
		return SEV_EXIT_NOT_MINE;
	}
}

void sev_guest_log_pages(struct sev_guest *g)
{
	unsigned int i;

	for (i = 0; i < RAM_MAX_BLOCKS; i++) {
		const struct sev_page_bitmap *bm = &g->bm[i];

		if (!bm->block)
			continue;
		sev_log_event(g->log, "page-state", "\"block\": \"%s\", \"pages\": %" PRIu64
			      ", \"shared\": %" PRIu64 ", \"changes\": %" PRIu64, bm->block->name,
			      bm->pages, bm->nr_shared, g->page_changes);
	}
}

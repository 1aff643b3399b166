// SPDX-License-Identifier: GPL-2.0
/*
 * The model's traps: what SEV hardware would do that a default KVM VM does
 * not (design decision 5). SEV_STATUS and the GHCB MSR reach sevvm through
 * an MSR filter; a VMGEXIT is carried through KVM as a hypercall; RAM shows
 * once more at the C-bit address, so a page-table entry with the C-bit set
 * reaches the same memory.
 */
#include "sev/model/hw.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "sev/compat.h"
#include "sev/ghcb_describe.h"

#ifndef KVM_HC_MAP_GPA_RANGE
#define KVM_HC_MAP_GPA_RANGE		12
#endif

#define PARKED_POLL_US	500	/* how often a parked AP looks for its SIPI */

/*
 * The model carries a VMGEXIT (rep vmmcall) through KVM as a
 * KVM_HC_MAP_GPA_RANGE hypercall with these arguments, so it exits to
 * sevvm; RAX..RDX are restored before the guest runs on, because SEV-ES
 * hardware leaves them untouched across VMGEXIT (design.md fact 6).
 */
#define VMGEXIT_MARK_GPA	0x0ull
#define VMGEXIT_MARK_ATTRS	0x5345564748434221ull	/* "SEVGHCB!" */

static struct sev_model_vcpu *vcpu_of(struct sev_model *m, unsigned int cpu)
{
	return cpu < m->host.ncpus ? &m->vcpu[cpu] : NULL;
}

/* Guest-physical address of a private or shared access, without the C-bit. */
static uint64_t strip_cbit(const struct sev_model *m, uint64_t gpa)
{
	return gpa & ~m->cbit_mask;
}

/* SEV_STATUS and the GHCB MSR (0xc0010131, 0xc0010130) exit to sevvm. */
static int model_setup_vm(struct sev_guest_hw *hw, struct kvm_msr_filter *f, unsigned int *n,
			  struct err *e)
{
	static uint8_t deny[1];
	struct sev_model *m = sev_model_of(hw);
	struct ram *ram = m->host.ram;
	struct ram_mapping maps[RAM_MAX_MAPPINGS];
	unsigned int i, nr = 0;
	int r;

	if (*n >= KVM_MSR_FILTER_MAX_RANGES)
		return err_set(e, ENOSPC, "MSR filter: no range left for the SEV model");
	f->ranges[(*n)++] = (struct kvm_msr_filter_range){
		.flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE, .nmsrs = 2,
		.base = MSR_AMD64_SEV_ES_GHCB, .bitmap = deny,
	};
	if (m->host.vm_fd < 0)
		return 0;
	if (m->es && (m->all_vmmcalls = sev_model_vmmcall_setup(m, f, n)))
		trace_line(m->host.trace, TRACE_GHCB, "model: every VMMCALL exits to sevvm "
			   "(KVM's Xen hypercall intercept), every VMGEXIT is served");
	/* The C-bit alias: every RAM mapping once more at gpa | C-bit. */
	for (i = 0; i < RAM_MAX_MAPPINGS; i++)
		if (ram->maps[i].in_use)
			maps[nr++] = ram->maps[i];
	for (i = 0; i < nr; i++) {
		if (maps[i].gpa + maps[i].size > m->cbit_mask)
			return err_set(e, EINVAL, "guest RAM reaches the C-bit (bit %u): use less --memory",
				       m->cbit);
		r = ram_map(ram, maps[i].block, maps[i].offset, maps[i].gpa | m->cbit_mask,
			    maps[i].size, NULL, e);
		if (r)
			return err_prefix(e, "C-bit alias: ");
	}
	return 0;
}

static int model_add_vcpu(struct sev_guest_hw *hw, unsigned int cpu, int fd, struct kvm_run *run,
			  const struct kvm_cpuid2 *cpuid, struct err *e)
{
	struct sev_model_vcpu *v = vcpu_of(sev_model_of(hw), cpu);

	if (!v)
		return err_set(e, EINVAL, "SEV model: vCPU %u of %u", cpu,
			       sev_model_of(hw)->host.ncpus);
	v->fd = fd;
	v->run = run;
	v->cpuid = cpuid;
	return 0;
}

bool sev_model_vmgexit_at(struct sev_model_vcpu *v, const struct kvm_sregs *sregs, uint64_t rip)
{
	static const uint8_t vmgexit[4] = { 0xf3, 0x0f, 0x01, 0xd9 };	/* rep vmmcall */
	size_t i;

	for (i = 0; i < sizeof(vmgexit); i++) {
		struct kvm_translation t = { .linear_address = sregs->cs.base + rip + i };
		const uint8_t *p;

		if (ioctl(v->fd, KVM_TRANSLATE, &t) < 0 || !t.valid)
			return false;
		p = ram_gpa_to_hva(v->m->host.ram, strip_cbit(v->m, t.physical_address), 1);
		if (!p || *p != vmgexit[i])
			return false;
	}
	return true;
}

/* Whether a VMGEXIT follows the WRMSR at RIP at once; @regs: the vCPU's. */
static bool next_is_vmgexit(struct sev_model_vcpu *v, struct kvm_regs *regs)
{
	struct kvm_sregs sregs;

	if (ioctl(v->fd, KVM_GET_REGS, regs) < 0 || ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return false;
	/* RIP is at the 2-byte WRMSR. */
	return sev_model_vmgexit_at(v, &sregs, regs->rip + 2);
}

static void term_message(const struct ghcb_result *res, char *msg, size_t len)
{
	snprintf(msg, len, "guest requested termination over the GHCB: reason set %u code %u (%s)",
		 res->term_set, res->term_code, ghcb_term_reason(res->term_set, res->term_code));
}

/* An AP reset hold (GHCB spec 56421 4.1.7, MSR protocol 0x006): wait for a SIPI. */
static enum sev_exit ap_reset_hold(struct sev_model_vcpu *v, uint64_t val, char *msg, size_t len)
{
	struct err e = { 0 };

	v->hold = true;
	v->hold_page = val & GHCB_MSR_INFO_MASK ? 0 : strip_cbit(v->m, val);
	if (!sev_model_ap_hold(v, &e))
		return SEV_EXIT_HANDLED;
	snprintf(msg, len, "%s", e.msg);
	return SEV_EXIT_ERROR;
}

/* One request: an MSR-protocol value or the GPA of a full GHCB page. No lock held. */
static const char *outcome_word(enum ghcb_outcome o)
{
	switch (o) {
	case GHCB_TERMINATE:		return " (terminate)";
	case GHCB_AP_RESET_HOLD:	return " (AP reset hold)";
	case GHCB_HLT:			return " (halt)";
	case GHCB_DONE:			break;
	}
	return "";
}

/* --trace ghcb of a full-GHCB request: what it asked, SW_EXITINFO1/2 of the answer. */
static void trace_page(struct sev_model_vcpu *v, uint64_t val, const uint8_t *page,
		       const struct ghcb_result *res)
{
	uint64_t info1 = 0, info2 = 0;

	if (page) {
		memcpy(&info1, page + GHCB_OFF_SW_EXIT_INFO_1, 8);
		memcpy(&info2, page + GHCB_OFF_SW_EXIT_INFO_2, 8);
	}
	trace_line(v->m->host.trace, TRACE_GHCB, "cpu%u page %#" PRIx64 " exit %#" PRIx64
		   ": %s -> exitinfo1 %#" PRIx64 " exitinfo2 %#" PRIx64 "%s", v->id, val,
		   res->exit_code, res->what, info1, info2, outcome_word(res->outcome));
}

static void remember_request(struct sev_model_vcpu *v, uint64_t val, uint64_t reply,
			     const char *what)
{
	struct sev_model_ghcb_history *h = &v->history;
	struct sev_model_ghcb_entry *ent = &h->e[h->next];

	ent->request = val;
	ent->reply = reply;
	snprintf(ent->what, sizeof(ent->what), "%s", what);
	h->next = (h->next + 1) % SEV_MODEL_GHCB_HISTORY;
	if (h->count < SEV_MODEL_GHCB_HISTORY)
		h->count++;
}

enum sev_exit sev_model_serve(struct sev_model_vcpu *v, uint64_t val, char *msg, size_t len)
{
	struct sev_model *m = v->m;
	struct ghcb_result res = { .outcome = GHCB_DONE };
	uint64_t reply, jump_table;
	char what[400];

	jump_table = __atomic_load_n(&m->ap_jump_table, __ATOMIC_ACQUIRE);
	v->ghcb.ap_jump_table = jump_table;
	if (ghcb_msr_protocol(&v->ghcb, &sev_model_ghcb_ops, v, val, &reply, &res)) {
		v->ghcb_msr = reply;
		remember_request(v, val, reply, res.what);
		trace_line(m->host.trace, TRACE_GHCB, "cpu%u msr %#" PRIx64 ": %s -> reply %#"
			   PRIx64 "%s", v->id, val, res.what, reply, outcome_word(res.outcome));
	} else {
		uint8_t *page = ram_gpa_to_hva(m->host.ram, strip_cbit(m, val), GHCB_PAGE_SIZE);

		if (!page || val & (GHCB_PAGE_SIZE - 1)) {
			res.outcome = GHCB_TERMINATE;
			snprintf(res.what, sizeof(res.what), "GHCB MSR %#" PRIx64
				 " is neither a request nor the GPA of a RAM page", val);
		} else {
			ghcb_handle_page(&v->ghcb, &sev_model_ghcb_ops, v, page,
					 strip_cbit(m, val), &res);
		}
		uint64_t info1 = 0;

		if (page)
			memcpy(&info1, page + GHCB_OFF_SW_EXIT_INFO_1, sizeof(info1));
		remember_request(v, val, info1, res.what);
		if (trace_on(m->host.trace, TRACE_GHCB))
			trace_page(v, val, page, &res);
	}
	if (v->ghcb.ap_jump_table != jump_table)
		__atomic_store_n(&m->ap_jump_table, v->ghcb.ap_jump_table, __ATOMIC_RELEASE);
	sev_log_event_bounded(m->host.log, "ghcb", "\"cpu\": %u, \"request\": %" PRIu64
			      ", \"what\": \"%s\"", v->id, val,
			      sev_log_str(res.what, what, sizeof(what)));
	if (res.outcome == GHCB_AP_RESET_HOLD)
		return ap_reset_hold(v, val, msg, len);
	if (res.outcome != GHCB_TERMINATE)
		return SEV_EXIT_HANDLED;
	if (res.term_set || res.term_code || res.exit_code == SVM_VMGEXIT_TERM_REQUEST ||
	    (val & GHCB_MSR_INFO_MASK) == GHCB_MSR_TERM_REQ)
		term_message(&res, msg, len);
	else
		snprintf(msg, len, "SEV-ES guest stopped: %s", res.what);
	return SEV_EXIT_TERMINATE;
}

/*
 * A write of the GHCB MSR. Only a VMGEXIT makes a request (GHCB spec 56421,
 * 2.2): the model carries one that follows the WRMSR at once through KVM
 * (below). When none follows, an MSR-protocol value is served at the write,
 * because C code writes it in one call (OVMF's AsmWriteMsr64) and VMGEXITs
 * in the next. The GPA of a GHCB page is not: writing it only says where
 * the GHCB is (OVMF's MpInitLib puts an AP's GHCB back after its MSR-
 * protocol CPUIDs), and the page then still holds an earlier request
 * (an AP reset hold) that serving it again would repeat. Where every
 * VMMCALL reaches the model (vmmcall.c), no write is served: the VMGEXIT
 * is. Without a KVM vCPU (the unit tests) there is no instruction to look
 * at: every value is served at the write.
 */
static enum sev_exit ghcb_msr_write(struct sev_model_vcpu *v, uint64_t val, char *msg, size_t len)
{
	bool page = !(val & GHCB_MSR_INFO_MASK);
	struct kvm_regs regs;

	v->ghcb_msr = val;
	v->request = val;
	if (v->fd < 0)
		return sev_model_serve(v, val, msg, len);
	/* Every VMGEXIT seen (vmmcall.c), or none follows at once: see above. */
	if (v->m->all_vmmcalls || !next_is_vmgexit(v, &regs)) {
		if (!v->m->all_vmmcalls && !page)
			return sev_model_serve(v, val, msg, len);
		if (page)
			trace_line(v->m->host.trace, TRACE_GHCB, "cpu%u GHCB at %#" PRIx64
				   " (no request without a VMGEXIT)", v->id, val);
		return SEV_EXIT_HANDLED;
	}
	v->saved[0] = regs.rax;
	v->saved[1] = regs.rbx;
	v->saved[2] = regs.rcx;
	v->saved[3] = regs.rdx;
	regs.rax = KVM_HC_MAP_GPA_RANGE;
	regs.rbx = VMGEXIT_MARK_GPA;
	regs.rcx = 1;
	regs.rdx = VMGEXIT_MARK_ATTRS;
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return sev_model_serve(v, val, msg, len);
	v->trap_armed = true;
	return SEV_EXIT_HANDLED;
}

static enum sev_exit handle_msr(struct sev_model_vcpu *v, struct kvm_run *run, char *msg,
				size_t len)
{
	bool write = run->exit_reason == KVM_EXIT_X86_WRMSR;

	if (v->m->all_vmmcalls && sev_model_vmmcall_msr(run->msr.index)) {
		run->msr.error = 1;	/* no such MSR on an SEV processor: #GP */
		return SEV_EXIT_HANDLED;
	}
	switch (run->msr.index) {
	case MSR_AMD64_SEV:
		run->msr.error = write;
		if (!write)
			run->msr.data = MSR_AMD64_SEV_ENABLED | (v->m->es ? MSR_AMD64_SEV_ES_ENABLED : 0);
		return SEV_EXIT_HANDLED;
	case MSR_AMD64_SEV_ES_GHCB:
		run->msr.error = 0;
		if (!v->m->es)
			run->msr.error = 1;
		else if (write)
			return ghcb_msr_write(v, run->msr.data, msg, len);
		else
			run->msr.data = v->ghcb_msr;
		return SEV_EXIT_HANDLED;
	default:
		return SEV_EXIT_NOT_MINE;
	}
}

/* The hypercall that carries a VMGEXIT; any other is not the model's. */
static enum sev_exit handle_hypercall(struct sev_model_vcpu *v, struct kvm_run *run, char *msg,
				      size_t len)
{
	__u64 *a = run->hypercall.args;
	struct kvm_regs regs;

	/*
	 * Outside 64-bit mode KVM passes the arguments truncated to 32 bits
	 * (kvm_emulate_hypercall()): an AP at the SEV-ES reset block is in
	 * real mode.
	 */
	if (run->hypercall.nr != KVM_HC_MAP_GPA_RANGE || !v->trap_armed ||
	    a[0] != VMGEXIT_MARK_GPA || a[1] != 1 ||
	    (a[2] != VMGEXIT_MARK_ATTRS && a[2] != (uint32_t)VMGEXIT_MARK_ATTRS))
		return SEV_EXIT_NOT_MINE;
	v->trap_armed = false;
	/* The guest's registers as VMGEXIT leaves them, or it would run on with the carrier's. */
	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0)
		goto regs_failed;
	regs.rbx = v->saved[1];
	regs.rcx = v->saved[2];
	regs.rdx = v->saved[3];
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		goto regs_failed;
	run->hypercall.ret = v->saved[0];	/* KVM writes it to RAX */
	return sev_model_serve(v, v->request, msg, len);

regs_failed:
	snprintf(msg, len, "vCPU %u: restoring the registers after a VMGEXIT: %s", v->id,
		 strerror(errno));
	return SEV_EXIT_ERROR;
}

/*
 * MMIO through a page-table entry with the C-bit set: the processor takes
 * the C-bit out of the guest-physical address (APM vol. 2, 15.34), so the
 * access reaches the device at the address without it. Under the model the
 * C-bit is an address bit that only RAM is aliased at, so it exits here:
 * the local APIC, which KVM decodes only at its own address, is answered
 * as for the GHCB's MMIO events; anything else goes on to sevvm's devices
 * at the address without the C-bit. OVMF does this until its AmdSevDxe
 * maps MMIO without the C-bit (PEI sends its INIT-SIPI-SIPI so).
 */
static enum sev_exit handle_cbit_mmio(struct sev_model_vcpu *v, struct kvm_run *run)
{
	uint64_t gpa = run->mmio.phys_addr;

	if (!(gpa & v->m->cbit_mask))
		return SEV_EXIT_NOT_MINE;
	gpa = strip_cbit(v->m, gpa);
	if (sev_model_apic_access(v, gpa, run->mmio.data, run->mmio.len, run->mmio.is_write))
		return SEV_EXIT_HANDLED;
	run->mmio.phys_addr = gpa;
	return SEV_EXIT_NOT_MINE;
}

static enum sev_exit model_handle_exit(struct sev_guest_hw *hw, unsigned int cpu,
				       struct kvm_run *run, char *msg, size_t len)
{
	struct sev_model_vcpu *v = vcpu_of(sev_model_of(hw), cpu);

	if (!v)
		return SEV_EXIT_NOT_MINE;
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		return handle_cbit_mmio(v, run);
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		return handle_msr(v, run, msg, len);
	case KVM_EXIT_HYPERCALL:
		return handle_hypercall(v, run, msg, len);
	case KVM_EXIT_XEN:
		return sev_model_vmmcall_exit(v, run, msg, len);
	default:
		return SEV_EXIT_NOT_MINE;
	}
}

static int model_before_run(struct sev_guest_hw *hw, unsigned int cpu, struct err *e)
{
	struct sev_model_vcpu *v = vcpu_of(sev_model_of(hw), cpu);
	int r;

	if (!v || !v->parked)
		return 1;
	r = sev_model_parked_poll(v, e);
	if (!r)
		usleep(PARKED_POLL_US);
	return r;
}

/*
 * KVM starts an SEV-ES AP at its VMSA's CS:IP on the first SIPI; the model
 * runs APs as plain vCPUs, so each waits parked in the state it holds now.
 */
static int model_launched(struct sev_guest_hw *hw, struct err *e)
{
	struct sev_model *m = sev_model_of(hw);
	unsigned int i;
	int r;

	if (!m->es)
		return 0;
	for (i = 1; i < m->host.ncpus; i++) {
		struct sev_model_vcpu *v = &m->vcpu[i];
		struct kvm_sregs sregs;
		struct kvm_regs regs;

		if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0 || ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
			return err_sys(e, errno, "vCPU %u: reading its start state", i);
		r = sev_model_park(v, &regs, &sregs, e);
		if (r)
			return r;
	}
	return 0;
}

static void model_destroy(struct sev_guest_hw *hw)
{
	struct sev_model *m = sev_model_of(hw);

	free(m->vcpu);
	free(m);
}

static int model_describe_ghcb(struct sev_guest_hw *hw, unsigned int cpu, struct strbuf *out,
			       struct err *e)
{
	struct sev_model *m = sev_model_of(hw);
	const struct sev_model_ghcb_history *h;
	struct sev_model_vcpu *v;
	unsigned int i;
	uint8_t *page;
	int r;

	if (!m->es)
		return err_set(e, EINVAL, "not an SEV-ES guest");
	if (cpu >= m->host.ncpus)
		return err_set(e, EINVAL, "vCPU %u: the guest has %u", cpu, m->host.ncpus);
	v = &m->vcpu[cpu];
	h = &v->history;
	strbuf_printf(out, "vCPU %u ", cpu);
	ghcb_describe_msr(v->ghcb_msr, out);
	if (v->ghcb_msr && !(v->ghcb_msr & GHCB_MSR_INFO_MASK)) {
		page = ram_gpa_to_hva(m->host.ram, strip_cbit(m, v->ghcb_msr), GHCB_PAGE_SIZE);
		if (!page)
			strbuf_printf(out, "the GHCB GPA is not guest RAM\n");
		else if ((r = ghcb_describe_page(page, GHCB_PAGE_SIZE, out, e)))
			return r;
	}
	strbuf_printf(out, "last %u requests, oldest first:\n", h->count);
	for (i = 0; i < h->count; i++) {
		const struct sev_model_ghcb_entry *ent =
			&h->e[(h->next + SEV_MODEL_GHCB_HISTORY - h->count + i) %
			      SEV_MODEL_GHCB_HISTORY];

		strbuf_printf(out, "  %#" PRIx64 ": %s -> %#" PRIx64 "\n", ent->request, ent->what,
			      ent->reply);
	}
	return 0;
}

static const struct sev_guest_hw_ops model_ops = {
	.setup_vm = model_setup_vm, .add_vcpu = model_add_vcpu, .handle_exit = model_handle_exit,
	.before_run = model_before_run, .launched = model_launched, .destroy = model_destroy,
	.describe_ghcb = model_describe_ghcb,
};

int sev_model_create(struct sev_guest_hw **out, const struct sev_guest_host *host, bool es,
		     unsigned int cbit, uint16_t ghcb_version, struct err *e)
{
	struct sev_model *m = calloc(1, sizeof(*m));
	unsigned int i;

	if (m)
		m->vcpu = calloc(host->ncpus ? host->ncpus : 1, sizeof(*m->vcpu));
	if (!m || !m->vcpu) {
		free(m);
		return err_set(e, ENOMEM, "SEV model");
	}
	m->hw.ops = &model_ops;
	m->host = *host;
	m->es = es;
	m->cbit = cbit;
	m->cbit_mask = 1ull << cbit;
	for (i = 0; i < host->ncpus; i++) {
		m->vcpu[i] = (struct sev_model_vcpu){
			.m = m, .id = i, .fd = -1,
			.ghcb = { .version_max = ghcb_version, .cbit = (uint8_t)cbit },
		};
		/* As KVM's sev_es_vcpu_reset(): a guest that reads the MSR
		 * before it writes one sees the SEV information response. */
		if (es)
			m->vcpu[i].ghcb_msr = ghcb_sev_info_msr(&m->vcpu[i].ghcb);
	}
	*out = &m->hw;
	return 0;
}

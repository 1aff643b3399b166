// SPDX-License-Identifier: GPL-2.0
/*
 * Where a stopped vCPU is, for "why did it stop" (a timeout, a crash, a
 * signal) and the debugger's "monitor cpus": the instruction pointer, the
 * mode and the control registers. An SEV-ES vCPU's state is in its
 * encrypted VMSA after launch: it comes from KVM_SEV_GET_VMSA, with every
 * GPR, where the kernel has the command and the policy allows debugging.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vmm/vcpu.h"
#include "vmm/vm.h"
#include "vmm/vm_sev.h"

#define CR0_PE		(1ull << 0)
#define CR0_PG		(1ull << 31)
#define EFER_LMA	(1ull << 10)

/* snprintf() that appends at *off and never runs past @len. */
static void out(char *buf, size_t len, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void out(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off + 1 >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off += (size_t)n < len - *off ? (size_t)n : len - *off - 1;
}

static const char *mode_name(const struct kvm_sregs *s)
{
	if (!(s->cr0 & CR0_PE))
		return "real mode";
	if (s->efer & EFER_LMA)
		return s->cs.l ? "64-bit" : "compatibility mode";
	return s->cr0 & CR0_PG ? "32-bit paged" : "32-bit";
}

static void where(struct vcpu *v, const struct kvm_regs *r, const struct kvm_sregs *s,
		  const char *source, bool halted, char *buf, size_t len, size_t *off)
{
	out(buf, len, off, "vCPU %u%s: %s%s at cs:rip %#x:%#llx, rsp %#llx, rflags %#llx, "
	    "cr0 %#llx cr3 %#llx cr4 %#llx efer %#llx, last exit %s", v->id, source,
	    halted ? "halted, " : "", mode_name(s), s->cs.selector, (unsigned long long)r->rip,
	    (unsigned long long)r->rsp, (unsigned long long)r->rflags,
	    (unsigned long long)s->cr0, (unsigned long long)s->cr3, (unsigned long long)s->cr4,
	    (unsigned long long)s->efer, v->run ? vcpu_exit_name(v->run->exit_reason) : "none");
}

/* The sixteen GPRs, four to a line. */
static void gprs(struct vcpu *v, const struct kvm_regs *r, char *buf, size_t len, size_t *off)
{
	const struct { const char *name; __u64 val; } g[16] = {
		{ "rax", r->rax }, { "rbx", r->rbx }, { "rcx", r->rcx }, { "rdx", r->rdx },
		{ "rsi", r->rsi }, { "rdi", r->rdi }, { "rbp", r->rbp }, { "rsp", r->rsp },
		{ "r8", r->r8 }, { "r9", r->r9 }, { "r10", r->r10 }, { "r11", r->r11 },
		{ "r12", r->r12 }, { "r13", r->r13 }, { "r14", r->r14 }, { "r15", r->r15 },
	};
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (!(i % 4))
			out(buf, len, off, "%svCPU %u:", i ? "\n" : "", v->id);
		out(buf, len, off, " %s %#018llx", g[i].name, (unsigned long long)g[i].val);
	}
}

static size_t describe_vmsa(struct vcpu *v, char *buf, size_t len)
{
	struct sev_vcpu_state st;
	struct err e = { 0 };
	size_t off = 0;

	if (vm_sev_vcpu_state(v->vm, v->id, &st, &e)) {
		out(buf, len, &off, "vCPU %u: registers not shown: %s", v->id, e.msg);
		return off;
	}
	where(v, &st.regs, &st.sregs, " (decrypted VMSA)", false, buf, len, &off);
	out(buf, len, &off, "\n");
	gprs(v, &st.regs, buf, len, &off);
	return off;
}

size_t vcpu_describe(struct vcpu *v, char *buf, size_t len)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	size_t off = 0;
	int r;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (v->fd < 0) {
		out(buf, len, &off, "vCPU %u: not created", v->id);
		return off;
	}
	if (vm_sev_state_protected(v->vm))
		return describe_vmsa(v, buf, len);
	r = vm_vcpu_ioctl(v->vm, v->id, KVM_GET_REGS, &regs);
	if (r >= 0)
		r = vm_vcpu_ioctl(v->vm, v->id, KVM_GET_SREGS, &sregs);
	if (r < 0) {
		out(buf, len, &off, "vCPU %u: state not readable (%s)", v->id, strerror(-r));
		return off;
	}
	if (vm_vcpu_ioctl(v->vm, v->id, KVM_GET_MP_STATE, &mp) == 0 &&
	    (mp.mp_state == KVM_MP_STATE_UNINITIALIZED ||
	     mp.mp_state == KVM_MP_STATE_INIT_RECEIVED)) {
		out(buf, len, &off, "vCPU %u: waiting for INIT/SIPI", v->id);
		return off;
	}
	where(v, &regs, &sregs, "", mp.mp_state == KVM_MP_STATE_HALTED, buf, len, &off);
	return off;
}

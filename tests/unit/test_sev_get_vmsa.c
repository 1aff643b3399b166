// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_SEV_GET_VMSA on the model, every row of the error table of
 * kernel-patches/0001 in the order the patch checks them, the register
 * values at the offsets of APM vol. 2 table B-4 (written down here, not
 * taken from sev/vmsa.c), the firmware status from the kernel's own
 * psp-sev.h, KVM 6.12's refusals for protected vCPUs, and the GDB stub's
 * SEV-ES registers through the command.
 */
#include <errno.h>
#include <linux/psp-sev.h>
#include <stdbool.h>
#include <string.h>
#include "sev/backend.h"
#include "sev/vcpu_vmsa.h"
#include "tests/unit/unit.h"
#include "vmm/gdb/stub_internal.h"
#include "vmm/vm.h"
#include "vmm/vm_sev.h"

/* APM vol. 2 table B-4, the VMSA (Linux struct sev_es_save_area). */
#define OFF_RIP		0x178
#define OFF_RSP		0x1d8
#define OFF_RAX		0x1f8
#define OFF_RCX		0x308
#define OFF_RDX		0x310
#define OFF_RBX		0x318
#define OFF_RBP		0x328
#define OFF_RSI		0x330
#define OFF_RDI		0x338
#define OFF_R8		0x340
#define OFF_CR2		0x240
#define PAGE		4096u

#define NR_VCPUS	2

/* Guest policy bits (SEV API 55766, 3.3). */
#define POLICY_NODBG	0x1u
#define POLICY_ES	0x4u

/* A model VM with two fake vCPUs whose state the test sets. */
struct rig {
	struct sev_backend *be;
	struct sev_vcpu_state st[NR_VCPUS];
	bool busy[NR_VCPUS];		/* "inside KVM_RUN" */
	int locked[NR_VCPUS];		/* trylock minus unlock */
	uint8_t page[PAGE];
};

static int rig_get(void *opaque, unsigned int idx, struct sev_vcpu_state *st, struct err *e)
{
	struct rig *r = opaque;

	(void)e;
	*st = r->st[idx];
	return 0;
}

static int rig_trylock(void *opaque, unsigned int idx)
{
	struct rig *r = opaque;

	if (r->busy[idx])
		return -EBUSY;
	r->locked[idx]++;
	return 0;
}

static void rig_unlock(void *opaque, unsigned int idx)
{
	struct rig *r = opaque;

	r->locked[idx]--;
}

static int zero_rand(void *opaque, uint8_t *buf, size_t len)
{
	(void)opaque;
	memset(buf, 0x5a, len);
	return 0;
}

static uint64_t pattern(unsigned int cpu, unsigned int reg)
{
	return 0x1111111111111111ull * (reg + 1) ^ (uint64_t)cpu << 60;
}

/* Known values in every GPR of each vCPU (real mode, as after RESET). */
static void set_regs(struct rig *r, unsigned int salt)
{
	unsigned int i;

	for (i = 0; i < NR_VCPUS; i++) {
		struct kvm_regs *g = &r->st[i].regs;

		g->rax = pattern(i, 0) + salt;
		g->rbx = pattern(i, 1) + salt;
		g->rcx = pattern(i, 2) + salt;
		g->rdx = pattern(i, 3) + salt;
		g->rsi = pattern(i, 4) + salt;
		g->rdi = pattern(i, 5) + salt;
		g->rbp = pattern(i, 6) + salt;
		g->rsp = pattern(i, 7) + salt;
		g->r8 = pattern(i, 8) + salt;
		g->r9 = pattern(i, 9) + salt;
		g->r10 = pattern(i, 10) + salt;
		g->r11 = pattern(i, 11) + salt;
		g->r12 = pattern(i, 12) + salt;
		g->r13 = pattern(i, 13) + salt;
		g->r14 = pattern(i, 14) + salt;
		g->r15 = pattern(i, 15) + salt;
		g->rip = 0xf000 + 0x10 * i + salt;
	}
}

static int cmd(struct rig *r, uint32_t id, void *data, uint32_t *fw)
{
	struct kvm_sev_cmd c = { .id = id, .data = (uint64_t)(uintptr_t)data, .error = 0xdead };
	int ret = r->be->ops->mem_enc_op(r->be, &c);

	if (fw)
		*fw = c.error;
	return ret;
}

static void attach_vcpus(struct rig *r)
{
	r->be->vcpus = (struct sev_vcpu_source){
		.nr = NR_VCPUS, .get = rig_get, .trylock = rig_trylock, .unlock = rig_unlock,
		.opaque = r,
	};
}

/* An SEV-ES VM (INIT2 or the legacy init) with @policy, launched up to LAUNCH_START. */
static void rig_open(struct rig *r, bool init2, uint32_t policy)
{
	struct sev_sim_config c = { .api_major = 1, .api_minor = 55, .build = 21, .cbit = 47,
				    .rand = zero_rand };
	struct kvm_sev_launch_start start = { .policy = policy };
	struct sevvm_kvm_sev_init init = { 0 };
	struct err e = { 0 };
	unsigned int i;

	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(sev_backend_sim_open(&r->be, &c, &e), 0);
	ck_assert_int_eq(r->be->ops->create_vm(r->be, -1, init2 ? KVM_X86_SEV_ES_VM :
					       KVM_X86_DEFAULT_VM), 0);
	if (init2)
		ck_assert_int_eq(cmd(r, SEVVM_KVM_SEV_INIT2, &init, NULL), 0);
	else
		ck_assert_int_eq(cmd(r, KVM_SEV_ES_INIT, NULL, NULL), 0);
	for (i = 0; i < NR_VCPUS; i++)
		sev_vcpu_reset_state(&r->st[i], 0x800f12);
	set_regs(r, 0);
	attach_vcpus(r);	/* KVM_CREATE_VCPU comes after init */
	ck_assert_int_eq(cmd(r, KVM_SEV_LAUNCH_START, &start, NULL), 0);
}

static void rig_update_vmsa(struct rig *r)
{
	ck_assert_int_eq(cmd(r, KVM_SEV_LAUNCH_UPDATE_VMSA, NULL, NULL), 0);
}

static void rig_close(struct rig *r)
{
	unsigned int i;

	for (i = 0; i < NR_VCPUS; i++)
		ck_assert_msg(r->locked[i] == 0, "vCPU %u left locked (%d)", i, r->locked[i]);
	sev_backend_close(r->be);
}

static struct sevvm_kvm_sev_get_vmsa args(struct rig *r, unsigned int cpu)
{
	return (struct sevvm_kvm_sev_get_vmsa){
		.vcpu_id = cpu, .len = PAGE, .uaddr = (uint64_t)(uintptr_t)r->page,
	};
}

static uint64_t at(const uint8_t *page, unsigned int off)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)page[off + i] << (8 * i);
	return v;
}

START_TEST(get_vmsa_layout)
{
	ck_assert_uint_eq(sizeof(struct sevvm_kvm_sev_get_vmsa), 24);
	ck_assert_uint_eq(offsetof(struct sevvm_kvm_sev_get_vmsa, uaddr), 8);
	ck_assert_uint_eq(offsetof(struct sevvm_kvm_sev_get_vmsa, flags), 16);
	ck_assert_uint_eq(offsetof(struct sevvm_kvm_sev_get_vmsa, pad0), 20);
	/* enum sev_cmd_id: KVM_SEV_INIT2 = 22, then the patch's command. */
	ck_assert_int_eq(SEVVM_KVM_SEV_GET_VMSA, 23);
	ck_assert_int_eq(KVM_X86_SEV_GET_VMSA, 1);
}
END_TEST

/* Not an SEV VM: -ENOTTY; plain SEV (either init): -EINVAL. */
START_TEST(get_vmsa_not_sev_es)
{
	struct sev_sim_config c = { .api_major = 1, .api_minor = 55, .build = 21, .cbit = 47,
				    .rand = zero_rand };
	struct kvm_sev_launch_start start = { .policy = 0 };
	struct sevvm_kvm_sev_init init = { 0 };
	struct err e = { 0 };
	struct rig r;
	struct sevvm_kvm_sev_get_vmsa p;

	memset(&r, 0, sizeof(r));
	p = args(&r, 0);
	ck_assert_int_eq(sev_backend_sim_open(&r.be, &c, &e), 0);
	ck_assert_int_eq(r.be->ops->create_vm(r.be, -1, KVM_X86_DEFAULT_VM), 0);
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -ENOTTY);
	ck_assert_int_eq(cmd(&r, KVM_SEV_INIT, NULL, NULL), 0);
	ck_assert_int_eq(cmd(&r, KVM_SEV_LAUNCH_START, &start, NULL), 0);
	attach_vcpus(&r);
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EINVAL);
	/* Before the parameters are read: even a NULL pointer gets -EINVAL. */
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, NULL, NULL), -EINVAL);
	sev_backend_close(r.be);

	ck_assert_int_eq(sev_backend_sim_open(&r.be, &c, &e), 0);
	ck_assert_int_eq(r.be->ops->create_vm(r.be, -1, KVM_X86_SEV_VM), 0);
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_INIT2, &init, NULL), 0);
	attach_vcpus(&r);
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EINVAL);
	/* The register path says so in words. */
	ck_assert_int_eq(sev_vcpu_vmsa(r.be, 0, r.page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "KVM_SEV_GET_VMSA") != NULL, "%s", e.msg);
	sev_backend_close(r.be);
}
END_TEST

/* The rows of the table in the patch's order: each check wins over the later ones. */
START_TEST(get_vmsa_errors_in_order)
{
	struct sevvm_kvm_sev_get_vmsa p;
	struct rig r;
	uint32_t fw;

	rig_open(&r, true, POLICY_ES);
	p = args(&r, 0);
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, NULL, NULL), -EFAULT);

	/* flags before len: the short len is not rewritten. */
	p.flags = 1;
	p.len = 16;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EINVAL);
	ck_assert_uint_eq(p.len, 16);
	p.flags = 0;
	p.pad0 = 1;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EINVAL);
	p.pad0 = 0;

	/* len before vcpu_id: -ENOSPC, with the size needed. */
	p.vcpu_id = 99;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -ENOSPC);
	ck_assert_uint_eq(p.len, PAGE);
	p.len = PAGE - 1;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -ENOSPC);
	ck_assert_uint_eq(p.len, PAGE);

	/* No such vCPU. */
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EINVAL);
	p.vcpu_id = NR_VCPUS;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EINVAL);
	p.vcpu_id = 1;

	/* A running vCPU before the VMSA check: -EBUSY, not -EINVAL. */
	r.busy[1] = true;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EBUSY);
	r.busy[1] = false;

	/* Not encrypted yet: LAUNCH_UPDATE_VMSA has not run. */
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, &fw), -EINVAL);

	rig_update_vmsa(&r);
	r.busy[1] = true;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EBUSY);
	r.busy[1] = false;
	/* The page cannot be written. */
	p.uaddr = 0;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), -EFAULT);
	p.uaddr = (uint64_t)(uintptr_t)r.page;
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, &fw), 0);
	ck_assert_uint_eq(fw, 0);
	ck_assert_uint_eq(p.len, PAGE);
	rig_close(&r);
}
END_TEST

static void check_page(const uint8_t *page, const struct kvm_regs *g)
{
	const __u64 hi[8] = { g->r8, g->r9, g->r10, g->r11, g->r12, g->r13, g->r14, g->r15 };
	unsigned int i;

	ck_assert_uint_eq(at(page, OFF_RIP), g->rip);
	ck_assert_uint_eq(at(page, OFF_RSP), g->rsp);
	ck_assert_uint_eq(at(page, OFF_RAX), g->rax);
	ck_assert_uint_eq(at(page, OFF_RBX), g->rbx);
	ck_assert_uint_eq(at(page, OFF_RCX), g->rcx);
	ck_assert_uint_eq(at(page, OFF_RDX), g->rdx);
	ck_assert_uint_eq(at(page, OFF_RBP), g->rbp);
	ck_assert_uint_eq(at(page, OFF_RSI), g->rsi);
	ck_assert_uint_eq(at(page, OFF_RDI), g->rdi);
	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(at(page, OFF_R8 + 8 * i), hi[i]);
}

/* A debug policy: each vCPU's state at its last exit, not the launch's. */
static void check_values(bool init2)
{
	struct sevvm_kvm_sev_get_vmsa p;
	struct sev_vcpu_state st;
	struct err e = { 0 };
	struct rig r;
	unsigned int i;

	rig_open(&r, init2, POLICY_ES);
	rig_update_vmsa(&r);
	set_regs(&r, 0x40);	/* the guest ran */
	r.st[1].sregs.cr2 = 0xdeadb000;
	for (i = 0; i < NR_VCPUS; i++) {
		memset(r.page, 0xcc, sizeof(r.page));
		p = args(&r, i);
		ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, NULL), 0);
		check_page(r.page, &r.st[i].regs);
	}
	/* CR2 of a vCPU that has run is in its VMSA. */
	ck_assert_uint_eq(at(r.page, OFF_CR2), 0xdeadb000);
	/* The decoded form, for the stop report and the debugger. */
	ck_assert_int_eq(sev_vcpu_vmsa_state(r.be, 1, &st, &e), 0);
	ck_assert_mem_eq(&st.regs, &r.st[1].regs, sizeof(st.regs));
	ck_assert_uint_eq(st.sregs.cs.selector, r.st[1].sregs.cs.selector);
	ck_assert_uint_eq(st.sregs.cs.base, r.st[1].sregs.cs.base);
	ck_assert_uint_eq(st.sregs.cs.type, r.st[1].sregs.cs.type);
	/* KVM keeps CD and NW (bits 30, 29) out of the processor's CR0 (svm_set_cr0()). */
	ck_assert_uint_eq(st.sregs.cr0, r.st[1].sregs.cr0 & ~0x60000000ull);
	ck_assert_uint_eq(st.fpu.fcw, r.st[1].fpu.fcw);
	ck_assert_uint_eq(st.fpu.mxcsr, r.st[1].fpu.mxcsr);
	rig_close(&r);
}

START_TEST(get_vmsa_values_init2)
{
	check_values(true);
}
END_TEST

START_TEST(get_vmsa_values_legacy)
{
	check_values(false);
}
END_TEST

/* NODBG: the firmware's DBG_DECRYPT fails with POLICY_FAILURE; nothing is written. */
START_TEST(get_vmsa_nodbg)
{
	struct sevvm_kvm_sev_get_vmsa p;
	struct err e = { 0 };
	struct rig r;
	uint32_t fw;
	unsigned int i;

	rig_open(&r, true, POLICY_ES | POLICY_NODBG);
	rig_update_vmsa(&r);
	memset(r.page, 0xcc, sizeof(r.page));
	p = args(&r, 0);
	ck_assert_int_eq(cmd(&r, SEVVM_KVM_SEV_GET_VMSA, &p, &fw), -EIO);
	ck_assert_uint_eq(fw, SEV_RET_POLICY_FAILURE);
	for (i = 0; i < PAGE; i++)
		ck_assert_uint_eq(r.page[i], 0xcc);
	ck_assert_int_eq(sev_vcpu_vmsa(r.be, 0, r.page, &e), -EPERM);
	ck_assert_msg(strstr(e.msg, "NODBG") && strstr(e.msg, "POLICY_FAILURE"), "%s", e.msg);
	rig_close(&r);
}
END_TEST

/* A kernel without the command (no KVM_X86_SEV_GET_VMSA attribute). */
START_TEST(get_vmsa_not_offered)
{
	struct err e = { 0 };
	struct rig r;

	rig_open(&r, true, POLICY_ES);
	rig_update_vmsa(&r);
	r.be->get_vmsa_len = 0;
	ck_assert_int_eq(sev_vcpu_vmsa(r.be, 0, r.page, &e), -ENOTSUP);
	ck_assert_msg(strstr(e.msg, "no KVM_SEV_GET_VMSA"), "%s", e.msg);
	rig_close(&r);
}
END_TEST

/* KVM 6.12's refusals once LAUNCH_UPDATE_VMSA protected a vCPU. */
START_TEST(protected_vcpu_rules)
{
	static const unsigned long state[] = {
		KVM_GET_REGS, KVM_SET_REGS, KVM_GET_SREGS, KVM_SET_SREGS, KVM_GET_FPU,
		KVM_SET_FPU, KVM_GET_XSAVE, KVM_SET_XSAVE, KVM_GET_DEBUGREGS, KVM_GET_XCRS,
	};
	struct kvm_xsave xsave;	/* the largest argument */
	struct rig r;
	unsigned int i;
	int ret;

	/* INIT2 (KVM_X86_SEV_ES_VM has protected state). */
	rig_open(&r, true, POLICY_ES);
	/* Before: KVM does it (the fd is not open: -EBADF shows it got there). */
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 0, -1, KVM_GET_REGS, &xsave), -EBADF);
	rig_update_vmsa(&r);
	for (i = 0; i < sizeof(state) / sizeof(state[0]); i++) {
		ret = r.be->ops->vcpu_ioctl(r.be, 0, -1, state[i], &xsave);
		ck_assert_msg(ret == -EINVAL, "ioctl %#lx: %d", state[i], ret);
	}
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 1, -1, KVM_SET_GUEST_DEBUG, &xsave),
			 -EINVAL);
	/* Not protected state: still KVM's. */
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 0, -1, KVM_GET_MP_STATE, &xsave), -EBADF);
	rig_close(&r);

	/* Legacy KVM_SEV_ES_INIT: registers reach KVM, the FPU is a no-op, no guest debug. */
	rig_open(&r, false, POLICY_ES);
	rig_update_vmsa(&r);
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 0, -1, KVM_GET_REGS, &xsave), -EBADF);
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 0, -1, KVM_GET_FPU, &xsave), 0);
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 0, -1, KVM_GET_XSAVE, &xsave), 0);
	ck_assert_int_eq(r.be->ops->vcpu_ioctl(r.be, 0, -1, KVM_SET_GUEST_DEBUG, &xsave),
			 -EINVAL);
	rig_close(&r);
}
END_TEST

/* A VM with no KVM whose SEV-ES launch ran on the model (the rig's vCPUs). */
struct gdb_rig {
	struct rig r;
	struct vm_config cfg;
	struct vm vm;
	struct vm_sev sev;
	struct vcpu vcpus[NR_VCPUS];
	struct gdb_vcpu cpus[NR_VCPUS];
	struct gdb_stub g;
	char reply[2 * GDB_PACKET_MAX + 1];
};

static struct gdb_rig *gdb_rig_open(uint32_t policy)
{
	struct gdb_rig *t = calloc(1, sizeof(*t));

	ck_assert_ptr_nonnull(t);
	rig_open(&t->r, true, policy);
	rig_update_vmsa(&t->r);
	set_regs(&t->r, 0x100);	/* the guest ran */
	t->cfg.sev.mode = SEV_MODE_ES;
	t->cfg.sev.policy = policy;
	t->cfg.sev.policy_set = true;
	t->sev.launch.be = t->r.be;
	t->sev.launch.measured = true;
	t->vm = (struct vm){ .cfg = &t->cfg, .ncpus = NR_VCPUS, .vcpus = t->vcpus, .sev = &t->sev };
	t->vcpus[0].fd = t->vcpus[1].fd = -1;
	t->g.vm = &t->vm;
	t->g.cpus = t->cpus;
	return t;
}

static const char *gdb_ask(struct gdb_rig *t, const char *pkt)
{
	gdb_handle_packet(&t->g, pkt, strlen(pkt), t->reply, sizeof(t->reply));
	return t->reply;
}

/* Little-endian hex of @v, as the 'p' reply carries an 8-byte register. */
static const char *le_hex(uint64_t v, char out[17])
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned int)(v >> (8 * i)) & 0xff);
	return out;
}

START_TEST(gdb_reads_sev_es_registers)
{
	struct gdb_rig *t = gdb_rig_open(POLICY_ES);
	char want[17];

	/* gdb's numbers: 0 rax, 1 rbx, 7 rsp, 15 r15, 16 rip (64bit-core.xml). */
	ck_assert_str_eq(gdb_ask(t, "p0"), le_hex(t->r.st[0].regs.rax, want));
	ck_assert_str_eq(gdb_ask(t, "p1"), le_hex(t->r.st[0].regs.rbx, want));
	ck_assert_str_eq(gdb_ask(t, "p7"), le_hex(t->r.st[0].regs.rsp, want));
	ck_assert_str_eq(gdb_ask(t, "pf"), le_hex(t->r.st[0].regs.r15, want));
	ck_assert_str_eq(gdb_ask(t, "p10"), le_hex(t->r.st[0].regs.rip, want));
	/* The second thread is vCPU 1, with its own VMSA. */
	ck_assert_str_eq(gdb_ask(t, "Hg2"), "OK");
	ck_assert_str_eq(gdb_ask(t, "p10"), le_hex(t->r.st[1].regs.rip, want));
	/* 'g' starts with rax. */
	ck_assert_int_eq(strncmp(gdb_ask(t, "g"), le_hex(t->r.st[1].regs.rax, want), 16), 0);
	/* Writes are refused: no command writes an encrypted VMSA. */
	ck_assert_str_eq(gdb_ask(t, "P0=0100000000000000"), "E01");
	ck_assert(t->g.said_regs);
	/* A vCPU inside KVM_RUN: the command's -EBUSY comes back as a refusal. */
	t->r.busy[1] = true;
	ck_assert_str_eq(gdb_ask(t, "p10"), "E01");
	t->r.busy[1] = false;
	rig_close(&t->r);
	free(t);
}
END_TEST

START_TEST(gdb_sev_es_nodbg_refused)
{
	struct gdb_rig *t = gdb_rig_open(POLICY_ES | POLICY_NODBG);

	ck_assert_str_eq(gdb_ask(t, "g"), "E01");
	ck_assert_str_eq(gdb_ask(t, "p10"), "E01");
	ck_assert(t->g.said_regs);
	/* And on a kernel without the command. */
	t->r.be->get_vmsa_len = 0;
	ck_assert_str_eq(gdb_ask(t, "p10"), "E01");
	rig_close(&t->r);
	free(t);
}
END_TEST

Suite *sev_get_vmsa_suite(void)
{
	Suite *s = suite_create("sev_get_vmsa");
	TCase *t = tcase_create("model");

	tcase_add_test(t, get_vmsa_layout);
	tcase_add_test(t, get_vmsa_not_sev_es);
	tcase_add_test(t, get_vmsa_errors_in_order);
	tcase_add_test(t, get_vmsa_values_init2);
	tcase_add_test(t, get_vmsa_values_legacy);
	tcase_add_test(t, get_vmsa_nodbg);
	tcase_add_test(t, get_vmsa_not_offered);
	tcase_add_test(t, protected_vcpu_rules);
	tcase_add_test(t, gdb_reads_sev_es_registers);
	tcase_add_test(t, gdb_sev_es_nodbg_refused);
	suite_add_tcase(s, t);
	return s;
}

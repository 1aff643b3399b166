// SPDX-License-Identifier: GPL-2.0
/*
 * gdb's amd64 register set (gdb/features/i386/64bit-core.xml, 64bit-sse.xml,
 * 64bit-segments.xml) on KVM's kvm_regs, kvm_sregs and kvm_fpu, and a
 * system feature of sevvm's own with the segment bases gdb has no names
 * for, CR0/2/3/4/8 and EFER.
 */
#include "vmm/gdb/regs.h"

#include <string.h>

/* Register numbers of the blocks, in description order. */
enum {
	R_GPR0 = 0,		/* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 */
	R_ST0 = 24,		/* st0..st7, 80 bits each */
	R_FCTRL = 32,		/* fctrl fstat ftag fiseg fioff foseg fooff fop */
	R_XMM0 = 40,		/* xmm0..xmm15 */
	R_MXCSR = 56,
	R_FS_BASE = 57, R_GS_BASE,
	R_CS_BASE, R_SS_BASE, R_DS_BASE, R_ES_BASE,
	R_CR0, R_CR2, R_CR3, R_CR4, R_CR8, R_EFER,
};

_Static_assert(R_EFER + 1 == GDB_NUM_REGS, "register count");

size_t gdb_reg_size(unsigned int n)
{
	if (n < GDB_REG_EFLAGS)
		return 8;
	if (n < R_ST0)
		return 4;		/* eflags and the six selectors */
	if (n < R_FCTRL)
		return 10;
	if (n < R_XMM0)
		return 4;
	if (n < R_MXCSR)
		return 16;
	if (n == R_MXCSR)
		return 4;
	if (n < GDB_NUM_REGS)
		return 8;
	return 0;
}

size_t gdb_regs_size(void)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < GDB_NUM_REGS; i++)
		n += gdb_reg_size(i);
	return n;
}

/* kvm_regs in gdb's order: KVM's is rax rbx rcx rdx rsi rdi rsp rbp. */
static __u64 *gpr(struct kvm_regs *r, unsigned int n)
{
	__u64 *const map[16] = {
		&r->rax, &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi, &r->rbp, &r->rsp,
		&r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
	};

	return map[n];
}

static struct kvm_segment *seg(struct kvm_sregs *s, unsigned int n)
{
	/* cs ss ds es fs gs, as 64bit-core.xml orders them */
	struct kvm_segment *const map[6] = { &s->cs, &s->ss, &s->ds, &s->es, &s->fs, &s->gs };

	return map[n];
}

/*
 * The full x87 tag word from FXSAVE's abridged one (APM vol. 2, 11.4.4):
 * a set bit is a valid, zero or special register, told apart by its value
 * (gdb's i387_tag()); a clear bit is empty (11b).
 */
static uint16_t full_ftag(const struct kvm_fpu *f)
{
	uint16_t tag = 0;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		/* fpr[] is in stack order: physical register (top + i) & 7. */
		unsigned int top = (f->fsw >> 11) & 7, phys = (top + i) & 7;
		const uint8_t *v = f->fpr[i];
		uint16_t exp = (uint16_t)((v[9] & 0x7f) << 8 | v[8]);
		uint64_t mant;
		unsigned int t;

		memcpy(&mant, v, 8);
		if (!(f->ftwx & (1u << phys)))
			t = 3;
		else if (exp == 0x7fff)
			t = 2;
		else if (exp == 0)
			t = mant ? 2 : 1;
		else
			t = mant >> 63 ? 0 : 2;
		tag = (uint16_t)(tag | t << (2 * phys));
	}
	return tag;
}

static uint8_t abridged_ftag(uint16_t full)
{
	uint8_t t = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (((full >> (2 * i)) & 3) != 3)
			t = (uint8_t)(t | 1u << i);
	return t;
}

static void put(uint8_t *out, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *in, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)in[i] << (8 * i);
	return v;
}

void gdb_reg_get(const struct gdb_cpu_state *s, unsigned int n, uint8_t *out)
{
	/* The maps take non-const pointers; nothing is written through them. */
	struct gdb_cpu_state *m = (struct gdb_cpu_state *)s;
	size_t sz = gdb_reg_size(n);
	uint64_t v = 0;

	if (n < 16) {
		v = *gpr(&m->regs, n);
	} else if (n == GDB_REG_RIP) {
		v = s->regs.rip;
	} else if (n == GDB_REG_EFLAGS) {
		v = s->regs.rflags;
	} else if (n < R_ST0) {
		v = seg(&m->sregs, n - GDB_REG_CS)->selector;
	} else if (n < R_FCTRL) {
		memcpy(out, s->fpu.fpr[n - R_ST0], 10);
		return;
	} else if (n < R_XMM0) {
		switch (n - R_FCTRL) {
		case 0: v = s->fpu.fcw; break;
		case 1: v = s->fpu.fsw; break;
		case 2: v = full_ftag(&s->fpu); break;
		case 3: v = 0; break;				/* fiseg: none in 64-bit FXSAVE */
		case 4: v = s->fpu.last_ip & 0xffffffffu; break;
		case 5: v = 0; break;				/* foseg */
		case 6: v = s->fpu.last_dp & 0xffffffffu; break;
		default: v = s->fpu.last_opcode; break;
		}
	} else if (n < R_MXCSR) {
		memcpy(out, s->fpu.xmm[n - R_XMM0], 16);
		return;
	} else {
		switch (n) {
		case R_MXCSR: v = s->fpu.mxcsr; break;
		case R_FS_BASE: v = s->sregs.fs.base; break;
		case R_GS_BASE: v = s->sregs.gs.base; break;
		case R_CS_BASE: v = s->sregs.cs.base; break;
		case R_SS_BASE: v = s->sregs.ss.base; break;
		case R_DS_BASE: v = s->sregs.ds.base; break;
		case R_ES_BASE: v = s->sregs.es.base; break;
		case R_CR0: v = s->sregs.cr0; break;
		case R_CR2: v = s->sregs.cr2; break;
		case R_CR3: v = s->sregs.cr3; break;
		case R_CR4: v = s->sregs.cr4; break;
		case R_CR8: v = s->sregs.cr8; break;
		case R_EFER: v = s->sregs.efer; break;
		default: break;
		}
	}
	put(out, v, sz);
}

void gdb_reg_set(struct gdb_cpu_state *s, unsigned int n, const uint8_t *in)
{
	uint64_t v = get(in, gdb_reg_size(n));

	if (n < 16) {
		*gpr(&s->regs, n) = v;
	} else if (n == GDB_REG_RIP) {
		s->regs.rip = v;
	} else if (n == GDB_REG_EFLAGS) {
		s->regs.rflags = v;
	} else if (n < R_ST0) {
		seg(&s->sregs, n - GDB_REG_CS)->selector = (uint16_t)v;
	} else if (n < R_FCTRL) {
		memcpy(s->fpu.fpr[n - R_ST0], in, 10);
	} else if (n < R_XMM0) {
		switch (n - R_FCTRL) {
		case 0: s->fpu.fcw = (uint16_t)v; break;
		case 1: s->fpu.fsw = (uint16_t)v; break;
		case 2: s->fpu.ftwx = abridged_ftag((uint16_t)v); break;
		case 4: s->fpu.last_ip = v; break;
		case 6: s->fpu.last_dp = v; break;
		case 7: s->fpu.last_opcode = (uint16_t)v; break;
		default: break;		/* fiseg, foseg: not in 64-bit FXSAVE */
		}
	} else if (n < R_MXCSR) {
		memcpy(s->fpu.xmm[n - R_XMM0], in, 16);
	} else {
		switch (n) {
		case R_MXCSR: s->fpu.mxcsr = (uint32_t)v; break;
		case R_FS_BASE: s->sregs.fs.base = v; break;
		case R_GS_BASE: s->sregs.gs.base = v; break;
		case R_CS_BASE: s->sregs.cs.base = v; break;
		case R_SS_BASE: s->sregs.ss.base = v; break;
		case R_DS_BASE: s->sregs.ds.base = v; break;
		case R_ES_BASE: s->sregs.es.base = v; break;
		case R_CR0: s->sregs.cr0 = v; break;
		case R_CR2: s->sregs.cr2 = v; break;
		case R_CR3: s->sregs.cr3 = v; break;
		case R_CR4: s->sregs.cr4 = v; break;
		case R_CR8: s->sregs.cr8 = v; break;
		case R_EFER: s->sregs.efer = v; break;
		default: break;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The SEV-ES VMSA as KVM builds it at LAUNCH_UPDATE_VMSA.
 *
 * sev_es_sync_vmsa() (arch/x86/kvm/svm/sev.c) starts from a copy of the
 * VMCB save area, which holds the vCPU's state the way svm_set_segment(),
 * svm_set_cr0(), svm_set_cr4(), svm_set_efer() and init_vmcb() left it
 * (arch/x86/kvm/svm/svm.c), then overwrites the GPRs, XCR0, PKRU, XSS, DR6
 * and SEV_FEATURES, and for KVM_SEV_INIT2 VM types the x87/SSE state.
 * Offsets: APM vol. 2 table B-4 (VMSA layout), Linux struct
 * sev_es_save_area (arch/x86/include/asm/svm.h).
 */
#include "sev/vmsa.h"
#include "sev/vmsa_fields.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* Field offsets in the VMSA page. */
enum {
	VMSA_ES		= 0x000,	/* struct vmcb_seg, 16 bytes each */
	VMSA_CS		= 0x010,
	VMSA_SS		= 0x020,
	VMSA_DS		= 0x030,
	VMSA_FS		= 0x040,
	VMSA_GS		= 0x050,
	VMSA_GDTR	= 0x060,
	VMSA_LDTR	= 0x070,
	VMSA_IDTR	= 0x080,
	VMSA_TR		= 0x090,
	VMSA_CPL	= 0x0cb,
	VMSA_EFER	= 0x0d0,
	VMSA_XSS	= 0x140,
	VMSA_CR4	= 0x148,
	VMSA_CR3	= 0x150,
	VMSA_CR0	= 0x158,
	VMSA_DR7	= 0x160,
	VMSA_DR6	= 0x168,
	VMSA_RFLAGS	= 0x170,
	VMSA_RIP	= 0x178,
	VMSA_RSP	= 0x1d8,
	VMSA_RAX	= 0x1f8,
	VMSA_CR2	= 0x240,
	VMSA_G_PAT	= 0x268,
	VMSA_PKRU	= 0x2e8,
	VMSA_RCX	= 0x308,
	VMSA_RDX	= 0x310,
	VMSA_RBX	= 0x318,
	VMSA_RBP	= 0x328,
	VMSA_RSI	= 0x330,
	VMSA_RDI	= 0x338,
	VMSA_R8		= 0x340,	/* r8..r15, 8 bytes apart */
	VMSA_SEV_FEATURES = 0x3b0,
	VMSA_XCR0	= 0x3e8,
	VMSA_X87_DP	= 0x400,
	VMSA_MXCSR	= 0x408,
	VMSA_X87_FTW	= 0x40c,
	VMSA_X87_FSW	= 0x40e,
	VMSA_X87_FCW	= 0x410,
	VMSA_X87_FOP	= 0x412,
	VMSA_X87_DS	= 0x414,
	VMSA_X87_CS	= 0x416,
	VMSA_X87_RIP	= 0x418,
	VMSA_FPREG_X87	= 0x420,	/* 8 x 8 mantissa bytes, then 8 x 2 exponent bytes */
	VMSA_FPREG_XMM	= 0x470,
	VMSA_FPREG_YMM	= 0x570,
	VMSA_END	= 0x670,	/* sizeof(struct sev_es_save_area) */
};

const char *sev_vmsa_field(size_t off)
{
	const struct sev_vmsa_field *f = sev_vmsa_field_at(off);

	return f ? f->name : "outside the page";
}

/* Packed segment attributes, VMCB format (APM vol. 2 15.5.1; svm.h SVM_SELECTOR_*). */
#define SEG_S_SHIFT	4
#define SEG_DPL_SHIFT	5
#define SEG_P_SHIFT	7
#define SEG_AVL_SHIFT	8
#define SEG_L_SHIFT	9
#define SEG_DB_SHIFT	10
#define SEG_G_SHIFT	11

#define CR0_PE		(1ull << 0)
#define CR0_NW		(1ull << 29)
#define CR0_CD		(1ull << 30)
#define CR0_PG		(1ull << 31)
#define CR4_PAE		(1ull << 5)
#define CR4_MCE		(1ull << 6)
#define EFER_LME	(1ull << 8)
#define EFER_LMA	(1ull << 10)
#define EFER_SVME	(1ull << 12)
#define DR7_FIXED_1	0x400ull

static void put16(uint8_t *page, unsigned int off, uint16_t v)
{
	page[off] = (uint8_t)v;
	page[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *page, unsigned int off, uint32_t v)
{
	put16(page, off, (uint16_t)v);
	put16(page, off + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *page, unsigned int off, uint64_t v)
{
	put32(page, off, (uint32_t)v);
	put32(page, off + 4, (uint32_t)(v >> 32));
}

/* svm_set_segment(): P is cleared for an unusable segment. */
static uint16_t seg_attrib(const struct kvm_segment *s)
{
	unsigned int a = s->type & 0xfu;

	a |= (s->s & 1u) << SEG_S_SHIFT;
	a |= (s->dpl & 3u) << SEG_DPL_SHIFT;
	a |= (unsigned int)((s->present & 1u) && !s->unusable) << SEG_P_SHIFT;
	a |= (s->avl & 1u) << SEG_AVL_SHIFT;
	a |= (s->l & 1u) << SEG_L_SHIFT;
	a |= (s->db & 1u) << SEG_DB_SHIFT;
	a |= (s->g & 1u) << SEG_G_SHIFT;
	return (uint16_t)a;
}

static void put_seg(uint8_t *page, unsigned int off, const struct kvm_segment *s)
{
	put16(page, off, s->selector);
	put16(page, off + 2, seg_attrib(s));
	put32(page, off + 4, s->limit);
	put64(page, off + 8, s->base);
}

/* svm_set_gdt()/svm_set_idt() write limit and base; selector and attrib stay 0. */
static void put_dtable(uint8_t *page, unsigned int off, const struct kvm_dtable *dt)
{
	put32(page, off + 4, dt->limit);
	put64(page, off + 8, dt->base);
}

/*
 * The checks KVM_SET_SREGS makes (kvm_is_valid_sregs(), kvm_is_valid_cr0()
 * in arch/x86/kvm/x86.c), so that the model refuses what KVM refuses, and
 * the DR7 check of sev_es_sync_vmsa().
 */
static int check_state(const struct sev_vcpu_state *st, struct err *e)
{
	const struct kvm_sregs *s = &st->sregs;

	if (st->dr7 & ~DR7_FIXED_1)
		return err_set(e, EINVAL, "VMSA: DR7 %#llx has bits set beyond its reset value "
			       "0x400; KVM refuses LAUNCH_UPDATE_VMSA (sev_es_sync_vmsa)",
			       (unsigned long long)st->dr7);
	if (s->cr0 >> 32)
		return err_set(e, EINVAL, "VMSA: CR0 %#llx has reserved bits 63:32 set",
			       (unsigned long long)s->cr0);
	if ((s->cr0 & CR0_NW) && !(s->cr0 & CR0_CD))
		return err_set(e, EINVAL, "VMSA: CR0 %#llx sets NW without CD",
			       (unsigned long long)s->cr0);
	if ((s->cr0 & CR0_PG) && !(s->cr0 & CR0_PE))
		return err_set(e, EINVAL, "VMSA: CR0 %#llx sets PG without PE",
			       (unsigned long long)s->cr0);
	if ((s->efer & EFER_LME) && (s->cr0 & CR0_PG)) {
		if (!(s->cr4 & CR4_PAE) || !(s->efer & EFER_LMA))
			return err_set(e, EINVAL, "VMSA: long mode paging (EFER %#llx, CR0 %#llx) "
				       "needs CR4.PAE and EFER.LMA (CR4 %#llx)",
				       (unsigned long long)s->efer, (unsigned long long)s->cr0,
				       (unsigned long long)s->cr4);
	} else if ((s->efer & EFER_LMA) || s->cs.l) {
		return err_set(e, EINVAL, "VMSA: EFER.LMA or CS.L set outside long mode paging "
			       "(EFER %#llx, CR0 %#llx, CS.L %u)", (unsigned long long)s->efer,
			       (unsigned long long)s->cr0, s->cs.l);
	}
	return 0;
}

/* What KVM_SET_SREGS leaves in the VMCB save area (svm.c). */
static void put_sregs(uint8_t *page, const struct kvm_sregs *s)
{
	put_seg(page, VMSA_ES, &s->es);
	put_seg(page, VMSA_CS, &s->cs);
	put_seg(page, VMSA_SS, &s->ss);
	put_seg(page, VMSA_DS, &s->ds);
	put_seg(page, VMSA_FS, &s->fs);
	put_seg(page, VMSA_GS, &s->gs);
	put_dtable(page, VMSA_GDTR, &s->gdt);
	put_seg(page, VMSA_LDTR, &s->ldt);
	put_dtable(page, VMSA_IDTR, &s->idt);
	put_seg(page, VMSA_TR, &s->tr);
	/* svm_set_segment(SS) sets the CPL from SS.DPL. */
	page[VMSA_CPL] = (uint8_t)(s->ss.dpl & 3);
	/* svm_set_efer(): the VMCB copy always has SVME. */
	put64(page, VMSA_EFER, s->efer | EFER_SVME);
	/* svm_set_cr4() ORs in the host's CR4.MCE (set on any SEV host). */
	put64(page, VMSA_CR4, s->cr4 | CR4_MCE);
	/* sev_post_set_cr3() writes CR3 to the VMCB for SEV-ES guests. */
	put64(page, VMSA_CR3, s->cr3);
	/* svm_set_cr0() with NPT and KVM_X86_QUIRK_CD_NW_CLEARED. */
	put64(page, VMSA_CR0, s->cr0 & ~(CR0_CD | CR0_NW));
	/*
	 * CR2 reaches the VMCB only in svm_vcpu_run(), after the VMSA is
	 * encrypted, so the VMSA holds 0 whatever KVM_SET_SREGS gave.
	 */
	put64(page, VMSA_CR2, 0);
}

static void put_regs(uint8_t *page, const struct kvm_regs *r)
{
	const uint64_t hi[8] = { r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15 };
	unsigned int i;

	put64(page, VMSA_RFLAGS, r->rflags);
	put64(page, VMSA_RIP, r->rip);
	put64(page, VMSA_RSP, r->rsp);
	put64(page, VMSA_RAX, r->rax);
	put64(page, VMSA_RCX, r->rcx);
	put64(page, VMSA_RDX, r->rdx);
	put64(page, VMSA_RBX, r->rbx);
	put64(page, VMSA_RBP, r->rbp);
	put64(page, VMSA_RSI, r->rsi);
	put64(page, VMSA_RDI, r->rdi);
	for (i = 0; i < 8; i++)
		put64(page, VMSA_R8 + 8 * i, hi[i]);
}

/*
 * KVM_SEV_INIT2 VM types only: the FXSAVE-format state (KVM_SET_FPU fills
 * it as fcw = cwd, ftwx = abridged tag word, last_* = fop/rip/rdp). The
 * x87 registers are split: 8 bytes of mantissa each, then the 2-byte
 * sign/exponents. YMM_Hi128 is not in struct kvm_fpu: zero, as after reset.
 */
static void put_fpu(uint8_t *page, const struct kvm_fpu *f)
{
	unsigned int i;

	put64(page, VMSA_X87_DP, f->last_dp);
	put32(page, VMSA_MXCSR, f->mxcsr);
	put16(page, VMSA_X87_FTW, f->ftwx);
	put16(page, VMSA_X87_FSW, f->fsw);
	put16(page, VMSA_X87_FCW, f->fcw);
	put16(page, VMSA_X87_FOP, f->last_opcode);
	put16(page, VMSA_X87_DS, 0);
	put16(page, VMSA_X87_CS, 0);
	put64(page, VMSA_X87_RIP, f->last_ip);
	for (i = 0; i < 8; i++) {
		memcpy(page + VMSA_FPREG_X87 + 8 * i, f->fpr[i], 8);
		memcpy(page + VMSA_FPREG_X87 + 64 + 2 * i, f->fpr[i] + 8, 2);
	}
	memcpy(page + VMSA_FPREG_XMM, f->xmm, sizeof(f->xmm));
	memset(page + VMSA_FPREG_YMM, 0, VMSA_END - VMSA_FPREG_YMM);
}

/* The save area from @st; @fpu: with the x87/SSE state, @cr2: CR2 as given. */
static void fill(const struct sev_vcpu_state *st, bool fpu, bool cr2, uint64_t sev_features,
		 uint8_t page[SEV_VMSA_PAGE])
{
	memset(page, 0, SEV_VMSA_PAGE);
	put_sregs(page, &st->sregs);
	if (cr2)
		put64(page, VMSA_CR2, st->sregs.cr2);
	put64(page, VMSA_DR7, st->dr7);
	put64(page, VMSA_G_PAT, st->pat);
	put_regs(page, &st->regs);
	put64(page, VMSA_XCR0, st->xcr0);
	put32(page, VMSA_PKRU, st->pkru);
	put64(page, VMSA_XSS, st->xss);
	put64(page, VMSA_DR6, st->dr6);
	put64(page, VMSA_SEV_FEATURES, sev_features);
	if (fpu)
		put_fpu(page, &st->fpu);
}

int sev_vmsa_build(const struct sev_vcpu_state *st, enum sev_init_kind init,
		   uint64_t sev_features, uint8_t page[SEV_VMSA_PAGE], struct err *e)
{
	int r = check_state(st, e);

	if (r)
		return r;
	/* "Skip FPU and AVX setup with KVM_SEV_ES_INIT" (sev_es_sync_vmsa). */
	fill(st, init == SEV_INIT_INIT2, false, sev_features, page);
	return 0;
}

void sev_vmsa_snapshot(const struct sev_vcpu_state *st, uint64_t sev_features,
		       uint8_t page[SEV_VMSA_PAGE])
{
	fill(st, true, true, sev_features, page);
}

static uint16_t get16(const uint8_t *page, unsigned int off)
{
	return (uint16_t)(page[off] | page[off + 1] << 8);
}

static uint32_t get32(const uint8_t *page, unsigned int off)
{
	return get16(page, off) | (uint32_t)get16(page, off + 2) << 16;
}

static uint64_t get64(const uint8_t *page, unsigned int off)
{
	return get32(page, off) | (uint64_t)get32(page, off + 4) << 32;
}

/* The inverse of put_seg(): a segment without P reads as unusable. */
static void get_seg(const uint8_t *page, unsigned int off, struct kvm_segment *s)
{
	uint16_t a = get16(page, off + 2);

	*s = (struct kvm_segment){
		.selector = get16(page, off), .limit = get32(page, off + 4),
		.base = get64(page, off + 8),
		.type = a & 0xf, .s = (a >> SEG_S_SHIFT) & 1, .dpl = (a >> SEG_DPL_SHIFT) & 3,
		.present = (a >> SEG_P_SHIFT) & 1, .avl = (a >> SEG_AVL_SHIFT) & 1,
		.l = (a >> SEG_L_SHIFT) & 1, .db = (a >> SEG_DB_SHIFT) & 1,
		.g = (a >> SEG_G_SHIFT) & 1, .unusable = !((a >> SEG_P_SHIFT) & 1),
	};
}

static void get_dtable(const uint8_t *page, unsigned int off, struct kvm_dtable *dt)
{
	dt->limit = (uint16_t)get32(page, off + 4);
	dt->base = get64(page, off + 8);
}

void sev_vmsa_read(const uint8_t page[SEV_VMSA_PAGE], struct sev_vcpu_state *st)
{
	__u64 *const hi[8] = {
		&st->regs.r8, &st->regs.r9, &st->regs.r10, &st->regs.r11,
		&st->regs.r12, &st->regs.r13, &st->regs.r14, &st->regs.r15,
	};
	struct kvm_sregs *s = &st->sregs;
	struct kvm_fpu *f = &st->fpu;
	unsigned int i;

	memset(st, 0, sizeof(*st));
	st->regs = (struct kvm_regs){
		.rax = get64(page, VMSA_RAX), .rbx = get64(page, VMSA_RBX),
		.rcx = get64(page, VMSA_RCX), .rdx = get64(page, VMSA_RDX),
		.rsi = get64(page, VMSA_RSI), .rdi = get64(page, VMSA_RDI),
		.rsp = get64(page, VMSA_RSP), .rbp = get64(page, VMSA_RBP),
		.rip = get64(page, VMSA_RIP), .rflags = get64(page, VMSA_RFLAGS),
	};
	for (i = 0; i < 8; i++)
		*hi[i] = get64(page, VMSA_R8 + 8 * i);
	get_seg(page, VMSA_ES, &s->es);
	get_seg(page, VMSA_CS, &s->cs);
	get_seg(page, VMSA_SS, &s->ss);
	get_seg(page, VMSA_DS, &s->ds);
	get_seg(page, VMSA_FS, &s->fs);
	get_seg(page, VMSA_GS, &s->gs);
	get_dtable(page, VMSA_GDTR, &s->gdt);
	get_seg(page, VMSA_LDTR, &s->ldt);
	get_dtable(page, VMSA_IDTR, &s->idt);
	get_seg(page, VMSA_TR, &s->tr);
	s->efer = get64(page, VMSA_EFER);
	s->cr0 = get64(page, VMSA_CR0);
	s->cr2 = get64(page, VMSA_CR2);
	s->cr3 = get64(page, VMSA_CR3);
	s->cr4 = get64(page, VMSA_CR4);
	st->dr6 = get64(page, VMSA_DR6);
	st->dr7 = get64(page, VMSA_DR7);
	st->pat = get64(page, VMSA_G_PAT);
	st->xcr0 = get64(page, VMSA_XCR0);
	st->xss = get64(page, VMSA_XSS);
	st->pkru = get32(page, VMSA_PKRU);
	f->last_dp = get64(page, VMSA_X87_DP);
	f->mxcsr = get32(page, VMSA_MXCSR);
	f->ftwx = (uint8_t)get16(page, VMSA_X87_FTW);
	f->fsw = get16(page, VMSA_X87_FSW);
	f->fcw = get16(page, VMSA_X87_FCW);
	f->last_opcode = get16(page, VMSA_X87_FOP);
	f->last_ip = get64(page, VMSA_X87_RIP);
	for (i = 0; i < 8; i++) {
		memcpy(f->fpr[i], page + VMSA_FPREG_X87 + 8 * i, 8);
		memcpy(f->fpr[i] + 8, page + VMSA_FPREG_X87 + 64 + 2 * i, 2);
	}
	memcpy(f->xmm, page + VMSA_FPREG_XMM, sizeof(f->xmm));
}

/* A flat real-mode data segment as after RESET (APM vol. 2 table 14-1). */
static struct kvm_segment reset_data_seg(void)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffff, .selector = 0,
		.type = 0x3, .s = 1, .dpl = 0, .present = 1,	/* read/write, accessed */
	};
}

void sev_vcpu_reset_state(struct sev_vcpu_state *st, uint32_t cpuid1_eax)
{
	struct kvm_segment data = reset_data_seg();

	memset(st, 0, sizeof(*st));
	st->regs = (struct kvm_regs){ .rflags = 0x2, .rip = 0xfff0, .rdx = cpuid1_eax };
	st->sregs = (struct kvm_sregs){
		.cs = {
			.base = 0xffff0000, .limit = 0xffff, .selector = 0xf000,
			.type = 0xb, .s = 1, .dpl = 0, .present = 1,	/* exec/read, accessed */
		},
		.ds = data, .es = data, .fs = data, .gs = data, .ss = data,
		.ldt = { .limit = 0xffff, .type = 0x2, .present = 1 },	/* LDT */
		.tr = { .limit = 0xffff, .type = 0xb, .present = 1 },	/* busy 32-bit TSS */
		.gdt = { .limit = 0xffff },
		.idt = { .limit = 0xffff },
		.cr0 = 0x60000010,	/* CD | NW | ET */
		/* xAPIC enabled at its default base, BSP flag (MSR_IA32_APICBASE) */
		.apic_base = 0xfee00000 | 0x800 | 0x100,
	};
	st->fpu = (struct kvm_fpu){ .fcw = 0x37f, .mxcsr = 0x1f80 };
	st->xcr0 = 1;
	st->xss = 0;
	st->dr6 = 0xffff0ff0;
	st->dr7 = DR7_FIXED_1;
	st->pkru = 0;
	st->pat = 0x0007040600070406ull;
}

/* QEMU's sev_es_set_reset_vector(): selector 0xf000, base/IP from the reset block. */
void sev_vcpu_set_reset_addr(struct sev_vcpu_state *st, uint32_t reset_addr)
{
	st->sregs.cs.selector = 0xf000;
	st->sregs.cs.base = reset_addr & 0xffff0000u;
	st->regs.rip = reset_addr & 0xffffu;
	st->sregs.apic_base &= ~0x100ull;	/* an AP */
}

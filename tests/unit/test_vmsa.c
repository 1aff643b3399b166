// SPDX-License-Identifier: GPL-2.0
/*
 * The VMSA page, compared byte for byte with an independent oracle
 * (tests/sev/vmsa_oracle.py, built from the documented QEMU-mode table of
 * sev-snp-measure and the Linux struct sev_es_save_area offsets).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "sev/vmsa.h"

#define ORACLE		"/usr/bin/python3 tests/sev/vmsa_oracle.py"
#define SIG_EPYC_V4	0x800f12u	/* CPUID(1).EAX of -cpu EPYC-v4 */
#define OVMF_RESET	0x80b004u	/* AP reset address of the AmdSev OVMF */

/* Runs the oracle; fails the test unless it writes exactly one page. */
static void oracle(const char *args, uint8_t page[SEV_VMSA_PAGE])
{
	char cmd[256];
	FILE *f;
	size_t n;
	int extra, st;

	snprintf(cmd, sizeof(cmd), ORACLE " %s", args);
	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "popen %s", cmd);
	n = fread(page, 1, SEV_VMSA_PAGE, f);
	extra = fgetc(f);
	st = pclose(f);
	ck_assert_msg(n == SEV_VMSA_PAGE && extra == EOF && st == 0,
		      "%s: %zu bytes, exit status %d", cmd, n, st);
}

/* Byte-for-byte equality, naming the first differing offset. */
static void assert_same_page(const uint8_t *got, const uint8_t *want, const char *what)
{
	unsigned int i;

	for (i = 0; i < SEV_VMSA_PAGE; i++)
		ck_assert_msg(got[i] == want[i], "%s: byte %#x is %#04x, oracle says %#04x",
			      what, i, got[i], want[i]);
}

static void build(const struct sev_vcpu_state *st, enum sev_init_kind init, uint64_t features,
		  uint8_t page[SEV_VMSA_PAGE])
{
	struct err e = { 0 };

	memset(page, 0xcc, SEV_VMSA_PAGE);	/* every byte must be written */
	ck_assert_msg(sev_vmsa_build(st, init, features, page, &e) == 0, "%s", e.msg);
}

static void check_reset(bool ap, enum sev_init_kind init)
{
	static uint8_t got[SEV_VMSA_PAGE], want[SEV_VMSA_PAGE];
	struct sev_vcpu_state st;
	char args[96];

	sev_vcpu_reset_state(&st, SIG_EPYC_V4);
	if (ap)
		sev_vcpu_set_reset_addr(&st, OVMF_RESET);
	build(&st, init, 0, got);
	snprintf(args, sizeof(args), "%s %s %#x %#x", ap ? "ap" : "bsp",
		 init == SEV_INIT_INIT2 ? "init2" : "legacy", SIG_EPYC_V4, OVMF_RESET);
	oracle(args, want);
	assert_same_page(got, want, args);
}

START_TEST(vmsa_reset_bsp_legacy)
{
	check_reset(false, SEV_INIT_LEGACY);
}
END_TEST

START_TEST(vmsa_reset_bsp_init2)
{
	check_reset(false, SEV_INIT_INIT2);
}
END_TEST

START_TEST(vmsa_reset_ap_legacy)
{
	check_reset(true, SEV_INIT_LEGACY);
}
END_TEST

START_TEST(vmsa_reset_ap_init2)
{
	check_reset(true, SEV_INIT_INIT2);
}
END_TEST

/* The reset state in uAPI form, as QEMU pushes it (x86_cpu_reset_hold). */
START_TEST(vmsa_reset_state_fields)
{
	struct sev_vcpu_state st;

	sev_vcpu_reset_state(&st, SIG_EPYC_V4);
	ck_assert_uint_eq(st.regs.rip, 0xfff0);
	ck_assert_uint_eq(st.regs.rdx, SIG_EPYC_V4);
	ck_assert_uint_eq(st.sregs.cs.base, 0xffff0000);
	ck_assert_uint_eq(st.sregs.cs.selector, 0xf000);
	ck_assert_uint_eq(st.sregs.cr0, 0x60000010);
	ck_assert_uint_eq(st.sregs.apic_base & 0x100, 0x100);
	ck_assert_uint_eq(st.fpu.fcw, 0x37f);
	ck_assert_uint_eq(st.fpu.mxcsr, 0x1f80);
	sev_vcpu_set_reset_addr(&st, OVMF_RESET);
	ck_assert_uint_eq(st.sregs.cs.base, 0x800000);
	ck_assert_uint_eq(st.sregs.cs.selector, 0xf000);
	ck_assert_uint_eq(st.regs.rip, 0xb004);
	ck_assert_uint_eq(st.sregs.apic_base & 0x100, 0);
}
END_TEST

/*
 * sev-snp-measure's finding: the 6.10+ (INIT2) and the older VMSAs differ
 * only in MXCSR (0x408-0x409) and FCW (0x410-0x411).
 */
START_TEST(vmsa_init2_differs_in_mxcsr_fcw_only)
{
	static uint8_t legacy[SEV_VMSA_PAGE], init2[SEV_VMSA_PAGE];
	struct sev_vcpu_state st;
	unsigned int i, ap, ndiff = 0;

	for (ap = 0; ap < 2; ap++) {
		sev_vcpu_reset_state(&st, SIG_EPYC_V4);
		if (ap)
			sev_vcpu_set_reset_addr(&st, OVMF_RESET);
		build(&st, SEV_INIT_LEGACY, 0, legacy);
		build(&st, SEV_INIT_INIT2, 0, init2);
		for (i = 0; i < SEV_VMSA_PAGE; i++) {
			bool allowed = i == 0x408 || i == 0x409 || i == 0x410 || i == 0x411;

			if (legacy[i] != init2[i])
				ndiff++;
			ck_assert_msg(allowed || legacy[i] == init2[i], "byte %#x differs", i);
		}
		ck_assert_uint_eq(init2[0x408] | init2[0x409] << 8, 0x1f80);
		ck_assert_uint_eq(init2[0x410] | init2[0x411] << 8, 0x037f);
		ck_assert_uint_eq(legacy[0x408] | legacy[0x409] | legacy[0x410] | legacy[0x411], 0);
	}
	ck_assert_uint_eq(ndiff, 2 * 4);	/* 0x1f80 and 0x037f: all four bytes non-zero */
}
END_TEST

/* The 64-bit boot protocol entry state of sevvm's BSP (vmm/vcpu.c). */
START_TEST(vmsa_boot64)
{
	static uint8_t got[SEV_VMSA_PAGE], want[SEV_VMSA_PAGE];
	struct kvm_segment code = {
		.limit = 0xffffffff, .selector = 0x10, .type = 0xb,
		.present = 1, .s = 1, .l = 1, .g = 1,
	};
	struct kvm_segment data = {
		.limit = 0xffffffff, .selector = 0x18, .type = 0x3,
		.present = 1, .s = 1, .db = 1, .g = 1,
	};
	struct sev_vcpu_state st;
	unsigned int init;

	for (init = 0; init < 2; init++) {
		sev_vcpu_reset_state(&st, SIG_EPYC_V4);
		st.regs = (struct kvm_regs){ .rflags = 2, .rip = 0x1000200, .rsi = 0x7000,
					     .rsp = 0x8ff0 };
		st.sregs.cs = code;
		st.sregs.ds = st.sregs.es = st.sregs.fs = st.sregs.gs = st.sregs.ss = data;
		st.sregs.tr = (struct kvm_segment){ .limit = 0x67, .selector = 0x20,
						    .type = 0xb, .present = 1 };
		st.sregs.ldt = (struct kvm_segment){ .type = 0x2, .unusable = 1 };
		st.sregs.gdt = (struct kvm_dtable){ .base = 0x500, .limit = 39 };
		st.sregs.idt = (struct kvm_dtable){ .base = 0, .limit = 0 };
		st.sregs.cr0 = 0x80000031;
		st.sregs.cr3 = 0x9000;
		st.sregs.cr4 = 0x20;
		st.sregs.efer = 0x500;
		build(&st, init ? SEV_INIT_INIT2 : SEV_INIT_LEGACY, 0, got);
		oracle(init ? "boot64 init2 0" : "boot64 legacy 0", want);
		assert_same_page(got, want, "boot64");
		/* The packed attributes the brief names. */
		ck_assert_uint_eq(got[0x12] | got[0x13] << 8, 0xa9b);
		ck_assert_uint_eq(got[0x32] | got[0x33] << 8, 0xc93);
		ck_assert_uint_eq(got[0x92] | got[0x93] << 8, 0x8b);
	}
}
END_TEST

/* Every GPR, XCR0/XSS/PKRU, SEV_FEATURES, the x87/SSE registers; CR2 stays 0. */
static void fill_regs(struct sev_vcpu_state *st)
{
	unsigned int i, j;

	sev_vcpu_reset_state(st, SIG_EPYC_V4);
	st->regs.rax = 0x0101010101010101ull * 0xa0;
	st->regs.rbx = 0x0101010101010101ull * 0xb0;
	st->regs.rcx = 0x0101010101010101ull * 0xc0;
	st->regs.rdx = 0x0101010101010101ull * 0xd0;
	st->regs.rdi = 0x0101010101010101ull * 0xd1;
	st->regs.rsi = 0x0101010101010101ull * 0x51;
	st->regs.rbp = 0x0101010101010101ull * 0xb9;
	st->regs.rsp = 0x0101010101010101ull * 0x59;
	st->regs.r8 = 0x0101010101010101ull * 0x08;
	st->regs.r9 = 0x0101010101010101ull * 0x09;
	st->regs.r10 = 0x0101010101010101ull * 0x0a;
	st->regs.r11 = 0x0101010101010101ull * 0x0b;
	st->regs.r12 = 0x0101010101010101ull * 0x0c;
	st->regs.r13 = 0x0101010101010101ull * 0x0d;
	st->regs.r14 = 0x0101010101010101ull * 0x0e;
	st->regs.r15 = 0x0101010101010101ull * 0x0f;
	st->sregs.cr2 = 0xdead0000;	/* not in the VMCB before the first VMRUN */
	st->xcr0 = 7;
	st->xss = 0x100;
	st->pkru = 0x55555554;
	st->fpu.last_dp = 0x8877665544332211ull;
	st->fpu.ftwx = 0xa5;
	st->fpu.fsw = 0x3800;
	st->fpu.last_opcode = 0x7ff;
	st->fpu.last_ip = 0x1122334455667788ull;
	for (i = 0; i < 8; i++)
		for (j = 0; j < 16; j++)
			st->fpu.fpr[i][j] = (uint8_t)(j < 10 ? 0x10 * i + j : 0xee);
	for (i = 0; i < 256; i++)
		st->fpu.xmm[i / 16][i % 16] = (uint8_t)(i ^ 0x5a);
}

START_TEST(vmsa_all_registers)
{
	static uint8_t got[SEV_VMSA_PAGE], want[SEV_VMSA_PAGE];
	struct sev_vcpu_state st;

	fill_regs(&st);
	build(&st, SEV_INIT_INIT2, 0x20, got);
	oracle("regs init2 0x800f12", want);
	assert_same_page(got, want, "regs init2");
	build(&st, SEV_INIT_LEGACY, 0x20, got);
	oracle("regs legacy 0x800f12", want);
	assert_same_page(got, want, "regs legacy");
}
END_TEST

/* sev_es_sync_vmsa(): "dr7 & ~DR7_FIXED_1" refuses LAUNCH_UPDATE_VMSA. */
START_TEST(vmsa_refuses_dr7)
{
	static uint8_t page[SEV_VMSA_PAGE];
	static const uint64_t bad[] = { 0x401, 0x402, 0x480, 0xffff0400ull, 1ull << 63, 0x1 };
	struct sev_vcpu_state st;
	struct err e = { 0 };
	unsigned int i;

	sev_vcpu_reset_state(&st, SIG_EPYC_V4);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		st.dr7 = bad[i];
		memset(page, 0xcc, sizeof(page));
		memset(&e, 0, sizeof(e));
		ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
		ck_assert_int_eq(e.code, EINVAL);
		ck_assert_msg(strstr(e.msg, "DR7"), "%s", e.msg);
		ck_assert_uint_eq(page[0], 0xcc);	/* nothing written */
	}
	st.dr7 = 0;
	build(&st, SEV_INIT_LEGACY, 0, page);
	ck_assert_uint_eq(page[0x160], 0);
	st.dr7 = 0x400;
	build(&st, SEV_INIT_LEGACY, 0, page);
	ck_assert_uint_eq(page[0x160] | page[0x161] << 8, 0x400);
}
END_TEST

/* What KVM_SET_SREGS refuses (kvm_is_valid_sregs) the model refuses too. */
START_TEST(vmsa_refuses_bad_sregs)
{
	static uint8_t page[SEV_VMSA_PAGE];
	struct sev_vcpu_state st;
	struct err e = { 0 };

	sev_vcpu_reset_state(&st, SIG_EPYC_V4);
	st.sregs.cr0 = 0x20000010;	/* NW without CD */
	ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "NW without CD"), "%s", e.msg);
	st.sregs.cr0 = 0x80000010;	/* PG without PE */
	ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "PG without PE"), "%s", e.msg);
	st.sregs.cr0 = 1ull << 32;
	ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "63:32"), "%s", e.msg);
	st.sregs.cr0 = 0x80000011;
	st.sregs.efer = 0x100;		/* LME + PG, no LMA, no PAE */
	ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "PAE"), "%s", e.msg);
	st.sregs.cr0 = 0x11;
	st.sregs.efer = 0x400;		/* LMA without paging */
	ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "LMA"), "%s", e.msg);
	st.sregs.efer = 0;
	st.sregs.cs.l = 1;		/* CS.L outside long mode */
	ck_assert_int_eq(sev_vmsa_build(&st, SEV_INIT_LEGACY, 0, page, &e), -EINVAL);
	ck_assert_msg(strstr(e.msg, "CS.L"), "%s", e.msg);
}
END_TEST

/* svm_set_segment(): an unusable segment is stored with P clear. */
START_TEST(vmsa_unusable_segment)
{
	static uint8_t page[SEV_VMSA_PAGE];
	struct sev_vcpu_state st;

	sev_vcpu_reset_state(&st, SIG_EPYC_V4);
	st.sregs.fs.unusable = 1;
	st.sregs.ss.dpl = 3;
	st.sregs.gs.avl = 1;
	build(&st, SEV_INIT_LEGACY, 0, page);
	ck_assert_uint_eq(page[0x42] | page[0x43] << 8, 0x13);	/* fs: P gone */
	ck_assert_uint_eq(page[0x52] | page[0x53] << 8, 0x193);	/* gs: AVL */
	ck_assert_uint_eq(page[0x22] | page[0x23] << 8, 0xf3);	/* ss: DPL 3 */
	ck_assert_uint_eq(page[0xcb], 3);			/* CPL = SS.DPL */
}
END_TEST

Suite *vmsa_suite(void)
{
	Suite *s = suite_create("vmsa");
	TCase *tc = tcase_create("vmsa");

	tcase_add_test(tc, vmsa_reset_bsp_legacy);
	tcase_add_test(tc, vmsa_reset_bsp_init2);
	tcase_add_test(tc, vmsa_reset_ap_legacy);
	tcase_add_test(tc, vmsa_reset_ap_init2);
	tcase_add_test(tc, vmsa_reset_state_fields);
	tcase_add_test(tc, vmsa_init2_differs_in_mxcsr_fcw_only);
	tcase_add_test(tc, vmsa_boot64);
	tcase_add_test(tc, vmsa_all_registers);
	tcase_add_test(tc, vmsa_refuses_dr7);
	tcase_add_test(tc, vmsa_refuses_bad_sregs);
	tcase_add_test(tc, vmsa_unusable_segment);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The 64-bit IDT: every exception stops the firmware with a message; #VC
 * (vector 29, SEV-ES) answers CPUID through the GHCB MSR protocol (GHCB
 * spec 56421 2.3.1) and terminates on anything else, since the firmware
 * does all its own I/O through the GHCB and expects no other #VC.
 */
#include "firmware/fw.h"
#include "firmware/ghcb.h"

#define NR_VECTORS		32
#define X86_TRAP_VC		29
#define EXC_ENTRY_SIZE		16
#define GATE_INTERRUPT		0x8e00

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint16_t flags;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

/* What exception_common leaves on the stack. */
struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

static struct idt_gate idt[NR_VECTORS] __attribute__((aligned(16)));

/* The CPU hands an exception no context: the handler finds the firmware's here. */
static struct fw *exc_fw;

void fw_exception(struct exc_frame *f);

void idt_init(struct fw *fw)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) desc = { sizeof(idt) - 1, (uintptr_t)idt };
	unsigned int i;

	exc_fw = fw;
	for (i = 0; i < NR_VECTORS; i++) {
		uint64_t h = (uintptr_t)exception_entries + i * EXC_ENTRY_SIZE;

		idt[i] = (struct idt_gate){
			.offset_lo = (uint16_t)h, .selector = FW_SEL_CODE64, .flags = GATE_INTERRUPT,
			.offset_mid = (uint16_t)(h >> 16), .offset_hi = (uint32_t)(h >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(desc));
}

/* CPUID through the MSR protocol, one register per request. */
static bool vc_cpuid(struct fw *fw, struct exc_frame *f)
{
	uint64_t *out[4] = { &f->rax, &f->rbx, &f->rcx, &f->rdx };
	uint32_t leaf = (uint32_t)f->rax, vals[4];
	unsigned int reg;

	for (reg = 0; reg < 4; reg++) {
		uint64_t resp = msr_ghcb_call((uint64_t)leaf << 32 | (uint64_t)reg << 30 |
					      GHCB_MSR_CPUID_REQ);

		if ((resp & GHCB_MSR_INFO_MASK) != GHCB_MSR_CPUID_RESP)
			return false;
		vals[reg] = (uint32_t)(resp >> 32);
	}
	for (reg = 0; reg < 4; reg++)
		*out[reg] = vals[reg];
	if (fw->ghcb_ready)
		wrmsr(MSR_GHCB, FW_GHCB);
	f->rip += 2;	/* CPUID is 0f a2 */
	return true;
}

void fw_exception(struct exc_frame *f)
{
	struct fw *fw = exc_fw;

	if (f->vector == X86_TRAP_VC) {
		if (f->error == SVM_EXIT_CPUID_CODE && vc_cpuid(fw, f))
			return;
		fw_print(fw, "unexpected #VC: exit code %#lx at RIP %#lx", (unsigned long)f->error,
			 (unsigned long)f->rip);
		fw_fail(fw, FW_FAIL_UNEXPECTED_VC);
	}
	fw_print(fw, "exception %lu, error code %#lx, at RIP %#lx", (unsigned long)f->vector,
		 (unsigned long)f->error, (unsigned long)f->rip);
	fw_fail(fw, FW_FAIL_EXCEPTION);
}

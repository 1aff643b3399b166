// SPDX-License-Identifier: GPL-2.0
/*
 * SEV and SEV-ES for the firmware: the C-bit, shared pages announced with
 * KVM_HC_MAP_GPA_RANGE, the GHCB page (GHCB spec 56421 2.3, 4.1), MMIO
 * through the GHCB, and the failure stop.
 */
#include "firmware/fw.h"
#include "firmware/ghcb.h"

#define PTE_CBIT_PAGES_END	(FW_WORK_BASE + 512 * FW_PAGE_SIZE)
#define DEBUG_EXIT_PORT		0xf4
#define CACHE_LINE		64

void ghcb_set(struct fw *fw, unsigned int off, uint64_t v)
{
	unsigned int bit = off / 8;

	memcpy(fw->ghcb + off, &v, sizeof(v));
	fw->ghcb[GHCB_OFF_VALID_BITMAP + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

uint64_t ghcb_get(struct fw *fw, unsigned int off)
{
	uint64_t v;

	memcpy(&v, fw->ghcb + off, sizeof(v));
	return v;
}

/*
 * One VMGEXIT with the GHCB page (56421 4.1): exit code and information in
 * the page, the page's GPA in the GHCB MSR (the MSR protocol may have left
 * something else there). 0 on success; SW_EXITINFO1[31:0] non-zero is an
 * error or an exception the hypervisor wants injected.
 */
int ghcb_call(struct fw *fw, uint64_t exit_code, uint64_t info1, uint64_t info2)
{
	uint64_t ret;

	ghcb_set(fw, GHCB_OFF_SW_EXIT_CODE, exit_code);
	ghcb_set(fw, GHCB_OFF_SW_EXIT_INFO_1, info1);
	ghcb_set(fw, GHCB_OFF_SW_EXIT_INFO_2, info2);
	fw->ghcb[GHCB_OFF_PROTO_VERSION] = GHCB_PROTOCOL_VERSION;
	memset(fw->ghcb + GHCB_OFF_USAGE, 0, 4);
	ghcb_msr_vmgexit(FW_GHCB);
	ret = ghcb_get(fw, GHCB_OFF_SW_EXIT_INFO_1);
	memset(fw->ghcb + GHCB_OFF_VALID_BITMAP, 0, 16);
	return (uint32_t)ret ? -1 : 0;
}

uint64_t msr_ghcb_call(uint64_t request)
{
	ghcb_msr_vmgexit(request);
	return rdmsr(MSR_GHCB);
}

static uint64_t *pte_of(uint64_t gpa)
{
	return (uint64_t *)(uintptr_t)(FW_PT_WORK + ((gpa - FW_WORK_BASE) >> 12) * 8);
}

static void flush_page(uint64_t gpa)
{
	uint64_t off;

	/* Lines cached with the old C-bit must not be written back later (APM vol. 2 15.34.9). */
	for (off = 0; off < FW_PAGE_SIZE; off += CACHE_LINE)
		__asm__ volatile("clflush (%0)" : : "r"((uintptr_t)(gpa + off)) : "memory");
}

static uint64_t hypercall(struct fw *fw, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	uint64_t ret;

	if (fw->sev_es) {
		/* VMMCALL through the GHCB (56421 4.1.7): RAX and CPL, here RBX/RCX/RDX too. */
		ghcb_set(fw, GHCB_OFF_RAX, nr);
		ghcb_set(fw, GHCB_OFF_RBX, a0);
		ghcb_set(fw, GHCB_OFF_RCX, a1);
		ghcb_set(fw, GHCB_OFF_RDX, a2);
		fw->ghcb[GHCB_OFF_CPL] = 0;
		fw->ghcb[GHCB_OFF_VALID_BITMAP + GHCB_OFF_CPL / 64] |=
			(uint8_t)(1u << ((GHCB_OFF_CPL / 8) % 8));
		if (ghcb_call(fw, SVM_EXIT_VMMCALL_CODE, 0, 0))
			return (uint64_t)-1;
		return ghcb_get(fw, GHCB_OFF_RAX);
	}
	__asm__ volatile("vmmcall" : "=a"(ret) : "a"(nr), "b"(a0), "c"(a1), "d"(a2) : "memory");
	return ret;
}

/*
 * Maps [gpa, gpa + npages pages) without the C-bit and tells the
 * hypervisor (KVM_HC_MAP_GPA_RANGE, attributes 0 = decrypted). Only pages
 * of the firmware's work area have 4 KiB entries.
 */
void sev_share_pages(struct fw *fw, uint64_t gpa, uint64_t npages)
{
	uint64_t i, ret;

	if (!fw->sev)
		return;
	if (gpa < FW_WORK_BASE || gpa + npages * FW_PAGE_SIZE > PTE_CBIT_PAGES_END) {
		fw_print(fw, "cannot share %#lx: outside the 4 KiB-mapped work area", (unsigned long)gpa);
		fw_fail(fw, FW_FAIL_PLACEMENT);
	}
	for (i = 0; i < npages; i++) {
		uint64_t page = gpa + i * FW_PAGE_SIZE;

		flush_page(page);
		*pte_of(page) &= ~fw->cbit_mask;
		__asm__ volatile("invlpg (%0)" : : "r"((uintptr_t)page) : "memory");
	}
	ret = hypercall(fw, KVM_HC_MAP_GPA_RANGE, gpa, npages, KVM_MAP_GPA_RANGE_DECRYPTED);
	if (ret)
		fw_print(fw, "KVM_HC_MAP_GPA_RANGE %#lx, %lu pages: hypervisor returned %ld",
			 (unsigned long)gpa, (unsigned long)npages, (long)ret);
}

void sev_init(struct fw *fw, unsigned int flags, unsigned int cbit)
{
	fw->sev = flags & FW_SEV_ACTIVE;
	fw->sev_es = fw->sev && (flags & FW_SEV_ES_ACTIVE);
	fw->cbit = cbit;
	fw->cbit_mask = fw->sev ? 1ull << cbit : 0;
	fw->ghcb = (uint8_t *)(uintptr_t)FW_GHCB;
	if (!fw->sev_es)
		return;
	/* The GHCB page: shared and zeroed; ghcb_call() puts its GPA in the GHCB MSR. */
	flush_page(FW_GHCB);
	*pte_of(FW_GHCB) &= ~fw->cbit_mask;
	__asm__ volatile("invlpg (%0)" : : "r"((uintptr_t)FW_GHCB) : "memory");
	memset(fw->ghcb, 0, FW_PAGE_SIZE);
	fw->ghcb_ready = true;
}

void mmio_write32(struct fw *fw, uint64_t gpa, uint32_t v)
{
	if (fw->sev_es) {
		/* MMIO write (56421 4.1.6): the data in the shared buffer, its GPA in SW_SCRATCH. */
		memcpy(fw->ghcb + GHCB_OFF_SHARED_BUF, &v, sizeof(v));
		ghcb_set(fw, GHCB_OFF_SW_SCRATCH, FW_GHCB + GHCB_OFF_SHARED_BUF);
		ghcb_call(fw, SVM_VMGEXIT_MMIO_WRITE, gpa, sizeof(v));
		return;
	}
	*(volatile uint32_t *)(uintptr_t)gpa = v;
}

uint32_t mmio_read32(struct fw *fw, uint64_t gpa)
{
	uint32_t v;

	if (fw->sev_es) {
		ghcb_set(fw, GHCB_OFF_SW_SCRATCH, FW_GHCB + GHCB_OFF_SHARED_BUF);
		if (ghcb_call(fw, SVM_VMGEXIT_MMIO_READ, gpa, sizeof(v)))
			return 0xffffffff;
		memcpy(&v, fw->ghcb + GHCB_OFF_SHARED_BUF, sizeof(v));
		return v;
	}
	return *(volatile uint32_t *)(uintptr_t)gpa;
}

/*
 * The failure stop. Under SEV-ES a GHCB MSR termination request (56421
 * 2.3.1: reason set in GHCBData[15:12], code in [23:16]); otherwise the
 * test exit port (QEMU's isa-debug-exit) with 0x10 + code. Then halt.
 */
void fw_fail(struct fw *fw, enum fw_fail code)
{
	if (fw->sev_es)
		msr_ghcb_call(GHCB_MSR_TERM_REQ | FW_TERM_REASON_SET << 12 | (uint64_t)code << 16);
	else
		__asm__ volatile("outb %0, %1" : : "a"((uint8_t)(0x10 + code)), "Nd"((uint16_t)DEBUG_EXIT_PORT));
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last 4 KiB of the firmware image, at 0xfffff000..0xffffffff: the
 * reset vector, the 16-bit and 32-bit start code, the SEV-ES AP reset
 * block and the OVMF footer GUID table. Everything here runs from ROM
 * before paging; the 64-bit C code runs from its copy in RAM.
 *
 * Real mode starts with CS base 0xffff0000, so 16-bit code addresses its
 * own data as ROM_IP(label) = 0xf000 + offset in this section.
 */
#include "firmware/asm.h"

#define ROM_IP(x)		((x) - rom_start + 0xf000)

#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define MSR_SEV_STATUS		0xc0010131
#define MSR_GHCB		0xc0010130
#define GHCB_MSR_CPUID_REQ	0x004
#define GHCB_MSR_CPUID_RESP	0x005
#define GHCB_MSR_AP_HOLD_REQ	0x006
#define GHCB_MSR_AP_HOLD_RESP	0x007
/* GHCB MSR termination request (56421 2.3.1): reason set 2 = sevvm firmware, code 5 = unexpected #VC. */
#define GHCB_TERM_UNEXPECTED_VC	(0x100 | (2 << 12) | (5 << 16))
#define SVM_EXIT_CPUID		0x72
#define X86_TRAP_VC		29

#define PTE_P_RW		0x3
#define PTE_PS			0x80

/* VMGEXIT is "rep; vmmcall"; older assemblers reject the spelling. */
#define VMGEXIT			.byte 0xf3, 0x0f, 0x01, 0xd9

	.section .rom, "ax"
	.code16
rom_start:

/* ---- SEV-ES AP reset block: APs start here from their VMSA (CS base 0xffff0000). ---- */
	.globl ap_reset16
ap_reset16:
	cli
	cld
	/* Check in: the BSP waits for FW_AP_COUNTER to reach ncpus - 1. */
	movw $(FW_AP_JUMP_TABLE >> 4), %ax
	movw %ax, %ds
	lock incw (FW_AP_COUNTER - FW_AP_JUMP_TABLE)
	/*
	 * AP reset hold (GHCB spec 56421 2.3.1, MSR protocol 0x006): the
	 * hypervisor answers 0x007 with GHCBData[63:12] non-zero once a SIPI
	 * released this AP; anything else means hold again.
	 */
1:	movl $MSR_GHCB, %ecx
	movl $GHCB_MSR_AP_HOLD_REQ, %eax
	xorl %edx, %edx
	wrmsr
	VMGEXIT
	movl $MSR_GHCB, %ecx
	rdmsr
	movl %eax, %ebx
	andl $0xfff, %ebx
	cmpl $GHCB_MSR_AP_HOLD_RESP, %ebx
	jne 1b
	andl $0xfffff000, %eax
	orl %edx, %eax
	jz 1b
	/*
	 * Released: far jump to the jump table's CS:IP (word 1 = CS, word 0 =
	 * IP). A table still empty means the release came from the BSP's own
	 * second SIPI, not from Linux: hold again.
	 */
	movl 0, %eax
	testl %eax, %eax
	jz 1b
	pushw 2
	pushw 0
	lretw

/* ---- BSP: real mode to 32-bit protected mode. ---- */
bsp_start16:
	cli
	cld
	lgdtl %cs:ROM_IP(gdt_desc)
	lidtl %cs:ROM_IP(idt32_desc)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $FW_SEL_CODE32, $entry32

	.code32
entry32:
	load_data_segments
	movl $FW_STACK_TOP, %esp

	/*
	 * SEV detection: CPUID 0x8000001F EAX bit 1 (SEV supported), EBX[5:0]
	 * the C-bit, then SEV_STATUS bit 0 SEV, bit 1 SEV-ES (APM vol. 2
	 * 15.34.1, 15.35). Under SEV-ES, CPUID raises #VC: vc32_handler
	 * answers through the GHCB MSR protocol.
	 * Result: %edi = FW_SEV_* flags, %esi = C-bit position.
	 */
	xorl %edi, %edi
	xorl %esi, %esi
	movl $0x80000000, %eax
	cpuid
	cmpl $0x8000001f, %eax
	jb detected
	movl $0x8000001f, %eax
	cpuid
	btl $1, %eax
	jnc detected
	movl %ebx, %ebp
	andl $0x3f, %ebp
	movl $MSR_SEV_STATUS, %ecx
	rdmsr
	testl $1, %eax
	jz detected
	movl %ebp, %esi
	orl $FW_SEV_ACTIVE, %edi
	testl $2, %eax
	jz detected
	orl $FW_SEV_ES_ACTIVE, %edi
detected:
	pushl %edi
	pushl %esi

	/* Code and data to RAM (the image is ROM), then zero the bss. */
	movl $__rom_image_lma, %esi
	movl $FW_RAM_IMAGE, %edi
	movl $__ram_image_dwords, %ecx
	rep movsl
	movl $__bss_start, %edi
	movl $__bss_dwords, %ecx
	xorl %eax, %eax
	rep stosl

	/* Page tables: zero PML4, PDPT, 4 PDs and the work-area PT. */
	movl $FW_PML4, %edi
	movl $(7 * FW_PAGE_SIZE / 4), %ecx
	xorl %eax, %eax
	rep stosl

	/* C-bit mask in %edx:%ebx (0 without SEV). */
	movl (%esp), %ecx		/* C-bit position */
	xorl %ebx, %ebx
	xorl %edx, %edx
	testl $FW_SEV_ACTIVE, 4(%esp)
	jz 2f
	cmpl $32, %ecx
	jb 1f
	subl $32, %ecx
	btsl %ecx, %edx
	jmp 2f
1:	btsl %ecx, %ebx
2:

	/* PML4[0] -> PDPT; PDPT[0..3] -> PD0..3. */
	movl $(FW_PDPT | PTE_P_RW), %eax
	orl %ebx, %eax
	movl %eax, FW_PML4
	movl %edx, FW_PML4 + 4
	xorl %ecx, %ecx
3:	movl %ecx, %eax
	shll $12, %eax
	addl $(FW_PD | PTE_P_RW), %eax
	orl %ebx, %eax
	movl %eax, FW_PDPT(, %ecx, 8)
	movl %edx, FW_PDPT + 4(, %ecx, 8)
	incl %ecx
	cmpl $4, %ecx
	jne 3b

	/*
	 * 2048 PD entries of 2 MiB. Private (C-bit) below 3 GiB and for the
	 * top 2 MiB (this ROM); [3 GiB, 4 GiB - 2 MiB) holds MMIO (IOAPIC,
	 * local APIC) and stays shared.
	 */
	xorl %ecx, %ecx
4:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P_RW | PTE_PS), %eax
	movl $0, FW_PD + 4(, %ecx, 8)
	cmpl $1536, %ecx
	jb 5f
	cmpl $2047, %ecx
	jne 6f
5:	orl %ebx, %eax
	movl %edx, FW_PD + 4(, %ecx, 8)
6:	movl %eax, FW_PD(, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jne 4b

	/* The 2 MiB at FW_WORK_BASE in 4 KiB pages, all private; C clears single pages. */
	movl $(FW_PT_WORK | PTE_P_RW), %eax
	orl %ebx, %eax
	movl %eax, FW_PD + (FW_WORK_BASE >> 21) * 8
	movl %edx, FW_PD + (FW_WORK_BASE >> 21) * 8 + 4
	xorl %ecx, %ecx
7:	movl %ecx, %eax
	shll $12, %eax
	addl $(FW_WORK_BASE | PTE_P_RW), %eax
	orl %ebx, %eax
	movl %eax, FW_PT_WORK(, %ecx, 8)
	movl %edx, FW_PT_WORK + 4(, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 7b

	/* Long mode (APM vol. 2 14.6.1): PAE, CR3, EFER.LME, then paging. */
	movl %cr4, %eax
	orl $0x20, %eax
	movl %eax, %cr4
	movl $FW_PML4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	popl %esi			/* C-bit position */
	popl %edi			/* FW_SEV_* flags */
	movl %cr0, %eax
	orl $0x80000001, %eax
	movl %eax, %cr0
	ljmpl $FW_SEL_CODE64, $entry64

/*
 * #VC before the 64-bit IDT (GHCB spec 56421 2.3.1, APM vol. 2 15.35.5):
 * only CPUID is expected (error code = SVM exit code 0x72); it is answered
 * register by register through the MSR protocol. Anything else terminates.
 */
vc32_handler:
	cmpl $SVM_EXIT_CPUID, (%esp)
	jne vc32_terminate
	pushl %ebp
	movl %eax, %ebp			/* leaf */
	subl $16, %esp			/* EAX, EBX, ECX, EDX */
	xorl %ebx, %ebx
1:	movl %ebx, %eax
	shll $30, %eax
	orl $GHCB_MSR_CPUID_REQ, %eax
	movl %ebp, %edx
	movl $MSR_GHCB, %ecx
	wrmsr
	VMGEXIT
	movl $MSR_GHCB, %ecx
	rdmsr
	movl %eax, %ecx
	andl $0xfff, %ecx
	cmpl $GHCB_MSR_CPUID_RESP, %ecx
	jne vc32_terminate
	movl %edx, (%esp, %ebx, 4)
	incl %ebx
	cmpl $4, %ebx
	jne 1b
	popl %eax
	popl %ebx
	popl %ecx
	popl %edx
	popl %ebp
	addl $4, %esp			/* error code */
	addl $2, (%esp)			/* past CPUID (0f a2) */
	iretl
vc32_terminate:
	movl $MSR_GHCB, %ecx
	movl $GHCB_TERM_UNEXPECTED_VC, %eax
	xorl %edx, %edx
	wrmsr
	VMGEXIT
2:	hlt
	jmp 2b

/* GDT: 0x08 flat 32-bit code, 0x10 64-bit code, 0x18 flat data. */
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9b000000ffff
	.quad 0x00af9b000000ffff
	.quad 0x00cf93000000ffff
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

/* 32-bit IDT: only vector 29 (#VC), a present 32-bit interrupt gate. */
	.balign 8
idt32:
	.fill X86_TRAP_VC, 8, 0
	.word ROM_IP(vc32_handler)	/* offset 15:0 (the ROM sits at 0xfffff000) */
	.word FW_SEL_CODE32
	.word 0x8e00
	.word 0xffff			/* offset 31:16 */
idt32_end:
idt32_desc:
	.word idt32_end - idt32 - 1
	.long idt32

/*
 * OVMF footer GUID table (QEMU hw/i386/pc_sysfw_ovmf.c): entries of
 * [data][u16 len][GUID] walked backwards from the footer, whose GUID ends
 * 32 bytes before the end of the image. GUIDs little-endian (EFI_GUID).
 */
#define TABLE_LEN	(26 + 26 + 22 + 18)
	.org 0xfe0 - TABLE_LEN
	/* SEV hash table block 7255371f-3a3b-4b04-927b-1da6efa8d454: u32 base, u32 size. */
	.long FW_HASH_TABLE
	.long FW_HASH_TABLE_SIZE
	.word 26
	.byte 0x1f, 0x37, 0x55, 0x72, 0x3b, 0x3a, 0x04, 0x4b
	.byte 0x92, 0x7b, 0x1d, 0xa6, 0xef, 0xa8, 0xd4, 0x54
	/* SEV secret block 4c2eb361-7d9b-4cc3-8081-127c90d3d294: u32 base, u32 size. */
	.long FW_SECRET
	.long FW_SECRET_SIZE
	.word 26
	.byte 0x61, 0xb3, 0x2e, 0x4c, 0x9b, 0x7d, 0xc3, 0x4c
	.byte 0x80, 0x81, 0x12, 0x7c, 0x90, 0xd3, 0xd2, 0x94
	/* SEV-ES reset block 00f771de-1a7e-4fcb-890e-68c77e2fb44e: u32 AP reset address. */
	.long ap_reset16
	.word 22
	.byte 0xde, 0x71, 0xf7, 0x00, 0x7e, 0x1a, 0xcb, 0x4f
	.byte 0x89, 0x0e, 0x68, 0xc7, 0x7e, 0x2f, 0xb4, 0x4e
	/* Footer 96b582de-1fb2-45f7-baea-a366c55a082d: u16 length of the whole table. */
	.word TABLE_LEN
	.byte 0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45
	.byte 0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d

/* Reset vector at 0xfffffff0 (CS base 0xffff0000, IP 0xfff0). */
	.org 0xff0
	.code16
	.globl reset_vector
reset_vector:
	jmp bsp_start16
	.org 0x1000

	.section .note.GNU-stack, "", @progbits

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 64-bit entry (from rom.S, in RAM), the exception entry points, and the jump
 * into Linux.
 */
#include "firmware/asm.h"

	.section .text.entry, "ax"
	.code64
	.globl entry64
entry64:
	load_data_segments
	movq $FW_STACK_TOP, %rsp
	/* %edi = FW_SEV_* flags, %esi = C-bit: fw_main(flags, cbit). */
	call fw_main
1:	cli
	hlt
	jmp 1b

/*
 * Exception entry points: each pushes a dummy error code where the CPU pushes none
 * (so the frame is uniform), then the vector, and calls fw_exception(frame).
 * Vectors with an error code (APM vol. 2 8.2): 8, 10-14, 17, 21, 29, 30.
 */
	.macro exc_entry vec
	.balign 16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp exception_common
	.endm

	.balign 16
	.globl exception_entries
exception_entries:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exc_entry \v
	.endr

exception_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	cld
	call fw_exception		/* returns only for a handled #VC */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector, error code */
	iretq

/*
 * boot_linux_jump(entry, boot_params): the 64-bit boot protocol
 * (Documentation/x86/boot.rst): interrupts off, __BOOT_DS in the data
 * segments, RSI = boot_params, jump to the 64-bit entry point.
 */
	.globl boot_linux_jump
boot_linux_jump:
	cli
	load_data_segments
	movq %rdi, %rax
	xorl %edi, %edi
	xorl %ebp, %ebp
	jmp *%rax

	.section .note.GNU-stack, "", @progbits

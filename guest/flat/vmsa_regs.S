/*
 * Flat test guest for KVM_SEV_GET_VMSA: loads a known value into each of
 * the sixteen GPRs, then spins on one instruction (jmp to itself, bytes
 * eb fe) with interrupts off, so that a stop (--timeout, a signal) finds
 * RIP there. tests/nested/hooks/vmsa-dbg.post checks sevvm's stop report
 * against these values and the address of the jmp in this file's binary.
 * Nothing touches memory: RSP may hold any value.
 */
	.code64
	.text
	.globl _start
_start:
	movabsq	$0x1111111111111111, %rax
	movabsq	$0x2222222222222222, %rbx
	movabsq	$0x3333333333333333, %rcx
	movabsq	$0x4444444444444444, %rdx
	movabsq	$0x5555555555555555, %rsi
	movabsq	$0x6666666666666666, %rdi
	movabsq	$0x7777777777777777, %rbp
	movabsq	$0x8888888888888888, %rsp
	movabsq	$0x9999999999999999, %r8
	movabsq	$0xaaaaaaaaaaaaaaaa, %r9
	movabsq	$0xbbbbbbbbbbbbbbbb, %r10
	movabsq	$0xcccccccccccccccc, %r11
	movabsq	$0xdddddddddddddddd, %r12
	movabsq	$0xeeeeeeeeeeeeeeee, %r13
	movabsq	$0x0123456789abcdef, %r14
	movabsq	$0xfedcba9876543210, %r15
1:	jmp	1b

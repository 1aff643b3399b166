/*
 * Flat test guest for SEV on the model: asks KVM_HC_MAP_GPA_RANGE (12) to
 * make 2^40 pages at 1 MiB shared (Documentation/virt/kvm/x86/hypercalls.rst:
 * RBX = GPA, RCX = pages, RDX = attributes), far more than guest RAM.
 * sevvm must answer -KVM_EINVAL (-22) at once; the guest prints which
 * answer it got and spins, so the test can then stop sevvm with SIGTERM.
 * Entered in 64-bit mode at 0x100000.
 */
	.code64
	.text
	.globl _start
_start:
	movl	$12, %eax		/* KVM_HC_MAP_GPA_RANGE */
	movl	$0x100000, %ebx
	movabsq	$0x10000000000, %rcx	/* 2^40 pages */
	xorl	%edx, %edx		/* shared */
	vmmcall
	lea	refused(%rip), %rsi
	cmpq	$-22, %rax
	je	next
	lea	accepted(%rip), %rsi
next:
	movb	(%rsi), %al
	testb	%al, %al
	jz	spin
	movw	$0x3fd, %dx		/* LSR */
wait:
	inb	%dx, %al
	testb	$0x20, %al		/* THRE */
	jz	wait
	movb	(%rsi), %al
	movw	$0x3f8, %dx		/* THR */
	outb	%al, %dx
	incq	%rsi
	jmp	next
spin:
	pause
	jmp	spin

refused:
	.asciz	"MAP-GPA-RANGE-REFUSED\r\n"
accepted:
	.asciz	"MAP-GPA-RANGE-ACCEPTED\r\n"

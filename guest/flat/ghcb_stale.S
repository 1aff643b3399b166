/*
 * Flat test guest for SEV-ES: a GHCB page that still holds a request the
 * guest has not made. It fills the page at 0x300000 as a termination
 * request (SW_EXITCODE 0x8000fffe, SW_EXITINFO1/2, valid bits 114-116 of
 * the bitmap at 0x3f0; GHCB spec 56421, 4.1.13) and writes its GPA to the
 * GHCB MSR with no VMGEXIT after it: that only says where the GHCB is, as
 * OVMF's MpInitLib does when it puts an AP's GHCB back. Then it makes an
 * MSR-protocol SEV information request (0x002) with a VMGEXIT and, once
 * that is answered (0x001), writes 3 to the test exit port: status 7.
 * A model that served the page at the write ends the guest as
 * terminated (status 10) instead; a wrong answer writes 5 (status 11).
 */
#define GHCB	0x300000

	.code64
	.text
	.globl _start
_start:
	movl	$0xc0010131, %ecx	/* SEV_STATUS: bit 1 says SEV-ES */
	rdmsr
	testl	$2, %eax
	jz	2f
	movl	$GHCB, %edi		/* clear the page */
	xorl	%eax, %eax
	movl	$1024, %ecx
	rep stosl
	movq	$0x8000fffe, %rax	/* SW_EXITCODE: termination request */
	movq	%rax, GHCB + 0x390
	movq	$0x1100, %rax		/* SW_EXITINFO1: a reason */
	movq	%rax, GHCB + 0x398
	orb	$0x1c, GHCB + 0x3f0 + 14	/* valid: bits 114, 115, 116 */
	movl	$0xc0010130, %ecx	/* GHCB MSR := the page, no VMGEXIT */
	movl	$GHCB, %eax
	xorl	%edx, %edx
	wrmsr
	nop
	movl	$0x002, %eax		/* SEV information request */
	xorl	%edx, %edx
	wrmsr
	.byte	0xf3, 0x0f, 0x01, 0xd9	/* VMGEXIT: rep; vmmcall */
	rdmsr
	andl	$0xfff, %eax
	cmpl	$0x001, %eax		/* SEV information response */
	jne	2f
	movw	$0xf4, %dx
	movl	$3, %eax
	outl	%eax, %dx
	jmp	1f
2:	movw	$0xf4, %dx
	movl	$5, %eax
	outl	%eax, %dx
1:	cli
	hlt
	jmp	1b

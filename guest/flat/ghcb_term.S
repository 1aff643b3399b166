/*
 * Flat test guest for SEV-ES: asks to be terminated with the GHCB MSR
 * protocol (GHCB spec 56421, 2.3.1: TERM_REQ 0x100, reason set in
 * GHCBData[15:12], reason code in [23:16]) with reason set 1 (Linux),
 * code 2, then VMGEXIT. sevvm must exit with status 10 and name the
 * reason. Should the request be ignored, it writes 5 to the test exit port
 * (status 11) so the test sees the difference.
 */
	.code64
	.text
	.globl _start
_start:
	movl	$0xc0010131, %ecx	/* SEV_STATUS: bit 1 says SEV-ES */
	rdmsr
	testl	$2, %eax
	jz	2f
	movl	$0xc0010130, %ecx	/* GHCB MSR */
	movl	$0x00021100, %eax	/* code 2 << 16 | set 1 << 12 | TERM_REQ */
	xorl	%edx, %edx
	wrmsr
	.byte	0xf3, 0x0f, 0x01, 0xd9	/* VMGEXIT: rep; vmmcall */
2:	movw	$0xf4, %dx
	movl	$5, %eax
	outl	%eax, %dx
1:	cli
	hlt
	jmp	1b

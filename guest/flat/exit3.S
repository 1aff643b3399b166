/*
 * Flat test guest: writes 3 to the test exit port (0xf4), so sevvm exits
 * with status (3 << 1) | 1 = 7. Entered in 64-bit mode at 0x100000.
 */
	.code64
	.text
	.globl _start
_start:
	movw	$0xf4, %dx
	movl	$3, %eax
	outl	%eax, %dx
1:	cli
	hlt
	jmp	1b

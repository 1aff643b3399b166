/*
 * Flat test guest for --debugcon: checks that port 0x402 reads back 0xe9
 * (as OVMF does before it writes), writes two lines to it and one to port
 * 0xe9 with OUTSB, then writes 3 to the test exit port (exit status 7), or
 * 1 (status 3) when the read-back is wrong. Entered in 64-bit mode at
 * 0x100000.
 */
	.code64
	.text
	.globl _start
_start:
	movw	$0x402, %dx
	inb	%dx, %al
	cmpb	$0xe9, %al
	jne	absent
	lea	msg(%rip), %rsi
	movl	$msg_len, %ecx
	cld
	rep outsb
	movw	$0xe9, %dx
	lea	bochs(%rip), %rsi
	movl	$bochs_len, %ecx
	rep outsb
	movl	$3, %eax
	jmp	out
absent:
	movl	$1, %eax
out:
	movw	$0xf4, %dx
	outl	%eax, %dx
2:	cli
	hlt
	jmp	2b

msg:
	.ascii	"DEBUG: first line\r\nDEBUG: second line\r\n"
	.set	msg_len, . - msg
bochs:
	.ascii	"through 0xe9\n"
	.set	bochs_len, . - bochs

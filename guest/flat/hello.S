/*
 * Flat test guest: prints a line on the 16550A at 0x3f8 (polling LSR.THRE),
 * then writes 0 to the test exit port: sevvm exits 1, or 0 when --expect
 * matched the line (the match stops the VM before the port write counts).
 * Entered in 64-bit mode at 0x100000.
 */
	.code64
	.text
	.globl _start
_start:
	lea	msg(%rip), %rsi
next:
	movb	(%rsi), %al
	testb	%al, %al
	jz	done
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
done:
	movw	$0xf4, %dx
	xorl	%eax, %eax
	outb	%al, %dx
2:	cli
	hlt
	jmp	2b

msg:
	.asciz	"hello from a sevvm flat guest\r\n"

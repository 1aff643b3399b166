/*
 * Flat test guest for launch secrets: prints the EFI secret table that
 * LAUNCH_SECRET placed at guest-physical 0x800000 (the tests pass
 * --secret-gpa 0x800000) as one line of hex:
 *   "secret area: <hex of the table's bytes>"
 * The byte count is the table's own u32 length at offset 16 (at most 1024),
 * then it writes 0 to the test exit port (sevvm exits 1). Entered in 64-bit
 * mode at 0x100000 with the stack below it; the low 4 GiB are identity-mapped.
 */
	.code64
	.text
	.globl _start
_start:
	lea	prefix(%rip), %rsi
	call	puts
	movl	0x800010, %ecx		/* the table's length */
	cmpl	$1024, %ecx
	jbe	1f
	movl	$1024, %ecx
1:	movl	$0x800000, %ebx
	lea	hexdig(%rip), %rdi
dump:
	testl	%ecx, %ecx
	jz	end
	movzbl	(%rbx), %eax
	shrl	$4, %eax
	movb	(%rdi,%rax), %al
	call	putc
	movzbl	(%rbx), %eax
	andl	$15, %eax
	movb	(%rdi,%rax), %al
	call	putc
	incq	%rbx
	decl	%ecx
	jmp	dump
end:
	lea	crlf(%rip), %rsi
	call	puts
	movw	$0xf4, %dx
	xorl	%eax, %eax
	outb	%al, %dx
2:	cli
	hlt
	jmp	2b

/* putc: the byte in %al, once LSR.THRE says the UART can take it. */
putc:
	pushq	%rax
	movw	$0x3fd, %dx		/* LSR */
3:	inb	%dx, %al
	testb	$0x20, %al		/* THRE */
	jz	3b
	popq	%rax
	movw	$0x3f8, %dx		/* THR */
	outb	%al, %dx
	ret

/* puts: the NUL-terminated string at %rsi. */
puts:
	movb	(%rsi), %al
	testb	%al, %al
	jz	4f
	call	putc
	incq	%rsi
	jmp	puts
4:	ret

prefix:
	.asciz	"secret area: "
crlf:
	.asciz	"\r\n"
hexdig:
	.ascii	"0123456789abcdef"

/*
 * Multiboot v1 test guest: checks EAX, then prints on COM1 what the
 * information structure in EBX gives (boot loader name, command line,
 * every memory map entry, every module's string and bytes) and exits
 * through the test exit port (0xf4) with 0x10: sevvm's status is 33.
 * Built twice (guest/build-multiboot.sh): with the a.out-kludge address
 * fields (-DAOUT_KLUDGE, a raw binary) and as a plain ELF32 executable.
 * Linked at 0x100000.
 */
#define MB_MAGIC	0x1BADB002
#ifdef AOUT_KLUDGE
#define MB_FLAGS	0x00010003	/* page-align modules, memory info, address fields */
#else
#define MB_FLAGS	0x00000003
#endif
#define COM1		0x3f8

	.code32
	.text
	.globl _start
_start:
	jmp	start
	.balign 4
mb_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
#ifdef AOUT_KLUDGE
	.long	mb_header	/* header_addr */
	.long	_start		/* load_addr */
	.long	load_end	/* load_end_addr */
	.long	bss_end		/* bss_end_addr */
	.long	start		/* entry_addr */
#endif

start:
	cli
	movl	$stack_top, %esp
	movl	%ebx, %ebp			/* info */
	cmpl	$0x2BADB002, %eax
	je	1f
	movl	$s_badmagic, %esi
	call	puts
	movl	$0x11, %eax
	jmp	exit
1:	movl	$s_magic, %esi
	call	puts
	/* boot loader name (flags bit 9) */
	testl	$(1 << 9), (%ebp)
	jz	2f
	movl	$s_loader, %esi
	call	puts
	movl	64(%ebp), %esi
	call	puts
	call	newline
2:	/* command line (bit 2) */
	testl	$(1 << 2), (%ebp)
	jz	3f
	movl	$s_cmdline, %esi
	call	puts
	movl	16(%ebp), %esi
	call	puts
	call	newline
3:	/* memory (bit 0) */
	movl	$s_mem, %esi
	call	puts
	movl	4(%ebp), %eax
	call	puthex
	movl	$s_upper, %esi
	call	puts
	movl	8(%ebp), %eax
	call	puthex
	call	newline
	/* memory map (bit 6) */
	testl	$(1 << 6), (%ebp)
	jz	5f
	movl	48(%ebp), %edi			/* entry */
	movl	%edi, %ecx
	addl	44(%ebp), %ecx			/* end */
4:	cmpl	%ecx, %edi
	jae	5f
	movl	$s_mmap, %esi
	call	puts
	movl	8(%edi), %eax
	call	puthex
	movl	4(%edi), %eax
	call	puthex
	movl	$s_len, %esi
	call	puts
	movl	16(%edi), %eax
	call	puthex
	movl	12(%edi), %eax
	call	puthex
	movl	$s_type, %esi
	call	puts
	movl	20(%edi), %eax
	call	puthex
	call	newline
	addl	(%edi), %edi
	addl	$4, %edi
	jmp	4b
5:	/* modules (bit 3) */
	testl	$(1 << 3), (%ebp)
	jz	9f
	movl	24(%ebp), %edi			/* module entry */
	movl	20(%ebp), %ecx			/* count */
6:	testl	%ecx, %ecx
	jz	9f
	movl	$s_mod, %esi
	call	puts
	movl	8(%edi), %esi
	call	puts
	movl	$s_bytes, %esi
	call	puts
	movl	(%edi), %esi
7:	cmpl	4(%edi), %esi
	jae	8f
	movb	(%esi), %al
	cmpb	$'\n', %al
	je	71f
	call	putc
71:	incl	%esi
	jmp	7b
8:	movb	$'|', %al
	call	putc
	call	newline
	addl	$16, %edi
	decl	%ecx
	jmp	6b
9:	movl	$s_done, %esi
	call	puts
	movl	$0x10, %eax
exit:
	movw	$0xf4, %dx
	outl	%eax, %dx
10:	hlt
	jmp	10b

/* putc: %al to COM1; clobbers %edx. */
putc:
	movw	$COM1, %dx
	outb	%al, %dx
	ret

/* puts: the NUL-terminated string at %esi; keeps %esi. */
puts:
	pushl	%esi
1:	movb	(%esi), %al
	testb	%al, %al
	jz	2f
	call	putc
	incl	%esi
	jmp	1b
2:	popl	%esi
	ret

newline:
	movb	$'\n', %al
	jmp	putc

/* puthex: %eax as 8 hex digits. */
puthex:
	pushl	%ebx
	pushl	%ecx
	movl	%eax, %ebx
	movl	$8, %ecx
1:	roll	$4, %ebx
	movl	%ebx, %eax
	andl	$0xf, %eax
	movb	hexdigits(%eax), %al
	call	putc
	decl	%ecx
	jnz	1b
	popl	%ecx
	popl	%ebx
	ret

	.section .rodata
hexdigits:	.ascii "0123456789abcdef"
s_badmagic:	.asciz "mb: bad magic in EAX\n"
s_magic:	.asciz "mb: magic ok\n"
s_loader:	.asciz "mb: loader "
s_cmdline:	.asciz "mb: cmdline "
s_mem:		.asciz "mb: mem_lower "
s_upper:	.asciz " mem_upper "
s_mmap:		.asciz "mb: mmap base "
s_len:		.asciz " len "
s_type:		.asciz " type "
s_mod:		.asciz "mb: module "
s_bytes:	.asciz " bytes |"
s_done:		.asciz "mb: done\n"
	.data
	.long 0
load_end:
	.bss
	.balign 16
	.skip 4096
stack_top:
bss_end:

/*
 * Flat test guest that never stops: a tight loop with interrupts enabled,
 * for --timeout and signal tests. Entered in 64-bit mode at 0x100000.
 */
	.code64
	.text
	.globl _start
_start:
1:	pause
	jmp	1b

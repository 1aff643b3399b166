/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A file's bytes assembled into .rodata with the assembler's .incbin, so
 * sevvm carries the very file the build made or the repository holds, not
 * a copy pasted into C. The assembler opens @path relative to its working
 * directory (the repository root, where make runs); the Makefile makes the
 * object depend on the file.
 */
#ifndef SEVVM_INCBIN_H
#define SEVVM_INCBIN_H

#include <stdint.h>

/*
 * INCBIN(sym, path) defines sym[], the file's bytes, and sym_len, their
 * number (a .quad, since the end of an .incbin is known only to the
 * assembler). Hidden, so code reaches them PC-relative, without a GOT
 * entry. At file scope only.
 */
#define INCBIN(sym, path)							\
	__asm__(".pushsection .rodata\n"					\
		".balign 16\n"							\
		".globl " #sym "\n.hidden " #sym "\n.type " #sym ", @object\n"	\
		#sym ":\n"							\
		".incbin \"" path "\"\n"					\
		#sym "_end:\n"							\
		".size " #sym ", " #sym "_end - " #sym "\n"			\
		".balign 8\n"							\
		".globl " #sym "_len\n.hidden " #sym "_len\n"			\
		".type " #sym "_len, @object\n"					\
		#sym "_len:\n"							\
		".quad " #sym "_end - " #sym "\n"				\
		".size " #sym "_len, 8\n"					\
		".popsection\n");						\
	extern const uint8_t sym[] __attribute__((visibility("hidden")));	\
	extern const uint64_t sym##_len __attribute__((visibility("hidden")))

#endif

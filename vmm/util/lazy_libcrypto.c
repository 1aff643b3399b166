// SPDX-License-Identifier: GPL-2.0
/*
 * sevvm loads libcrypto (OpenSSL 3) at its first call into it, not at exec.
 *
 * Only SEV launches, measurements and the guest owner's commands use
 * cryptography; a plain VM never does. Linked the usual way, libcrypto is
 * mapped and relocated by the dynamic loader before main() whether it is
 * used or not: about 1.5 MiB of resident memory (its symbol tables,
 * relocations and relocated data) and about a millisecond of relocation
 * processing before the first instruction of sevvm runs.
 *
 * So the sevvm executable is linked without libcrypto. Each libcrypto
 * function that sevvm's objects call (listed at build time by
 * scripts/libcrypto-syms.sh into libcrypto_syms.h) gets a trampoline
 * here, a hidden function of the same name that jumps through its slot.
 * A slot first points to a stub that saves the argument registers, loads
 * libcrypto once for the whole process (dlopen, then dlsym for every
 * slot), restores the registers and jumps on to the real function; from
 * then on each call costs one indirect jump, as a PLT entry does. The
 * unit tests, fuzz targets and benchmark tools link libcrypto directly.
 *
 * The slots are process-wide by nature (they are sevvm's own GOT), hence
 * globals. A process that cannot load libcrypto stops with the message the
 * dynamic loader would have given at start-up: there is no caller to hand
 * an error to in the middle of an OpenSSL call.
 */
#include <dlfcn.h>
#include <openssl/opensslv.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "vmm/vm.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define LIBCRYPTO_SONAME "libcrypto.so." STR(OPENSSL_SHLIB_VERSION)

void lazy_libcrypto_load(void) __attribute__((visibility("hidden")));

/*
 * Per function: the trampoline NAME (hidden, so libcrypto's calls among
 * its own functions never bind to it), its first-call stub, and its slot
 * in .data (written once, when libcrypto is loaded).
 */
#define LIBCRYPTO_SYM(name)						\
	__asm__(".pushsection .text\n"					\
		".globl " #name "\n"					\
		".hidden " #name "\n"					\
		".type " #name ", @function\n"				\
		#name ":\n"						\
		"	endbr64\n"					\
		"	jmp *lazy_slot_" #name "(%rip)\n"		\
		".size " #name ", . - " #name "\n"			\
		"lazy_first_" #name ":\n"				\
		"	endbr64\n"					\
		"	leaq lazy_slot_" #name "(%rip), %r11\n"		\
		"	jmp lazy_libcrypto_resolve\n"			\
		".popsection\n"						\
		".pushsection .data\n"					\
		".balign 8\n"						\
		"lazy_slot_" #name ":\n"				\
		"	.quad lazy_first_" #name "\n"			\
		".popsection\n");
#include "libcrypto_syms.h"
#undef LIBCRYPTO_SYM

/*
 * Entered by a jump from a first-call stub with the slot's address in
 * %r11 (a scratch register no call passes arguments in) and the stack as
 * the caller left it, return address on top (so %rsp is 8 mod 16). Keeps
 * every register a System V call can pass arguments in: %rdi, %rsi, %rdx,
 * %rcx, %r8, %r9, %rax (a varargs call's vector count) and %xmm0-7.
 */
__asm__(".pushsection .text\n"
	".type lazy_libcrypto_resolve, @function\n"
	"lazy_libcrypto_resolve:\n"
	"	pushq %rdi\n"
	"	pushq %rsi\n"
	"	pushq %rdx\n"
	"	pushq %rcx\n"
	"	pushq %r8\n"
	"	pushq %r9\n"
	"	pushq %rax\n"
	"	pushq %r11\n"
	"	subq $136, %rsp\n"	/* 8 x 16 bytes of %xmm, %rsp 16-aligned */
	"	movdqu %xmm0, 0(%rsp)\n"
	"	movdqu %xmm1, 16(%rsp)\n"
	"	movdqu %xmm2, 32(%rsp)\n"
	"	movdqu %xmm3, 48(%rsp)\n"
	"	movdqu %xmm4, 64(%rsp)\n"
	"	movdqu %xmm5, 80(%rsp)\n"
	"	movdqu %xmm6, 96(%rsp)\n"
	"	movdqu %xmm7, 112(%rsp)\n"
	"	call lazy_libcrypto_load\n"
	"	movdqu 0(%rsp), %xmm0\n"
	"	movdqu 16(%rsp), %xmm1\n"
	"	movdqu 32(%rsp), %xmm2\n"
	"	movdqu 48(%rsp), %xmm3\n"
	"	movdqu 64(%rsp), %xmm4\n"
	"	movdqu 80(%rsp), %xmm5\n"
	"	movdqu 96(%rsp), %xmm6\n"
	"	movdqu 112(%rsp), %xmm7\n"
	"	addq $136, %rsp\n"
	"	popq %r11\n"
	"	popq %rax\n"
	"	popq %r9\n"
	"	popq %r8\n"
	"	popq %rcx\n"
	"	popq %rdx\n"
	"	popq %rsi\n"
	"	popq %rdi\n"
	"	jmp *(%r11)\n"
	".size lazy_libcrypto_resolve, . - lazy_libcrypto_resolve\n"
	".popsection\n");

struct lazy_sym {
	const char *name;
	void **slot;
};

#define LIBCRYPTO_SYM(name) extern void *lazy_slot_##name __attribute__((visibility("hidden")));
#include "libcrypto_syms.h"
#undef LIBCRYPTO_SYM

static const struct lazy_sym lazy_syms[] = {
#define LIBCRYPTO_SYM(fn) { .name = #fn, .slot = &lazy_slot_##fn },
#include "libcrypto_syms.h"
#undef LIBCRYPTO_SYM
};

static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;

static void __attribute__((noreturn)) cannot_load(const char *what)
{
	fprintf(stderr, "sevvm: error while loading %s: %s\n", what, dlerror());
	_exit(EXIT_ERROR);
}

static void load_once(void)
{
	void *lib = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!lib)
		cannot_load(LIBCRYPTO_SONAME);
	for (i = 0; i < sizeof(lazy_syms) / sizeof(lazy_syms[0]); i++) {
		/* The handle's scope is libcrypto and its dependencies. */
		void *f = dlsym(lib, lazy_syms[i].name);

		if (!f)
			cannot_load(lazy_syms[i].name);
		/* Another thread may be jumping through the slot already. */
		__atomic_store_n(lazy_syms[i].slot, f, __ATOMIC_RELEASE);
	}
}

void lazy_libcrypto_load(void)
{
	pthread_once(&lazy_once, load_once);
}

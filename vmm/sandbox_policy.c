// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox's policy: which system calls, and which ioctl requests, each
 * thread role makes after set-up. Everything not listed raises SIGSYS.
 *
 * The calls come from the code each thread runs once the VM is set up:
 *   main    poll(2) on the stop eventfd, signalfd and stdin; console output;
 *           at the end pthread_join, vcpu_describe()'s KVM reads, the
 *           launch log, munmap of guest memory, close, restoring the
 *           terminal, unlinking the GDB stub's Unix socket;
 *   vCPU    KVM_RUN and the ioctls of the exits it handles (the SEV model's
 *           GHCB and AP events, memory slots, interrupts), eventfd writes
 *           (virtqueue kicks without ioeventfd, stop requests), fw_cfg's
 *           pread(2) of the kernel and initrd, the trace and the console,
 *           epoll_ctl when a virtio driver enables a queue;
 *   io      epoll_wait, virtio-blk's preadv/pwritev/fdatasync, TAP
 *           readv/writev, getrandom for virtio-rng, irqfd writes;
 *   gdb     poll, accept4 of a debugger that connects after set-up,
 *           recv/send, setsockopt(TCP_NODELAY), the vCPUs' KVM ioctls.
 * glibc adds futex, malloc's mmap/munmap/madvise/brk/mprotect (never
 * executable), sched_getaffinity for a new arena, fstat and TCGETS for a
 * stdio stream's first write, clock_gettime where the vDSO falls back.
 * Nothing after set-up opens a path, creates a socket or runs a program
 * (--attest-cmd runs during the launch, before any filter).
 */
#include "vmm/sandbox_policy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#define M	(1u << SANDBOX_MAIN)
#define V	(1u << SANDBOX_VCPU)
#define I	(1u << SANDBOX_IO)
#define G	(1u << SANDBOX_GDB)
#define ALL	(M | V | I | G)
/* Only the process layer: what a thread does before its own layer. */
#define P	(1u << SANDBOX_PROCESS)

struct sandbox_call {
	int nr;
	unsigned int layers;
};

static const struct sandbox_call calls[] = {
	{ SCMP_SYS(read), ALL },
	{ SCMP_SYS(write), ALL },
	{ SCMP_SYS(readv), ALL },
	{ SCMP_SYS(writev), ALL },
	{ SCMP_SYS(close), ALL },
	{ SCMP_SYS(futex), ALL },
	{ SCMP_SYS(sched_yield), ALL },
	{ SCMP_SYS(sched_getaffinity), ALL },
	{ SCMP_SYS(restart_syscall), ALL },
	{ SCMP_SYS(rt_sigreturn), ALL },
	{ SCMP_SYS(rt_sigprocmask), ALL },
	{ SCMP_SYS(exit), ALL },
	{ SCMP_SYS(exit_group), ALL },
	{ SCMP_SYS(munmap), ALL },
	{ SCMP_SYS(mremap), ALL },
	{ SCMP_SYS(brk), ALL },
	{ SCMP_SYS(madvise), ALL },
	{ SCMP_SYS(clock_gettime), ALL },
	{ SCMP_SYS(clock_getres), ALL },
	{ SCMP_SYS(gettimeofday), ALL },
	{ SCMP_SYS(clock_nanosleep), ALL },
	{ SCMP_SYS(nanosleep), ALL },
	{ SCMP_SYS(getpid), ALL },
	{ SCMP_SYS(gettid), ALL },
	{ SCMP_SYS(getrandom), ALL },
	{ SCMP_SYS(fstat), ALL },
	{ SCMP_SYS(newfstatat), ALL },
	{ SCMP_SYS(lseek), ALL },
	{ SCMP_SYS(poll), M | G },
	{ SCMP_SYS(ppoll), M | G },
	{ SCMP_SYS(unlink), M },		/* the GDB stub's Unix socket */
	{ SCMP_SYS(epoll_ctl), M | V | I },
	{ SCMP_SYS(epoll_wait), I },
	{ SCMP_SYS(epoll_pwait), I },
	{ SCMP_SYS(pread64), V | I },		/* fw_cfg's files */
	{ SCMP_SYS(preadv), I },
	{ SCMP_SYS(pwritev), I },
	{ SCMP_SYS(pwrite64), I },
	{ SCMP_SYS(fdatasync), M | I },		/* virtio-blk: flush, and at the end */
	{ SCMP_SYS(fsync), M | I },
	{ SCMP_SYS(accept4), G },
	{ SCMP_SYS(accept), G },
	{ SCMP_SYS(recvfrom), G },
	{ SCMP_SYS(sendto), G },
	{ SCMP_SYS(setsockopt), G },
	{ SCMP_SYS(shutdown), G },
	/* Starting a thread: pthread_create() and the new thread's start. */
	{ SCMP_SYS(set_robust_list), P },
	{ SCMP_SYS(rseq), P },
	{ SCMP_SYS(rt_sigaction), P },
	{ SCMP_SYS(sigaltstack), P },
	/* Loading the thread layers (vmm/sandbox.c's load_filter()). */
	{ SCMP_SYS(seccomp), P },
};

/*
 * The ioctl requests after set-up: KVM's run-time ones (no VM, vCPU or
 * device creation; nothing on /dev/sev) and the terminal's. The main
 * thread reads a stopped vCPU's whole state (registers, FPU, XSAVE, XCRs,
 * debug registers, MSRs) for the stop report: on the model,
 * KVM_SEV_GET_VMSA builds the SEV-ES VMSA from it.
 */
struct sandbox_ioctl {
	unsigned long request;
	unsigned int layers;
};

static const struct sandbox_ioctl ioctls[] = {
	{ KVM_RUN, V },
	{ KVM_GET_REGS, M | V | G },
	{ KVM_SET_REGS, V | G },
	{ KVM_GET_SREGS, M | V | G },
	{ KVM_SET_SREGS, V | G },
	{ KVM_GET_FPU, M | V | G },
	{ KVM_SET_FPU, V | G },
	{ KVM_GET_MSRS, M | V | G },
	{ KVM_SET_MSRS, V | G },
	{ KVM_GET_XSAVE, M | V | G },
	{ KVM_GET_XCRS, M | V | G },
	{ KVM_GET_DEBUGREGS, M | V | G },
	{ KVM_GET_LAPIC, V },
	{ KVM_SET_LAPIC, V },
	{ KVM_GET_MP_STATE, M | V | G },
	{ KVM_SET_MP_STATE, V },
	{ KVM_SET_GUEST_DEBUG, V | G },
	{ KVM_TRANSLATE, V | G },
	{ KVM_IOEVENTFD, V },
	{ KVM_IRQFD, V },
	{ KVM_SET_GSI_ROUTING, V | I },
	{ KVM_SIGNAL_MSI, V | I },
	{ KVM_IRQ_LINE, V | I },
	{ KVM_SET_USER_MEMORY_REGION, M | V },
	{ KVM_MEMORY_ENCRYPT_OP, M | V | G },
	{ KVM_MEMORY_ENCRYPT_REG_REGION, V },
	{ KVM_MEMORY_ENCRYPT_UNREG_REGION, M | V },
	{ KVM_CHECK_EXTENSION, ALL },
	{ TCGETS, ALL },		/* isatty() at a stdio stream's first write */
	{ TCSETS, M },			/* the console back to how it was */
	{ TCSETSW, M },
	{ TCSETSF, M },
};

/*
 * Sanitizer builds (build/san): AddressSanitizer's and LeakSanitizer's
 * run time reads /proc/self/maps, symbolizes from the executable's file,
 * and at exit stops the world for the leak check: a tracer thread cloned
 * without CLONE_THREAD that ptrace(2)s the others. Every layer allows
 * that there, so a sanitizer report is the sanitizer's and not the
 * sandbox's; the release build has none of it.
 */
#ifdef __SANITIZE_ADDRESS__
static const int sanitizer_calls[] = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(readlink), SCMP_SYS(readlinkat),
	SCMP_SYS(getdents), SCMP_SYS(getdents64), SCMP_SYS(ptrace), SCMP_SYS(wait4), SCMP_SYS(waitid),
	SCMP_SYS(clone), SCMP_SYS(prctl), SCMP_SYS(sigaltstack), SCMP_SYS(rt_sigaction),
	SCMP_SYS(getppid), SCMP_SYS(kill), SCMP_SYS(tkill), SCMP_SYS(pipe2),
	SCMP_SYS(dup), SCMP_SYS(dup2), SCMP_SYS(dup3), SCMP_SYS(uname), SCMP_SYS(prlimit64),
	SCMP_SYS(getrlimit), SCMP_SYS(mincore), SCMP_SYS(access), SCMP_SYS(faccessat),
	SCMP_SYS(fcntl), SCMP_SYS(pread64), SCMP_SYS(mprotect), SCMP_SYS(mmap),
};
#endif

/* libseccomp's SCMP_An() macros leave datum_b out for EQ: spelled out here. */
static struct scmp_arg_cmp arg_cmp(unsigned int arg, enum scmp_compare op, scmp_datum_t a,
				   scmp_datum_t b)
{
	return (struct scmp_arg_cmp){ .arg = arg, .op = op, .datum_a = a, .datum_b = b };
}

static int add_rule(const struct sandbox_filter *f, int nr, unsigned int n, const struct scmp_arg_cmp *cmp,
		    struct err *e)
{
	int r = f->lib->rule_add_array(f->ctx, SCMP_ACT_ALLOW, nr, n, cmp);
	char *name;

	if (!r)
		return 0;
	name = f->lib->syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	err_set(e, -r, "sandbox: rule for %s: %s", name ? name : "?", strerror(-r));
	free(name);
	return r;
}

static bool in_layer(unsigned int layers, unsigned int layer)
{
	/* The process layer holds every role's calls too. */
	return layers & (1u << layer) || (layer == SANDBOX_PROCESS && layers & ALL);
}

/* mmap(2) and mprotect(2), never with PROT_EXEC: no new code after set-up. */
static int add_memory_rules(const struct sandbox_filter *f, struct err *e)
{
	struct scmp_arg_cmp noexec = arg_cmp(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
	int r = add_rule(f, SCMP_SYS(mmap), 1, &noexec, e);

	return r ? r : add_rule(f, SCMP_SYS(mprotect), 1, &noexec, e);
}

/*
 * openat(2) for reading only (no write access, no O_CREAT, no O_TRUNC),
 * for every role but the vCPU threads, which open nothing. A vCPU thread
 * once opened /etc/localtime (glibc's time zone set-up on the first
 * gmtime_r, at a Linux guest's first RTC read): devices/rtc.c now does
 * its own UTC arithmetic, and the report would name any new path. The
 * sanitizer build allows any open anyway.
 */
#ifndef __SANITIZE_ADDRESS__
static int add_read_only_open(const struct sandbox_filter *f, struct err *e)
{
	struct scmp_arg_cmp rdonly = arg_cmp(2, SCMP_CMP_MASKED_EQ,
					     O_ACCMODE | O_CREAT | O_TRUNC, O_RDONLY);

	return add_rule(f, SCMP_SYS(openat), 1, &rdonly, e);
}
#endif

/*
 * The process layer: new threads only (clone with CLONE_THREAD; clone3
 * answers ENOSYS, its flags are out of seccomp's reach in memory, and
 * glibc then falls back to clone), naming them, no_new_privs for
 * libseccomp.
 */
static int add_process_rules(const struct sandbox_filter *f, struct err *e)
{
	struct scmp_arg_cmp thread = arg_cmp(0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD);
	struct scmp_arg_cmp set_name = arg_cmp(0, SCMP_CMP_EQ, PR_SET_NAME, 0);
	struct scmp_arg_cmp nnp = arg_cmp(0, SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS, 0);
	int r;

	r = f->lib->rule_add_array(f->ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0, NULL);
	if (r)
		return err_set(e, -r, "sandbox: rule for clone3: %s", strerror(-r));
	r = add_rule(f, SCMP_SYS(clone), 1, &thread, e);
	if (!r)
		r = add_rule(f, SCMP_SYS(prctl), 1, &set_name, e);
	return r ? r : add_rule(f, SCMP_SYS(prctl), 1, &nnp, e);
}

int sandbox_policy_add(const struct sandbox_filter *f, unsigned int layer, pid_t pid, struct err *e)
{
	struct scmp_arg_cmp own = arg_cmp(0, SCMP_CMP_EQ, (scmp_datum_t)pid, 0);
	size_t i;
	int r;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		if (!in_layer(calls[i].layers, layer))
			continue;
		r = add_rule(f, calls[i].nr, 0, NULL, e);
		if (r)
			return r;
	}
	for (i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++) {
		struct scmp_arg_cmp req = arg_cmp(1, SCMP_CMP_EQ, ioctls[i].request, 0);

		if (!in_layer(ioctls[i].layers, layer))
			continue;
		r = add_rule(f, SCMP_SYS(ioctl), 1, &req, e);
		if (r)
			return r;
	}
	/* Signals to sevvm's own threads: the vCPU kick, abort()'s raise. */
	r = add_rule(f, SCMP_SYS(tgkill), 1, &own, e);
	if (!r)
		r = add_memory_rules(f, e);
#ifndef __SANITIZE_ADDRESS__
	if (!r)
		r = layer == SANDBOX_VCPU ? 0 : add_read_only_open(f, e);	/* see above */
#endif
	if (!r && layer == SANDBOX_PROCESS)
		r = add_process_rules(f, e);
#ifdef __SANITIZE_ADDRESS__
	for (i = 0; !r && i < sizeof(sanitizer_calls) / sizeof(sanitizer_calls[0]); i++) {
		r = f->lib->rule_add_array(f->ctx, SCMP_ACT_ALLOW, sanitizer_calls[i], 0, NULL);
		if (r == -EEXIST)
			r = 0;	/* a narrower rule of the same call: this one is wider */
		else if (r)
			r = err_set(e, -r, "sandbox: sanitizer rule %d: %s", sanitizer_calls[i],
				    strerror(-r));
	}
#endif
	return r;
}

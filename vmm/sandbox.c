// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox's mechanism: loading the seccomp layers (vmm/sandbox.h) and
 * the SIGSYS handler that reports a forbidden call. The policy, what each
 * role may call, is vmm/sandbox_policy.c.
 */
#include "vmm/sandbox.h"

#include <errno.h>
#include <linux/audit.h>
#include <malloc.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "vmm/sandbox_policy.h"

/*
 * The x86-64 system call names by number, from the uapi header at build
 * time (scripts/syscall-names.sh): read-only data the SIGSYS handler may
 * read, where resolving each number with libseccomp at start-up cost a
 * thousand calls and some 120 KiB of heap.
 */
static const char *const syscall_names[] = {
#include "syscall_names.h"
};

struct sandbox {
	int selftest;			/* a role, or -1 (SANDBOX_SELFTEST_ENV) */
	pid_t pid;
};

/*
 * The SIGSYS handler has no argument to carry state, and may only make
 * calls every layer allows (write and exit_group): each thread keeps its
 * name for the report here, and the first thread to trap claims the
 * report (two vCPUs can trap at once; their lines must not mix). These
 * are sevvm's only globals.
 */
static __thread char thread_name[16] = "(unnamed)";
static int report_claimed;

static const char *const role_names[SANDBOX_NR_ROLES] = {
	[SANDBOX_MAIN] = "main",
	[SANDBOX_VCPU] = "vcpu",
	[SANDBOX_IO] = "io",
	[SANDBOX_GDB] = "gdb",
};

const char *sandbox_role_name(enum sandbox_role role)
{
	return role < SANDBOX_NR_ROLES ? role_names[role] : "?";
}

/* Async-signal-safe formatting for the handler. */
static size_t put_str(char *buf, size_t pos, size_t len, const char *s)
{
	while (*s && pos + 1 < len)
		buf[pos++] = *s++;
	return pos;
}

static size_t put_uint(char *buf, size_t pos, size_t len, unsigned long v, unsigned int base)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v && n < sizeof(digits));
	while (n && pos + 1 < len)
		buf[pos++] = digits[--n];
	return pos;
}

/*
 * The path an open(2), openat(2) or openat2(2) was given, quoted: the
 * trapped call's arguments are in the saved registers (the x86-64 system
 * call convention: rdi, rsi, ...). The pointer is sevvm's own memory, handed
 * to the kernel by sevvm's code a moment ago; the copy is a bounded byte
 * loop (no system call: process_vm_readv would trap again) that stops at
 * the NUL or after SANDBOX_PATH_MAX bytes, and shows other bytes as '?'.
 */
#define SANDBOX_PATH_MAX	96

static size_t put_open_path(char *buf, size_t pos, size_t len, unsigned int nr,
			    const ucontext_t *uc)
{
	const volatile char *path;
	size_t i;

	if (nr == SYS_open)
		path = (const char *)uc->uc_mcontext.gregs[REG_RDI];
	else if (nr == SYS_openat || nr == SYS_openat2)
		path = (const char *)uc->uc_mcontext.gregs[REG_RSI];
	else
		return pos;
	if (!path)
		return put_str(buf, pos, len, " path NULL");
	pos = put_str(buf, pos, len, " path \"");
	for (i = 0; i < SANDBOX_PATH_MAX && path[i] && pos + 1 < len; i++) {
		char c = path[i];

		buf[pos++] = (c >= 0x20 && c < 0x7f && c != '"') ? c : '?';
	}
	if (i == SANDBOX_PATH_MAX)
		pos = put_str(buf, pos, len, "...");
	return put_str(buf, pos, len, "\"");
}

/*
 * SIGSYS from SECCOMP_RET_TRAP: si_syscall and si_arch name the call
 * (seccomp(2), "SECCOMP_RET_TRAP"). One line on stderr, then the end.
 */
static void report_forbidden_call(int sig, siginfo_t *si, void *uc)
{
	unsigned int nr = (unsigned int)si->si_syscall;
	char msg[320];
	size_t pos = 0;

	(void)sig;
	/*
	 * A second thread waits for the first's exit_group without a system
	 * call (any call could trap again, with SIGSYS blocked in here).
	 */
	if (__atomic_exchange_n(&report_claimed, 1, __ATOMIC_ACQ_REL))
		for (;;)
			__builtin_ia32_pause();
	pos = put_str(msg, pos, sizeof(msg), "sevvm: sandbox: thread ");
	pos = put_str(msg, pos, sizeof(msg), thread_name);
	pos = put_str(msg, pos, sizeof(msg), " made a forbidden system call: ");
	if (si->si_arch != AUDIT_ARCH_X86_64) {
		pos = put_str(msg, pos, sizeof(msg), "number ");
		pos = put_uint(msg, pos, sizeof(msg), nr, 10);
		pos = put_str(msg, pos, sizeof(msg), " of another ABI (audit arch 0x");
		pos = put_uint(msg, pos, sizeof(msg), si->si_arch, 16);
		pos = put_str(msg, pos, sizeof(msg), ")");
	} else {
		if (nr < sizeof(syscall_names) / sizeof(syscall_names[0]) && syscall_names[nr]) {
			pos = put_str(msg, pos, sizeof(msg), syscall_names[nr]);
			pos = put_str(msg, pos, sizeof(msg), " ");
		}
		pos = put_str(msg, pos, sizeof(msg), "(");
		pos = put_uint(msg, pos, sizeof(msg), nr, 10);
		pos = put_str(msg, pos, sizeof(msg), ")");
		/* The call's name out first, should the path be unreadable. */
		if (write(STDERR_FILENO, msg, pos) >= 0)
			pos = 0;
		pos = put_open_path(msg, pos, sizeof(msg), nr, uc);
	}
	pos = put_str(msg, pos, sizeof(msg), "; stopping (exit status ");
	pos = put_uint(msg, pos, sizeof(msg), EXIT_SANDBOX, 10);
	pos = put_str(msg, pos, sizeof(msg), ")\n");
	if (write(STDERR_FILENO, msg, pos) < 0) {
		/* nowhere left to say it: the exit status still does */
	}
	_exit(EXIT_SANDBOX);
}

static int parse_selftest(const char *v, struct err *e)
{
	unsigned int i;

	if (!v || !*v)
		return -1;
	for (i = 0; i < SANDBOX_NR_ROLES; i++)
		if (!strcmp(v, role_names[i]))
			return (int)i;
	return err_set(e, EINVAL, "%s '%s': expected main, vcpu, io or gdb",
		       SANDBOX_SELFTEST_ENV, v);
}

int sandbox_create(struct sandbox **out, struct err *e)
{
	struct sigaction sa = { .sa_sigaction = report_forbidden_call, .sa_flags = SA_SIGINFO };
	struct sandbox *s;
	int selftest;

	*out = NULL;
	selftest = parse_selftest(getenv(SANDBOX_SELFTEST_ENV), e);
	if (selftest < -1)
		return selftest;
	s = calloc(1, sizeof(*s));
	if (!s)
		return err_set(e, ENOMEM, "sandbox");
	s->selftest = selftest;
	s->pid = getpid();
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0) {
		int r = err_sys(e, errno, "sandbox: sigaction(SIGSYS)");

		sandbox_destroy(s);
		return r;
	}
	*out = s;
	return 0;
}

/* Builds and loads one layer in the calling thread (or all, @tsync). */
static int load_layer(const struct sandbox *s, unsigned int layer, bool tsync, struct err *e)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	int r;

	if (!ctx)
		return err_set(e, ENOMEM, "sandbox: seccomp_init");
	/* A call of another ABI (int 0x80, x32) is reported, not a silent kill. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
	if (!r && tsync)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (r) {
		err_set(e, -r, "sandbox: seccomp_attr_set: %s", strerror(-r));
		goto out;
	}
	r = sandbox_policy_add(ctx, layer, s->pid, e);
	if (r)
		goto out;
	r = seccomp_load(ctx);
	if (r)
		err_set(e, -r, "sandbox: loading the %s filter: %s",
			layer == SANDBOX_PROCESS ? "process" : role_names[layer], strerror(-r));
out:
	seccomp_release(ctx);
	/*
	 * libseccomp builds each filter on the heap (some 100 KiB for a
	 * layer) and frees it: give those pages back now rather than keep
	 * them resident for the VM's life.
	 */
	malloc_trim(0);
	return r;
}

/* The kernel kills a thread that blocks SIGSYS when the filter traps. */
static int unblock_sigsys(struct err *e)
{
	sigset_t set;
	int r;

	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	r = pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return r ? err_sys(e, r, "sandbox: unblocking SIGSYS") : 0;
}

int sandbox_enter_process(struct sandbox *s, struct err *e)
{
	int r;

	if (!s)
		return 0;
	snprintf(thread_name, sizeof(thread_name), "main");
	r = unblock_sigsys(e);
	return r ? r : load_layer(s, SANDBOX_PROCESS, true, e);
}

/* SANDBOX_SELFTEST_ENV: a call no role makes after set-up. */
static void selftest(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
}

int sandbox_enter_thread(struct sandbox *s, enum sandbox_role role, const char *name,
			 struct err *e)
{
	int r;

	if (!s)
		return 0;
	snprintf(thread_name, sizeof(thread_name), "%s", name);
	r = unblock_sigsys(e);
	if (!r)
		r = load_layer(s, role, false, e);
	if (!r && s->selftest == (int)role)
		selftest();
	return r;
}

void sandbox_destroy(struct sandbox *s)
{
	free(s);
}

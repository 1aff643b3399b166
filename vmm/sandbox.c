// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox's mechanism: loading the seccomp layers (vmm/sandbox.h) and
 * the SIGSYS handler that reports a forbidden call. The policy, what each
 * role may call, is vmm/sandbox_policy.c.
 */
#include "vmm/sandbox.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

#define SANDBOX_NR_LAYERS	(SANDBOX_PROCESS + 1)

struct sandbox {
	int selftest;			/* a role, or -1 (SANDBOX_SELFTEST_ENV) */
	pid_t pid;
	/* The layers' BPF programs, built by sandbox_enter_process(). */
	struct sock_fprog prog[SANDBOX_NR_LAYERS];
	struct sock_filter *insns;	/* all of them, one allocation */
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

static const char *layer_name(unsigned int layer)
{
	return layer == SANDBOX_PROCESS ? "process" : sandbox_role_name(layer);
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

/*
 * Builds @layer's filter with libseccomp and appends its BPF program to
 * @fd (seccomp_export_bpf() writes it there).
 */
static int build_layer(const struct sandbox *s, const struct libseccomp *lib, unsigned int layer,
		       int fd, struct err *e)
{
	struct sandbox_filter f = { .lib = lib, .ctx = lib->init(SCMP_ACT_TRAP) };
	int r;

	if (!f.ctx)
		return err_set(e, ENOMEM, "sandbox: seccomp_init");
	/* A call of another ABI (int 0x80, x32) is reported, not a silent kill. */
	r = lib->attr_set(f.ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
	if (r)
		err_set(e, -r, "sandbox: seccomp_attr_set: %s", strerror(-r));
	if (!r)
		r = sandbox_policy_add(&f, layer, s->pid, e);
	if (!r) {
		r = lib->export_bpf(f.ctx, fd);
		if (r)
			err_set(e, -r, "sandbox: exporting the %s filter: %s", layer_name(layer),
				strerror(-r));
	}
	lib->release(f.ctx);
	return r;
}

/*
 * The builder's results, in memory shared with it: every layer appended to
 * the memfd, the file's end after each.
 */
struct build_job {
	off_t end[SANDBOX_NR_LAYERS];
	int r;
	struct err e;
};

static void __attribute__((noreturn)) build_child(const struct sandbox *s, int fd,
						  struct build_job *job)
{
	struct libseccomp lib;
	unsigned int layer;

	job->r = libseccomp_open(&lib, &job->e);
	for (layer = 0; !job->r && layer < SANDBOX_NR_LAYERS; layer++) {
		job->r = build_layer(s, &lib, layer, fd, &job->e);
		job->end[layer] = lseek(fd, 0, SEEK_CUR);
	}
	_exit(job->r ? 1 : 0);
}

/*
 * Builds every layer's filter in a child process, at set-up's start while
 * sevvm is small and single-threaded, into one memfd read back into one
 * allocation. sevvm itself never loads libseccomp: neither its pages nor
 * the heap it builds each filter on (some 100 KiB a layer, freed but
 * pinned by glibc's per-thread cache of small chunks until the thread
 * exits) stay resident for the VM's life; the child's all go at its exit.
 */
static int build_layers(struct sandbox *s, struct err *e)
{
	struct build_job *job;
	struct sock_filter *insns;
	unsigned int layer;
	off_t start = 0, total;
	int r = 0, fd, status;
	pid_t child;

	fd = memfd_create("sevvm-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "sandbox: memfd_create");
	job = mmap(NULL, sizeof(*job), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (job == MAP_FAILED) {
		r = err_sys(e, errno, "sandbox: the filter builder's results");
		goto out_fd;
	}
	job->r = -EIO;
	child = fork();
	if (child < 0) {
		r = err_sys(e, errno, "sandbox: starting the filter builder");
		goto out_job;
	}
	if (!child)
		build_child(s, fd, job);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			r = err_sys(e, errno, "sandbox: waiting for the filter builder");
			goto out_job;
		}
	if (job->r) {
		r = job->e.msg[0] ? err_set(e, -job->r, "%s", job->e.msg) :
			err_set(e, EIO, "sandbox: the filter builder ended with status 0x%x", status);
		goto out_job;
	}
	total = job->end[SANDBOX_NR_LAYERS - 1];
	insns = total > 0 ? malloc((size_t)total) : NULL;
	if (!insns) {
		r = err_set(e, ENOMEM, "sandbox: the filters (%lld bytes)", (long long)total);
		goto out_job;
	}
	s->insns = insns;
	if (pread(fd, insns, (size_t)total, 0) != total) {
		r = err_sys(e, errno ? errno : EIO, "sandbox: reading the filters back");
		goto out_job;
	}
	for (layer = 0; layer < SANDBOX_NR_LAYERS; start = job->end[layer++]) {
		off_t size = job->end[layer] - start;

		/* The kernel's bound, BPF_MAXINSNS (linux/bpf_common.h). */
		if (size <= 0 || size % (off_t)sizeof(*insns) ||
		    size > BPF_MAXINSNS * (off_t)sizeof(*insns)) {
			r = err_set(e, EINVAL, "sandbox: the %s filter is %lld bytes",
				    layer_name(layer), (long long)size);
			goto out_job;
		}
		s->prog[layer] = (struct sock_fprog){
			.len = (unsigned short)(size / (off_t)sizeof(*insns)),
			.filter = insns + start / (off_t)sizeof(*insns),
		};
	}
out_job:
	munmap(job, sizeof(*job));
out_fd:
	close(fd);
	return r;
}

/*
 * Loads @layer's filter on the calling thread (on all, @tsync), as
 * libseccomp's seccomp_load() would: no_new_privs first, which an
 * unprivileged filter needs (Documentation/userspace-api/seccomp_filter.rst).
 */
static int load_layer(const struct sandbox *s, unsigned int layer, bool tsync, struct err *e)
{
	long r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_sys(e, errno, "sandbox: PR_SET_NO_NEW_PRIVS");
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, tsync ? SECCOMP_FILTER_FLAG_TSYNC : 0,
		    &s->prog[layer]);
	if (r < 0)
		return err_sys(e, errno, "sandbox: loading the %s filter", layer_name(layer));
	/* TSYNC's failure: the thread that could not take the filter. */
	if (r > 0)
		return err_set(e, EBUSY, "sandbox: loading the %s filter: thread %ld cannot take it",
			       layer_name(layer), r);
	return 0;
}

int sandbox_create(struct sandbox **out, struct err *e)
{
	struct sigaction sa = { .sa_sigaction = report_forbidden_call, .sa_flags = SA_SIGINFO };
	struct sandbox *s;
	int selftest, r;

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
	r = build_layers(s, e);
	if (!r && sigaction(SIGSYS, &sa, NULL) < 0)
		r = err_sys(e, errno, "sandbox: sigaction(SIGSYS)");
	if (r) {
		sandbox_destroy(s);
		return r;
	}
	*out = s;
	return 0;
}

/*
 * The calling thread's name for the report, cut to fit. A plain loop: not
 * snprintf, whose formatting code a launch would touch for this alone.
 */
static void set_thread_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(thread_name) - 1 && name[i]; i++)
		thread_name[i] = name[i];
	thread_name[i] = '\0';
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
	set_thread_name("main");
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
	set_thread_name(name);
	r = unblock_sigsys(e);
	if (!r)
		r = load_layer(s, role, false, e);
	if (!r && s->selftest == (int)role)
		selftest();
	return r;
}

void sandbox_destroy(struct sandbox *s)
{
	if (s)
		free(s->insns);
	free(s);
}

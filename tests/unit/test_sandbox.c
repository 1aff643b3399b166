// SPDX-License-Identifier: GPL-2.0
/*
 * The sandbox's policy, loaded for real in a child process: a call a role
 * does not make ends the child with EXIT_SANDBOX and a line naming the
 * call and the thread; a call it makes goes through to the kernel (which
 * answers EBADF for the fake descriptor). The sanitizer build allows more
 * (vmm/sandbox_policy.c); the cases it allows are left to the release
 * build.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/unit/unit.h"
#include "vmm/sandbox.h"

struct outcome {
	int status;		/* the child's exit status, or 128 + signal */
	char msg[512];		/* what it wrote on stderr */
};

/* Runs @attempt in a child under the process layer and @role's layer. */
static struct outcome run_sandboxed(enum sandbox_role role, const char *name,
				    int (*attempt)(void))
{
	struct outcome o = { .status = -1 };
	int pfd[2], st;
	size_t n = 0;
	ssize_t got;
	pid_t pid;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct sandbox *s;
		struct err e = { 0 };

		dup2(pfd[1], STDERR_FILENO);
		close(pfd[0]);
		if (sandbox_create(&s, &e) || sandbox_enter_process(s, &e) ||
		    sandbox_enter_thread(s, role, name, &e)) {
			if (write(STDERR_FILENO, e.msg, strlen(e.msg)) < 0)
				_exit(98);
			_exit(99);
		}
		_exit(attempt());
	}
	close(pfd[1]);
	while (n + 1 < sizeof(o.msg) && (got = read(pfd[0], o.msg + n, sizeof(o.msg) - 1 - n)) > 0)
		n += (size_t)got;
	o.msg[n] = '\0';
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	o.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return o;
}

static void assert_forbidden(const struct outcome *o, const char *thread, const char *call)
{
	char want[128];

	snprintf(want, sizeof(want), "sevvm: sandbox: thread %s made a forbidden system call: %s (",
		 thread, call);
	ck_assert_msg(o->status == EXIT_SANDBOX, "exit status %d, output '%s'", o->status, o->msg);
	ck_assert_msg(strstr(o->msg, want), "'%s' lacks '%s'", o->msg, want);
}

static int try_socket(void)
{
	return socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 0 : 1;
}

static int try_execve(void)
{
	char arg0[] = "true";
	char *const argv[] = { arg0, NULL };

	execve("/bin/true", argv, NULL);
	return 1;
}

/* An allowed request reaches the kernel: EBADF for fd -1. */
static int try_kvm_run(void)
{
	return ioctl(-1, KVM_RUN, 0) < 0 && errno == EBADF ? 0 : 1;
}

static int try_tunsetiff(void)
{
	return ioctl(-1, TUNSETIFF, NULL) < 0 && errno == EBADF ? 0 : 1;
}

static int try_accept4(void)
{
	return accept4(-1, NULL, NULL, 0) < 0 && errno == EBADF ? 0 : 1;
}

static int try_preadv(void)
{
	char b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };

	return preadv(-1, &iov, 1, 0) < 0 && errno == EBADF ? 0 : 1;
}

START_TEST(vcpu_socket_forbidden)
{
	struct outcome o = run_sandboxed(SANDBOX_VCPU, "vcpu0", try_socket);

	assert_forbidden(&o, "vcpu0", "socket");
}
END_TEST

START_TEST(vcpu_execve_forbidden)
{
	struct outcome o = run_sandboxed(SANDBOX_VCPU, "vcpu3", try_execve);

	assert_forbidden(&o, "vcpu3", "execve");
}
END_TEST

START_TEST(vcpu_kvm_run_allowed)
{
	struct outcome o = run_sandboxed(SANDBOX_VCPU, "vcpu0", try_kvm_run);

	ck_assert_msg(o.status == 0, "exit status %d, output '%s'", o.status, o.msg);
}
END_TEST

START_TEST(tap_ioctl_forbidden_after_setup)
{
	struct outcome o = run_sandboxed(SANDBOX_IO, "virtio-io", try_tunsetiff);

	assert_forbidden(&o, "virtio-io", "ioctl");
}
END_TEST

/* Each role has its own list: the I/O thread's preadv is not the stub's. */
START_TEST(roles_differ)
{
	struct outcome io = run_sandboxed(SANDBOX_IO, "virtio-io", try_preadv);
	struct outcome gdb = run_sandboxed(SANDBOX_GDB, "gdb-stub", try_preadv);
	struct outcome io_accept = run_sandboxed(SANDBOX_IO, "virtio-io", try_accept4);
	struct outcome gdb_accept = run_sandboxed(SANDBOX_GDB, "gdb-stub", try_accept4);

	ck_assert_msg(io.status == 0, "io preadv: status %d '%s'", io.status, io.msg);
	assert_forbidden(&gdb, "gdb-stub", "preadv");
	assert_forbidden(&io_accept, "virtio-io", "accept4");
	ck_assert_msg(gdb_accept.status == 0, "gdb accept4: status %d '%s'", gdb_accept.status,
		      gdb_accept.msg);
}
END_TEST

#ifndef __SANITIZE_ADDRESS__
static int try_exec_mapping(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED;
}

/* fork(2) is clone(2) without CLONE_THREAD. */
static int try_fork(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	return pid < 0;
}

/* Through syscall(2): glibc's open() may use either call. */
static int try_openat_for_writing(void)
{
	return syscall(SYS_openat, AT_FDCWD, "/nonexistent/sevvm-openat\001", O_WRONLY) < 0;
}

static int try_open_for_writing(void)
{
	return syscall(SYS_open, "/nonexistent/sevvm-open", O_WRONLY) < 0;
}

/* Reading /proc/self/stat: a file every machine has, opened read-only. */
static int try_openat_for_reading(void)
{
	int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/stat", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

/*
 * A vCPU thread opens nothing, not even to read (glibc's one-time time
 * zone set-up behind gmtime_r once did: devices/rtc.c now runs it first);
 * the main thread may still read a file.
 */
START_TEST(vcpu_open_for_reading_forbidden)
{
	struct outcome v = run_sandboxed(SANDBOX_VCPU, "vcpu0", try_openat_for_reading);
	struct outcome m = run_sandboxed(SANDBOX_MAIN, "main", try_openat_for_reading);

	assert_forbidden(&v, "vcpu0", "openat");
	ck_assert_msg(strstr(v.msg, " path \"/proc/self/stat\";"), "'%s'", v.msg);
	ck_assert_msg(m.status == 0, "main: exit status %d, output '%s'", m.status, m.msg);
}
END_TEST

/* A forbidden open names its path (bytes outside ASCII shown as '?'). */
START_TEST(vcpu_open_for_writing_reported_with_path)
{
	struct outcome at = run_sandboxed(SANDBOX_VCPU, "vcpu0", try_openat_for_writing);
	struct outcome op = run_sandboxed(SANDBOX_VCPU, "vcpu1", try_open_for_writing);

	assert_forbidden(&at, "vcpu0", "openat");
	ck_assert_msg(strstr(at.msg, " path \"/nonexistent/sevvm-openat?\";"), "'%s'", at.msg);
	assert_forbidden(&op, "vcpu1", "open");
	ck_assert_msg(strstr(op.msg, " path \"/nonexistent/sevvm-open\";"), "'%s'", op.msg);
}
END_TEST

START_TEST(exec_mapping_forbidden)
{
	struct outcome o = run_sandboxed(SANDBOX_IO, "virtio-io", try_exec_mapping);

	assert_forbidden(&o, "virtio-io", "mmap");
}
END_TEST

/* No new process: not even the process layer lets clone(2) go without CLONE_THREAD. */
START_TEST(no_fork_after_setup)
{
	struct outcome o = run_sandboxed(SANDBOX_MAIN, "main", try_fork);

	assert_forbidden(&o, "main", "clone");
}
END_TEST
#endif

Suite *sandbox_suite(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, vcpu_socket_forbidden);
	tcase_add_test(tc, vcpu_execve_forbidden);
	tcase_add_test(tc, vcpu_kvm_run_allowed);
	tcase_add_test(tc, tap_ioctl_forbidden_after_setup);
	tcase_add_test(tc, roles_differ);
#ifndef __SANITIZE_ADDRESS__
	tcase_add_test(tc, exec_mapping_forbidden);
	tcase_add_test(tc, vcpu_open_for_writing_reported_with_path);
	tcase_add_test(tc, vcpu_open_for_reading_forbidden);
	tcase_add_test(tc, no_fork_after_setup);
#endif
	suite_add_tcase(s, tc);
	return s;
}

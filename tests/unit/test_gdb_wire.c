// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub over a real Unix socket (vmm/gdb/stub.c): the socket's
 * mode, acks and NACKs, a malformed packet, resume and Ctrl-C with a vCPU
 * thread that parks as a real one does (KVM_RUN replaced by a short sleep),
 * and kill ending the VM with status 0.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "tests/unit/unit.h"
#include "vmm/gdb/stub.h"
#include "vmm/vm.h"

struct wire {
	struct vm_config cfg;
	struct vm vm;
	struct vcpu vcpu;
	struct kvm_run run;
	struct gdb_stub *g;
	pthread_t cpu;
	int fd;
	char dir[64], path[96];
};

static void *fake_vcpu(void *arg)
{
	struct wire *w = arg;
	struct timespec ms = { .tv_nsec = 1000000 };

	while (gdb_vcpu_wait(w->g, 0))
		nanosleep(&ms, NULL);	/* "KVM_RUN" */
	return NULL;
}

/* Reads one "$...#cc" reply (after any acks); returns its payload. */
static const char *reply(struct wire *w)
{
	static char buf[8192];
	size_t n = 0;

	for (;;) {
		ssize_t r = recv(w->fd, buf + n, sizeof(buf) - 1 - n, 0);
		char *start, *hash;

		ck_assert_int_gt(r, 0);
		n += (size_t)r;
		buf[n] = '\0';
		start = strchr(buf, '$');
		hash = start ? strchr(start, '#') : NULL;
		if (hash && strlen(hash) >= 3) {
			*hash = '\0';
			return start + 1;
		}
	}
}

static void send_str(struct wire *w, const char *s)
{
	ck_assert_int_eq(send(w->fd, s, strlen(s), 0), (ssize_t)strlen(s));
}

static void send_pkt(struct wire *w, const char *body)
{
	char pkt[256];
	unsigned int sum = 0;
	size_t i;

	for (i = 0; body[i]; i++)
		sum += (uint8_t)body[i];
	snprintf(pkt, sizeof(pkt), "$%s#%02x", body, sum & 0xff);
	send_str(w, pkt);
}

START_TEST(over_a_socket)
{
	struct wire *w = calloc(1, sizeof(*w));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct err e = { 0 };
	struct stat st;
	uint64_t one;
	char c;

	ck_assert_ptr_nonnull(w);
	snprintf(w->dir, sizeof(w->dir), "/tmp/sevvm-gdb-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(w->dir));
	snprintf(w->path, sizeof(w->path), "unix:%s/s", w->dir);
	w->cfg.gdb = (struct gdb_config){ .listen = w->path, .wait = true };
	w->vm.cfg = &w->cfg;
	w->vm.ncpus = 1;
	w->vm.vcpus = &w->vcpu;
	w->vcpu = (struct vcpu){ .vm = &w->vm, .fd = -1, .run = &w->run };
	pthread_mutex_init(&w->vm.stop.lock, NULL);
	w->vm.stop.efd = eventfd(0, EFD_CLOEXEC);
	ck_assert_int_eq(gdb_stub_open(&w->vm, &w->cfg.gdb, &w->g, &e), 0);
	/* The socket is the caller's alone. */
	ck_assert_int_eq(stat(w->path + 5, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	/* A second stub on the same path fails and leaves the file alone. */
	{
		struct gdb_stub *g2 = NULL;

		ck_assert_int_lt(gdb_stub_open(&w->vm, &w->cfg.gdb, &g2, &e), 0);
		ck_assert_ptr_nonnull(strstr(e.msg, "bind"));
		gdb_stub_close(g2);
		ck_assert_int_eq(stat(w->path + 5, &st), 0);
	}
	ck_assert_int_eq(gdb_stub_start(w->g, &e), 0);
	ck_assert_int_eq(pthread_create(&w->cpu, NULL, fake_vcpu, w), 0);

	w->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", w->path + 5);
	ck_assert_int_eq(connect(w->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);

	send_pkt(w, "?");
	ck_assert_str_eq(reply(w), "T05thread:1;");
	/* A bad checksum gets a NACK; a NACK gets the last reply again. */
	send_str(w, "$?#00");
	ck_assert_int_eq(recv(w->fd, &c, 1, 0), 1);
	ck_assert_int_eq(c, '-');
	send_str(w, "-");
	ck_assert_str_eq(reply(w), "T05thread:1;");
	send_pkt(w, "a*");
	ck_assert_str_eq(reply(w), "E16");
	send_pkt(w, "g");
	ck_assert_str_eq(reply(w), "E0e");	/* no KVM vCPU behind it */
	/* Resume, then Ctrl-C: the vCPU parks again and the stop names it. */
	send_pkt(w, "vCont;c");
	send_pkt(w, "qC");	/* refused while running */
	ck_assert_str_eq(reply(w), "E10");
	send_str(w, "\x03");
	ck_assert_str_eq(reply(w), "T02thread:1;");
	send_pkt(w, "qfThreadInfo");
	ck_assert_str_eq(reply(w), "m1");
	send_pkt(w, "k");
	/* As vm_run() does once the VM stops: the stub lets parked vCPUs go. */
	ck_assert_int_eq(read(w->vm.stop.efd, &one, sizeof(one)), sizeof(one));
	gdb_stub_release(w->g);
	ck_assert_int_eq(pthread_join(w->cpu, NULL), 0);
	ck_assert_int_eq(vm_stopping(&w->vm), VM_STOP_DEBUGGER);
	ck_assert_int_eq(w->vm.stop.exit_status, 0);
	ck_assert_ptr_nonnull(strstr(w->vm.stop.msg, "killed by the debugger"));
	gdb_stub_close(w->g);
	/* The socket file goes with the stub. */
	ck_assert_int_lt(stat(w->path + 5, &st), 0);
	close(w->fd);
	close(w->vm.stop.efd);
	rmdir(w->dir);
	free(w);
}
END_TEST

Suite *gdb_wire_suite(void)
{
	Suite *s = suite_create("gdb_wire");
	TCase *tc = tcase_create("socket");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, over_a_socket);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub's connection and its control of the vCPUs (see stub.h for
 * the lock order). The debugger's packets are answered in commands.c.
 *
 * Stopping: the stub sets stop_all and kicks every vCPU out of KVM_RUN;
 * each parks in gdb_vcpu_wait() and the stub waits until all have. A vCPU
 * with a debug exit sets stop_all itself and wakes the stub, which stops
 * the others the same way. Resuming clears stop_all (continue) or lets one
 * vCPU go alone (a step of that thread while the others stay parked).
 */
#include "vmm/gdb/stub_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "vmm/sandbox.h"
#include "vmm/vm.h"
#include "vmm/vm_sev.h"

int gdb_parse_listen(const char *s, char *host, size_t hostlen, unsigned int *port,
		     char *path, size_t pathlen, struct err *e)
{
	const char *p, *colon;
	char *end;
	unsigned long v;

	host[0] = path[0] = '\0';
	*port = 0;
	if (!strncmp(s, "unix:", 5)) {
		p = s + 5;
		if (!*p)
			return err_set(e, EINVAL, "--gdb '%s': unix: needs a path", s);
		if (strlen(p) >= pathlen)
			return err_set(e, EINVAL, "--gdb '%s': socket path longer than %zu bytes",
				       s, pathlen - 1);
		strcpy(path, p);
		return 0;
	}
	if (strncmp(s, "tcp:", 4))
		return err_set(e, EINVAL, "--gdb '%s': expected tcp:[ADDR:]PORT or unix:PATH", s);
	p = s + 4;
	colon = strrchr(p, ':');
	if (colon) {
		size_t n = (size_t)(colon - p);
		struct in_addr a;

		if (!n || n >= hostlen)
			return err_set(e, EINVAL, "--gdb '%s': bad address", s);
		memcpy(host, p, n);
		host[n] = '\0';
		if (inet_pton(AF_INET, host, &a) != 1)
			return err_set(e, EINVAL, "--gdb '%s': address '%s' is not IPv4 dotted decimal",
				       s, host);
		p = colon + 1;
	} else {
		if (hostlen < 10)
			return err_set(e, EINVAL, "--gdb: address buffer too small");
		strcpy(host, "127.0.0.1");
	}
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || end == p || *end || v == 0 || v > 65535 || *p == '-' || *p == '+')
		return err_set(e, EINVAL, "--gdb '%s': port must be 1..65535", s);
	*port = (unsigned int)v;
	return 0;
}

static int listen_tcp(struct gdb_stub *g, const char *host, unsigned int port, struct err *e)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1;

	inet_pton(AF_INET, host, &sa.sin_addr);
	g->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (g->listen_fd < 0)
		return err_sys(e, errno, "--gdb: socket");
	setsockopt(g->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(g->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return err_sys(e, errno, "--gdb: bind %s:%u", host, port);
	if (listen(g->listen_fd, 1) < 0)
		return err_sys(e, errno, "--gdb: listen");
	return 0;
}

static int listen_unix(struct gdb_stub *g, const char *path, struct err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	int r;

	strcpy(sa.sun_path, path);
	g->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (g->listen_fd < 0)
		return err_sys(e, errno, "--gdb: socket");
	/*
	 * Mode 0600 from the start: bind() creates the file with the umask
	 * applied, and a chmod afterwards would leave a window. sevvm has
	 * one thread when the VM is created, so the process-wide umask is
	 * safe to change here. An existing file is an error, never removed.
	 */
	old = umask(0177);
	r = bind(g->listen_fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0)
		return err_sys(e, errno, "--gdb: bind unix:%s", path);
	snprintf(g->unix_path, sizeof(g->unix_path), "%s", path);
	if (listen(g->listen_fd, 1) < 0)
		return err_sys(e, errno, "--gdb: listen");
	return 0;
}

int gdb_stub_open(struct vm *vm, const struct gdb_config *cfg, struct gdb_stub **out,
		  struct err *e)
{
	struct gdb_stub *g;
	char host[64], path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned int port;
	int r;

	r = gdb_parse_listen(cfg->listen, host, sizeof(host), &port, path, sizeof(path), e);
	if (r)
		return r;
	g = calloc(1, sizeof(*g));
	if (!g)
		return err_set(e, ENOMEM, "--gdb");
	*out = g;
	g->vm = vm;
	g->wait = cfg->wait;
	g->listen_fd = g->client_fd = g->wake_fd = g->quit_fd = -1;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	/* --gdb-wait: every vCPU parks before its first instruction. */
	g->stop_all = cfg->wait;
	g->cpus = calloc(vm->ncpus, sizeof(*g->cpus));
	if (!g->cpus)
		return err_set(e, ENOMEM, "--gdb");
	gdb_rx_init(&g->rx);
	g->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	g->quit_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (g->wake_fd < 0 || g->quit_fd < 0)
		return err_sys(e, errno, "--gdb: eventfd");
	return path[0] ? listen_unix(g, path, e) : listen_tcp(g, host, port, e);
}

/* vCPU side. */

bool gdb_vcpu_wait(struct gdb_stub *g, unsigned int cpu)
{
	struct gdb_vcpu *c = &g->cpus[cpu];
	struct kvm_run *run = g->vm->vcpus[cpu].run;

	pthread_mutex_lock(&g->lock);
	/*
	 * A kick leaves immediate_exit set; cleared here under the lock, so
	 * a stop requested after this point kicks again and KVM_RUN returns
	 * at once, and one requested before is seen below.
	 */
	__atomic_store_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	while (g->stop_all && !c->go && !g->released && vm_stopping(g->vm) == VM_RUNNING) {
		c->parked = true;
		g->nparked++;
		pthread_cond_broadcast(&g->cond);
		pthread_cond_wait(&g->cond, &g->lock);
		g->nparked--;
		c->parked = false;
	}
	pthread_mutex_unlock(&g->lock);
	return vm_stopping(g->vm) == VM_RUNNING;
}

void gdb_vcpu_debug_exit(struct gdb_stub *g, unsigned int cpu,
			 const struct kvm_debug_exit_arch *ex)
{
	uint64_t one = 1;
	unsigned int i;

	pthread_mutex_lock(&g->lock);
	g->cpus[cpu].event = *ex;
	g->cpus[cpu].has_event = true;
	g->stop_all = true;
	for (i = 0; i < g->vm->ncpus; i++)
		g->cpus[i].go = false;
	pthread_mutex_unlock(&g->lock);
	if (write(g->wake_fd, &one, sizeof(one)) < 0) {
		/* the counter only grows by one per event */
	}
}

/* Stub side. */

void gdb_stop_all(struct gdb_stub *g)
{
	unsigned int i;

	pthread_mutex_lock(&g->lock);
	g->stop_all = true;
	for (i = 0; i < g->vm->ncpus; i++)
		g->cpus[i].go = false;
	pthread_mutex_unlock(&g->lock);
	for (i = 0; i < g->vm->ncpus; i++)
		vcpu_kick(&g->vm->vcpus[i]);
	pthread_mutex_lock(&g->lock);
	while (g->nparked < g->vm->ncpus && !g->released && vm_stopping(g->vm) == VM_RUNNING)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	g->running = false;
}

int gdb_apply_debug(struct gdb_stub *g, unsigned int cpu)
{
	struct kvm_guest_debug dbg;
	bool any = false;
	unsigned int i;

	memset(&dbg, 0, sizeof(dbg));	/* padding too: compared with memcmp() */
	for (i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		any |= g->sw[i].used;
	if (any)
		dbg.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
	for (i = 0; i < GDB_HW_SLOTS; i++) {
		/* DR7 (APM vol. 2, 13.1.1.5): Ln enables, R/Wn and LENn say what. */
		static const unsigned int rw[] = { [1] = 0, [2] = 1, [3] = 3, [4] = 3 };
		unsigned int len;

		if (!g->hw[i].used)
			continue;
		len = g->hw[i].len == 2 ? 1 : g->hw[i].len == 4 ? 3 : g->hw[i].len == 8 ? 2 : 0;
		if (g->hw[i].type == 1)
			len = 0;
		dbg.arch.debugreg[i] = g->hw[i].addr;
		dbg.arch.debugreg[7] |= 1ull << (2 * i) | (uint64_t)rw[g->hw[i].type] << (16 + 4 * i) |
					(uint64_t)len << (18 + 4 * i);
		dbg.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
	}
	if (g->cpus[cpu].step)
		dbg.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP |
			       KVM_GUESTDBG_BLOCKIRQ;
	/* Only changes reach KVM: a plain continue costs no ioctl. */
	if (!memcmp(&dbg, &g->cpus[cpu].applied, sizeof(dbg)))
		return 0;
	/* Through the SEV backend: KVM refuses it for a protected (SEV-ES) vCPU. */
	if (vm_vcpu_ioctl(g->vm, cpu, KVM_SET_GUEST_DEBUG, &dbg) < 0) {
		/* Kernels before 5.16 know no BLOCKIRQ: step with interrupts then. */
		struct kvm_guest_debug old = dbg;
		int r;

		old.control &= ~(uint32_t)KVM_GUESTDBG_BLOCKIRQ;
		r = vm_vcpu_ioctl(g->vm, cpu, KVM_SET_GUEST_DEBUG, &old);
		if (r < 0)
			return r;
	}
	g->cpus[cpu].applied = dbg;
	return 0;
}

int gdb_resume(struct gdb_stub *g, int only)
{
	unsigned int i;
	int r;

	for (i = 0; i < g->vm->ncpus; i++) {
		r = gdb_apply_debug(g, i);
		if (r)
			return r;
	}
	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->vm->ncpus; i++)
		g->cpus[i].has_event = false;
	if (only < 0)
		g->stop_all = false;
	else
		g->cpus[only].go = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	g->running = true;
	return 0;
}

void gdb_stop_reply(struct gdb_stub *g, int sig, char *reply, size_t cap)
{
	unsigned int i, cpu = g->c_cpu;
	struct kvm_debug_exit_arch ev = { 0 };
	bool found = false;
	const char *why = "";
	char extra[48] = "";

	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->vm->ncpus; i++)
		if (g->cpus[i].has_event) {
			cpu = i;
			ev = g->cpus[i].event;
			found = true;
			break;
		}
	pthread_mutex_unlock(&g->lock);
	if (found) {
		sig = 5;	/* SIGTRAP */
		if (ev.exception == 3) {
			why = "swbreak:;";
		} else if (ev.dr6 & 0xf) {
			unsigned int slot = (unsigned int)__builtin_ctzll(ev.dr6 & 0xf);

			if (g->hw[slot].used && g->hw[slot].type != 1)
				snprintf(extra, sizeof(extra), "%swatch:%llx;",
					 g->hw[slot].type == 3 ? "r" : g->hw[slot].type == 4 ? "a" : "",
					 (unsigned long long)g->hw[slot].addr);
			else
				why = "hwbreak:;";
		}
	}
	g->last_cpu = cpu;
	g->g_cpu = g->c_cpu = cpu;
	snprintf(reply, cap, "T%02xthread:%x;%s%s", sig, cpu + 1, why, extra);
	snprintf(g->last_stop, sizeof(g->last_stop), "%s", reply);
}

static int send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_reply(struct gdb_stub *g, const char *payload)
{
	long n = gdb_encode((const uint8_t *)payload, strlen(payload), g->out, sizeof(g->out));

	if (n < 0) {
		/* Not reached: every reply is built to fit. */
		n = gdb_encode((const uint8_t *)"E0c", 3, g->out, sizeof(g->out));
	}
	g->out_len = (size_t)n;
	return send_all(g->client_fd, g->out, g->out_len);
}

static void drop_client(struct gdb_stub *g)
{
	close(g->client_fd);
	g->client_fd = -1;
	g->running = false;
	gdb_rx_init(&g->rx);
}

/* Detach: breakpoints out, every vCPU runs on. */
static void detach(struct gdb_stub *g)
{
	unsigned int i;

	gdb_remove_all(g);
	for (i = 0; i < g->vm->ncpus; i++)
		g->cpus[i].step = false;
	gdb_resume(g, -1);
	g->running = false;
}

/* Returns false when the client is gone or sevvm ends. */
static bool client_bytes(struct gdb_stub *g)
{
	char *reply = g->reply;
	size_t rcap = sizeof(g->reply);
	uint8_t buf[1024];
	ssize_t n = recv(g->client_fd, buf, sizeof(buf), 0);
	ssize_t i;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		/* The debugger went away: as a detach, the guest runs on. */
		detach(g);
		drop_client(g);
		return true;
	}
	for (i = 0; i < n; i++) {
		enum gdb_rx_event ev = gdb_rx_feed(&g->rx, buf[i]);
		enum gdb_cmd_result res;

		switch (ev) {
		case GDB_RX_NONE:
		case GDB_RX_ACK:
			break;
		case GDB_RX_NACK:
			if (g->out_len && send_all(g->client_fd, g->out, g->out_len))
				return true;
			break;
		case GDB_RX_INTERRUPT:
			if (g->running) {
				gdb_stop_all(g);
				gdb_stop_reply(g, 2, reply, rcap);	/* SIGINT */
				send_reply(g, reply);
			}
			break;
		case GDB_RX_BAD_CHECKSUM:
			send_all(g->client_fd, "-", 1);
			break;
		case GDB_RX_BAD_PACKET:
			send_all(g->client_fd, "+", 1);
			send_reply(g, "E16");	/* EINVAL */
			break;
		case GDB_RX_PACKET:
			send_all(g->client_fd, "+", 1);
			if (g->running) {
				/* All-stop: nothing but Ctrl-C while the guest runs. */
				send_reply(g, "E10");	/* EBUSY */
				break;
			}
			res = gdb_handle_packet(g, (const char *)g->rx.payload, g->rx.len,
						reply, rcap);
			switch (res) {
			case GDB_CMD_REPLY:
				send_reply(g, reply);
				break;
			case GDB_CMD_RESUMED:
				break;
			case GDB_CMD_DETACH:
				send_reply(g, reply);
				detach(g);
				drop_client(g);
				return true;
			case GDB_CMD_KILL:
				vm_request_stop(g->vm, VM_STOP_DEBUGGER, EXIT_GUEST_OK,
						"killed by the debugger (gdb 'kill')");
				drop_client(g);
				return false;
			}
			break;
		}
	}
	return true;
}

static void accept_client(struct gdb_stub *g)
{
	int fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC), one = 1;

	if (fd < 0)
		return;
	if (g->client_fd >= 0) {
		close(fd);	/* one debugger at a time */
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	g->client_fd = fd;
	/* The debugger expects a stopped target when it attaches. */
	gdb_stop_all(g);
	g->c_cpu = g->g_cpu = 0;
	snprintf(g->last_stop, sizeof(g->last_stop), "T05thread:1;");
}

static void *stub_thread(void *arg)
{
	struct gdb_stub *g = arg;
	struct err e = { 0 };
	char reply[128];
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_setname_np(pthread_self(), "gdb-stub");
	/* Before the first debugger's bytes (or its accept). */
	if (sandbox_enter_thread(g->vm->sandbox, SANDBOX_GDB, "gdb-stub", &e) < 0) {
		vm_request_stop(g->vm, VM_STOP_ERROR, EXIT_ERROR, "--gdb: %s", e.msg);
		return NULL;
	}
	for (;;) {
		struct pollfd pfd[3] = {
			{ .fd = g->quit_fd, .events = POLLIN },
			{ .fd = g->wake_fd, .events = POLLIN },
			{ .fd = g->client_fd >= 0 ? g->client_fd : g->listen_fd, .events = POLLIN },
		};
		uint64_t cnt;

		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents)
			break;
		if (pfd[1].revents && read(g->wake_fd, &cnt, sizeof(cnt)) > 0 && g->running) {
			/* A vCPU hit a breakpoint or finished a step: stop the rest. */
			gdb_stop_all(g);
			gdb_stop_reply(g, 5, reply, sizeof(reply));
			if (g->client_fd >= 0)
				send_reply(g, reply);
		}
		if (!pfd[2].revents)
			continue;
		if (g->client_fd < 0)
			accept_client(g);
		else if (!client_bytes(g))
			break;
	}
	return NULL;
}

int gdb_stub_start(struct gdb_stub *g, struct err *e)
{
	int r = pthread_create(&g->thread, NULL, stub_thread, g);

	if (r)
		return err_sys(e, r, "--gdb: thread");
	g->started = true;
	return 0;
}

void gdb_stub_release(struct gdb_stub *g)
{
	uint64_t one = 1;

	pthread_mutex_lock(&g->lock);
	g->released = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
	if (write(g->quit_fd, &one, sizeof(one)) < 0) {
		/* one write to a fresh eventfd */
	}
	if (g->started)
		pthread_join(g->thread, NULL);
	g->started = false;
}

void gdb_stub_close(struct gdb_stub *g)
{
	if (!g)
		return;
	if (g->started)
		gdb_stub_release(g);
	if (g->client_fd >= 0)
		close(g->client_fd);
	if (g->listen_fd >= 0)
		close(g->listen_fd);
	if (g->unix_path[0])
		unlink(g->unix_path);
	if (g->wake_fd >= 0)
		close(g->wake_fd);
	if (g->quit_fd >= 0)
		close(g->quit_fd);
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->cond);
	free(g->cpus);
	free(g);
}

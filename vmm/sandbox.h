/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sandbox: seccomp filters (libseccomp) on sevvm's threads once the
 * VM is set up, each thread allowed only the system calls its role needs
 * (vmm/sandbox_policy.c). A forbidden call raises SIGSYS; the handler
 * names the call and the thread on stderr and ends sevvm with
 * EXIT_SANDBOX.
 *
 * Two layers, both kept until sevvm exits (seccomp filters only stack):
 *   1. the process layer, loaded by the main thread before it starts any
 *      other (and synchronised to all threads, SECCOMP_FILTER_FLAG_TSYNC):
 *      what any role may call, plus what starting a thread takes;
 *   2. a thread's own layer, loaded by the thread itself before it acts on
 *      anything a guest or a client sent: vCPU threads before their first
 *      KVM_RUN, the main thread once every thread is started.
 * The kernel applies every layer and the strictest answer wins.
 *
 * Every function accepts a NULL sandbox (--sandbox off) and does nothing.
 */
#ifndef SEVVM_SANDBOX_H
#define SEVVM_SANDBOX_H

#include "vmm/util/err.h"

/* sevvm's exit status when a thread made a forbidden call (README). */
#define EXIT_SANDBOX	12

enum sandbox_role {
	SANDBOX_MAIN,		/* the main loop: console, signals, timeout, tear-down */
	SANDBOX_VCPU,		/* a vCPU thread: KVM_RUN and the exits it handles */
	SANDBOX_IO,		/* the virtio I/O thread (vmm/util/evloop.c) */
	SANDBOX_GDB,		/* the GDB stub's thread (vmm/gdb/stub.c) */
	SANDBOX_NR_ROLES,
};

/*
 * SEVVM_SANDBOX_SELFTEST=ROLE (main, vcpu, io or gdb) makes each thread of
 * that role attempt a forbidden call, socket(2), right after its layer is
 * loaded: the test that the filter is on and that the report names the
 * call and the thread. Without a sandbox the socket is opened and closed
 * and the VM runs on.
 */
#define SANDBOX_SELFTEST_ENV	"SEVVM_SANDBOX_SELFTEST"

struct sandbox;

/*
 * Prepares the sandbox: the names of the system calls for the report and
 * the SIGSYS handler. Loads no filter yet.
 */
int sandbox_create(struct sandbox **out, struct err *e);
/* The process layer; call it while the main thread is the only thread. */
int sandbox_enter_process(struct sandbox *s, struct err *e);
/* The calling thread's layer; @name (up to 15 characters) is for the report. */
int sandbox_enter_thread(struct sandbox *s, enum sandbox_role role, const char *name,
			 struct err *e);
/* Frees what sandbox_create() made; the filters stay in force. */
void sandbox_destroy(struct sandbox *s);

const char *sandbox_role_name(enum sandbox_role role);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDB stub (GDB manual, appendix E): one debugger connection, every
 * vCPU a thread. The stub's own thread talks to the debugger and drives
 * the vCPU threads, which park before KVM_RUN when told to stop.
 *
 * Lock order: the stub's lock (struct gdb_stub.lock) is a leaf. A vCPU
 * thread takes it in gdb_vcpu_wait() and gdb_vcpu_debug_exit() with no
 * other lock held; the stub thread takes no VM or device lock while it
 * holds it, and does its KVM ioctls on a vCPU only while that vCPU is
 * parked (so never while KVM_RUN holds the vCPU).
 */
#ifndef SEVVM_GDB_STUB_H
#define SEVVM_GDB_STUB_H

#include <stdbool.h>
#include <linux/kvm.h>
#include <stddef.h>
#include "vmm/gdb/config.h"
#include "vmm/util/err.h"

struct gdb_stub;
struct vm;

/* Parses --gdb and listens there (loopback by default). */
int gdb_stub_open(struct vm *vm, const struct gdb_config *cfg, struct gdb_stub **out,
		  struct err *e);
/* Starts the stub's thread; call before the vCPU threads start. */
int gdb_stub_start(struct gdb_stub *g, struct err *e);
/* The VM is ending: parked vCPUs go, the stub's thread ends. */
void gdb_stub_release(struct gdb_stub *g);
void gdb_stub_close(struct gdb_stub *g);

/* vCPU thread, before each KVM_RUN: parks while the debugger has the VM stopped. */
bool gdb_vcpu_wait(struct gdb_stub *g, unsigned int cpu);
/* vCPU thread, on KVM_EXIT_DEBUG: a breakpoint, watchpoint or step ended. */
void gdb_vcpu_debug_exit(struct gdb_stub *g, unsigned int cpu,
			 const struct kvm_debug_exit_arch *ex);

/* "tcp:[ADDR:]PORT" or "unix:PATH" checked; 0 or -EINVAL with the reason. */
int gdb_parse_listen(const char *s, char *host, size_t hostlen, unsigned int *port,
		     char *path, size_t pathlen, struct err *e);

#endif

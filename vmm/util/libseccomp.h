/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libseccomp, loaded only while the sandbox builds its filters
 * (vmm/sandbox.c) and unloaded after: the filters are plain BPF programs
 * that seccomp(2) loads without it, and a library linked the usual way
 * stays mapped, its touched pages resident, for the VM's whole life.
 */
#ifndef SEVVM_LIBSECCOMP_H
#define SEVVM_LIBSECCOMP_H

#include <seccomp.h>
#include "vmm/util/err.h"

/* The functions the sandbox calls, by the prototypes of <seccomp.h>. */
struct libseccomp {
	void *handle;
	__typeof__(seccomp_init) *init;
	__typeof__(seccomp_attr_set) *attr_set;
	__typeof__(seccomp_rule_add_array) *rule_add_array;
	__typeof__(seccomp_syscall_resolve_num_arch) *syscall_resolve_num_arch;
	__typeof__(seccomp_export_bpf) *export_bpf;
	__typeof__(seccomp_release) *release;
};

/* dlopen()s libseccomp and fills in @l. */
int libseccomp_open(struct libseccomp *l, struct err *e);
/* Unloads it: none of @l's functions may be called after. */
void libseccomp_close(struct libseccomp *l);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* What each of sevvm's threads may call once it is sandboxed (vmm/sandbox_policy.c). */
#ifndef SEVVM_SANDBOX_POLICY_H
#define SEVVM_SANDBOX_POLICY_H

#include <sys/types.h>
#include "vmm/sandbox.h"
#include "vmm/util/err.h"
#include "vmm/util/libseccomp.h"

/* The process layer, beside the roles of enum sandbox_role. */
#define SANDBOX_PROCESS	SANDBOX_NR_ROLES

/* A filter being built: libseccomp's context and the loaded library. */
struct sandbox_filter {
	const struct libseccomp *lib;
	scmp_filter_ctx ctx;
};

/*
 * Adds to @f the rules of @layer: a role of enum sandbox_role, or
 * SANDBOX_PROCESS (every role's calls and what starting a thread takes).
 * @pid is sevvm's: signals only go to its own threads.
 */
int sandbox_policy_add(const struct sandbox_filter *f, unsigned int layer, pid_t pid, struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* --user: dropping root for another user once the devices are open. */
#ifndef SEVVM_RUN_AS_H
#define SEVVM_RUN_AS_H

#include <sys/types.h>
#include "vmm/util/err.h"

/*
 * Becomes user @name for good: its groups (initgroups), then real,
 * effective and saved group and user IDs. Needs root (uid 0), refuses a
 * user that is root, and checks that root cannot be regained. Call it
 * before the process starts threads: glibc changes every thread's IDs,
 * but the sandbox's filters do not allow the calls.
 */
int run_as_user(const char *name, uid_t *uid, gid_t *gid, struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* --user: dropping root for another user once the devices are open. */
#ifndef SEVVM_RUN_AS_H
#define SEVVM_RUN_AS_H

#include <sys/types.h>
#include "vmm/util/err.h"

struct run_as {
	const char *name;
	uid_t uid;
	gid_t gid;
};

/*
 * Looks user @name up (before any set-up, so a mistake costs nothing).
 * Needs root (effective uid 0) and refuses a user that is root.
 */
int run_as_lookup(struct run_as *ra, const char *name, struct err *e);

/*
 * Becomes that user for good: its groups (initgroups), then the real,
 * effective and saved group and user IDs; checks that root cannot be
 * regained. Call it before the process starts threads (glibc would have
 * to change every thread's IDs, and the sandbox does not allow that).
 */
int run_as_switch(const struct run_as *ra, struct err *e);

#endif

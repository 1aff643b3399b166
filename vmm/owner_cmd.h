/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sevvm owner session | verify | secret`: the guest owner's tools, run on
 * the owner's machine (no KVM, no SEV hardware).
 */
#ifndef SEVVM_OWNER_CMD_H
#define SEVVM_OWNER_CMD_H

/* argv[0] is "owner". Returns the exit status (0, 1 = mismatch, 2 = error). */
int sevvm_owner(int argc, char **argv);

#endif

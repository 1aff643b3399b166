/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `sevvm platform status | export DIR | verify DIR`: the SEV platform's
 * status, its certificate chain as files, and the offline chain check.
 */
#ifndef SEVVM_PLATFORM_CMD_H
#define SEVVM_PLATFORM_CMD_H

/* argv[0] is "platform". Returns the exit status (0, 1 = invalid chain, 2 = error). */
int sevvm_platform(int argc, char **argv);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* --gdb and --gdb-wait as the command line gives them. */
#ifndef SEVVM_GDB_CONFIG_H
#define SEVVM_GDB_CONFIG_H

#include <stdbool.h>

struct gdb_config {
	const char *listen;	/* "tcp:[ADDR:]PORT" or "unix:PATH"; NULL: no stub */
	bool wait;		/* every vCPU waits at its first instruction */
};

#endif

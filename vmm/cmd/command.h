/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sevvm's commands: `sevvm NAME ...` runs the entry of this table whose
 * name is NAME (vmm/cmd/commands.c). Each command is a file of vmm/cmd/,
 * parses its own options (vmm/cmd/options.h has the shared helpers) and
 * returns sevvm's exit status; only main() exits.
 */
#ifndef SEVVM_CMD_COMMAND_H
#define SEVVM_CMD_COMMAND_H

#include <stdio.h>

struct command {
	const char *name;
	/* argv[0] is the command's name; returns the exit status. */
	int (*main)(int argc, char **argv);
};

/*
 * A command of subcommands (`sevvm owner session`): runs the one argv[1]
 * names with argv + 1, or prints @usage (--help: on stdout, status 0).
 */
int command_dispatch(const char *cmd, const char *usage, const struct command *subs,
		     unsigned int nr, int argc, char **argv);

/* The command called @name, or NULL. */
const struct command *command_find(const char *name);

/*
 * The text of `sevvm --help`, and of `sevvm --version` (which names the
 * embedded firmware's SHA-256; returns the exit status).
 */
void sevvm_usage(FILE *f);
int sevvm_version(FILE *f);

int cmd_run(int argc, char **argv);		/* run.c */
int cmd_measure(int argc, char **argv);		/* measure.c */
int cmd_inspect(int argc, char **argv);		/* inspect.c */
int cmd_owner(int argc, char **argv);		/* owner.c */
int cmd_platform(int argc, char **argv);	/* platform.c */
int cmd_firmware(int argc, char **argv);	/* firmware.c */

#endif

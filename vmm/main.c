// SPDX-License-Identifier: GPL-2.0
/* sevvm: dispatches to a command of vmm/cmd/; only main() exits. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "vmm/cmd/command.h"
#include "vmm/vm.h"

int main(int argc, char **argv)
{
	const struct command *cmd;

	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		fprintf(stderr, "sevvm: no command given (try --help)\n");
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		sevvm_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		return sevvm_version(stdout);
	}
	cmd = command_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "sevvm: unknown command '%s' (try --help)\n", argv[1]);
		return EXIT_ERROR;
	}
	return cmd->main(argc - 1, argv + 1);
}

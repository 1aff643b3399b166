// SPDX-License-Identifier: GPL-2.0
/* The command table. */
#include <string.h>
#include "vmm/cmd/options.h"
#include "vmm/vm.h"
#include "vmm/cmd/command.h"

static const struct command commands[] = {
	{ .name = "run", .main = cmd_run },
	{ .name = "measure", .main = cmd_measure },
	{ .name = "inspect", .main = cmd_inspect },
	{ .name = "owner", .main = cmd_owner },
	{ .name = "platform", .main = cmd_platform },
	{ .name = "firmware", .main = cmd_firmware },
};

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int command_dispatch(const char *cmd, const char *usage, const struct command *subs,
		     unsigned int nr, int argc, char **argv)
{
	unsigned int i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_ERROR : 0;
	}
	for (i = 0; i < nr; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].main(argc - 1, argv + 1);
	return cmd_usage_error(cmd, usage, "unknown command '%s'", argv[1]);
}

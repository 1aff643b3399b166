/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options of a launch, one parser for `sevvm run`, `sevvm measure` and
 * `sevvm owner verify` (which computes what measure computes).
 */
#ifndef SEVVM_CMD_LAUNCH_OPTIONS_H
#define SEVVM_CMD_LAUNCH_OPTIONS_H

#include <stdbool.h>
#include "vmm/cmd/measure.h"
#include "vmm/util/err.h"
#include "vmm/vm.h"

#define DEFAULT_MEM_SIZE	(256ull << 20)
#define DEFAULT_CMDLINE		"console=ttyS0 panic=-1"

enum launch_cmd { LAUNCH_RUN, LAUNCH_MEASURE };
enum launch_parse { LAUNCH_PARSED, LAUNCH_WANTS_HELP, LAUNCH_WANTS_VERSION };

struct launch_options {
	struct vm_config vm;
	struct measure_config measure;	/* measure's inputs besides the digest */
	const char *user;		/* run --user: the user to become once set up */
};

/*
 * Parses @argv (argv[0] is the command's name) into @o. Returns an enum
 * launch_parse, or -errno with a message naming the option.
 */
int launch_options_parse(int argc, char **argv, enum launch_cmd cmd, struct launch_options *o,
			 struct err *e);

/*
 * For `sevvm run` and `sevvm measure`: parses, and answers --help,
 * --version and bad options itself. true: the command goes on; false: it
 * ends with exit status *@status.
 */
bool launch_options_for_command(int argc, char **argv, enum launch_cmd cmd,
				struct launch_options *o, int *status);

#endif

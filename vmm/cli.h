/* SPDX-License-Identifier: GPL-2.0 */
/* The command line: `sevvm run ...`, --help, --version. */
#ifndef SEVVM_CLI_H
#define SEVVM_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "vmm/util/err.h"
#include "vmm/vm.h"

enum cli_action { CLI_RUN, CLI_MEASURE, CLI_INSPECT, CLI_HELP, CLI_VERSION };

#define DEFAULT_MEM_SIZE	(256ull << 20)
#define DEFAULT_CMDLINE		"console=ttyS0 reboot=k panic=-1"

/* Returns an action (>= 0) or -errno with a message naming the option. */
int cli_parse(int argc, char **argv, struct vm_config *cfg, struct err *e);
void cli_usage(FILE *f);

/* "512M", "2G", "1048576K", "512" (MiB, as QEMU reads -m). */
int parse_size(const char *s, uint64_t *out);
/* A number (decimal, 0x hex or 0 octal) up to @max; -EINVAL otherwise. */
int parse_u64(const char *s, uint64_t max, uint64_t *out);

#endif

// SPDX-License-Identifier: GPL-2.0
/* sevvm: only main() decides to print an error and exit. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "vmm/cli.h"
#include "vmm/inspect.h"
#include "vmm/measure.h"
#include "vmm/owner_cmd.h"
#include "vmm/platform_cmd.h"
#include "vmm/vm.h"

static struct vm the_vm;	/* large; kept off the stack */

int main(int argc, char **argv)
{
	struct vm_config cfg;
	struct err e = { 0 };
	uint8_t digest[32];
	int action, status;

	signal(SIGPIPE, SIG_IGN);
	/* The guest owner's and the platform's commands parse their own options. */
	if (argc >= 2 && !strcmp(argv[1], "owner"))
		return sevvm_owner(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "platform"))
		return sevvm_platform(argc - 1, argv + 1);
	action = cli_parse(argc, argv, &cfg, &e);
	if (action < 0) {
		fprintf(stderr, "sevvm: %s\n", e.msg);
		return EXIT_ERROR;
	}
	if (action == CLI_HELP) {
		cli_usage(stdout);
		return 0;
	}
	if (action == CLI_VERSION) {
		printf("sevvm %s\n", SEVVM_VERSION);
		return 0;
	}
	if (action == CLI_INSPECT) {
		if (sevvm_inspect(cfg.boot.firmware, stdout, &e) < 0) {
			fprintf(stderr, "sevvm: %s\n", e.msg);
			return EXIT_ERROR;
		}
		return 0;
	}
	if (action == CLI_MEASURE) {
		if (sevvm_measure(&cfg, stdout, digest, &e) < 0) {
			fprintf(stderr, "sevvm: %s\n", e.msg);
			return EXIT_ERROR;
		}
		return 0;
	}

	if (vm_create(&the_vm, &cfg, &e) < 0) {
		vm_destroy(&the_vm);
		fprintf(stderr, "sevvm: %s\n", e.msg);
		return EXIT_ERROR;
	}
	if (cfg.verbose)
		fprintf(stderr, "sevvm: %s %s, %u vCPU(s), %llu MiB, entry %#llx\n",
			kernel_format_name(the_vm.entry.format), cfg.boot.kernel, cfg.ncpus,
			(unsigned long long)(cfg.mem_size >> 20),
			(unsigned long long)the_vm.entry.rip);
	status = vm_run(&the_vm, &e);
	if (status < 0) {
		vm_destroy(&the_vm);
		fprintf(stderr, "sevvm: %s\n", e.msg);
		return EXIT_ERROR;
	}
	if (status != 0 || cfg.verbose || the_vm.stop.why == VM_STOP_EXPECT ||
	    the_vm.stop.why == VM_STOP_DEBUGGER)
		fprintf(stderr, "sevvm: %s\n", the_vm.stop.msg);
	/* Where a guest that did not finish or crashed was: one line per vCPU. */
	if (the_vm.stop.why == VM_STOP_TIMEOUT || the_vm.stop.why == VM_STOP_SIGNAL ||
	    the_vm.stop.why == VM_STOP_CRASH) {
		char line[256];
		unsigned int i;

		for (i = 0; i < the_vm.ncpus; i++) {
			vcpu_describe(&the_vm.vcpus[i], line, sizeof(line));
			fprintf(stderr, "sevvm: %s\n", line);
		}
	}
	vm_destroy(&the_vm);
	return status;
}

// SPDX-License-Identifier: GPL-2.0
/* `sevvm run`: create the VM, run it, say how it ended. */
#include <stdlib.h>
#include <string.h>
#include "vmm/cmd/command.h"
#include "vmm/cmd/launch_options.h"
#include "vmm/cmd/options.h"
#include "vmm/util/run_as.h"
#include "vmm/vm.h"

/* Where a guest that did not finish or crashed was: a line (SEV-ES: five) per vCPU. */
static void describe_vcpus(struct vm *vm)
{
	char text[1024], *line, *save;
	unsigned int i;

	if (vm->stop.why != VM_STOP_TIMEOUT && vm->stop.why != VM_STOP_SIGNAL &&
	    vm->stop.why != VM_STOP_CRASH)
		return;
	for (i = 0; i < vm->ncpus; i++) {
		vcpu_describe(&vm->vcpus[i], text, sizeof(text));
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			fprintf(stderr, "sevvm: %s\n", line);
	}
}

int cmd_run(int argc, char **argv)
{
	struct launch_options o;
	struct err e = { 0 };
	struct run_as user;
	struct vm *vm;
	int status;

	if (!launch_options_for_command(argc, argv, LAUNCH_RUN, &o, &status))
		return status;
	if (o.user && run_as_lookup(&user, o.user, &e) < 0)
		return cmd_fail(NULL, &e);
	vm = calloc(1, sizeof(*vm));
	if (!vm) {
		fprintf(stderr, "sevvm run: out of memory\n");
		return EXIT_ERROR;
	}
	if (vm_create(vm, &o.vm, &e) < 0) {
		status = cmd_fail(NULL, &e);
		goto out;
	}
	if (o.user) {
		/* Devices open, guest loaded, no thread yet: root is no longer needed. */
		if (run_as_switch(&user, &e) < 0) {
			status = cmd_fail(NULL, &e);
			goto out;
		}
		fprintf(stderr, "sevvm: running as user %s (uid %u, gid %u)\n", user.name,
			(unsigned int)user.uid, (unsigned int)user.gid);
	}
	if (o.vm.verbose)
		fprintf(stderr, "sevvm: %s %s, %u vCPU(s), %llu MiB, entry %#llx\n",
			kernel_format_name(vm->entry.format), o.vm.boot.kernel, o.vm.ncpus,
			(unsigned long long)(o.vm.mem_size >> 20),
			(unsigned long long)vm->entry.rip);
	status = vm_run(vm, &e);
	if (status < 0) {
		status = cmd_fail(NULL, &e);
		goto out;
	}
	if (status != 0 || o.vm.verbose || vm->stop.why == VM_STOP_EXPECT ||
	    vm->stop.why == VM_STOP_DEBUGGER)
		fprintf(stderr, "sevvm: %s\n", vm->stop.msg);
	describe_vcpus(vm);
out:
	vm_destroy(vm);
	free(vm);
	return status;
}

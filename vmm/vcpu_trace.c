// SPDX-License-Identifier: GPL-2.0
/* --trace exits: one line per vCPU exit, with the fields KVM gave. */
#include <inttypes.h>
#include <string.h>
#include "vmm/vcpu.h"

const char *vcpu_exit_name(uint32_t reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "unknown", [KVM_EXIT_IO] = "io",
		[KVM_EXIT_HYPERCALL] = "hypercall", [KVM_EXIT_HLT] = "hlt",
		[KVM_EXIT_MMIO] = "mmio", [KVM_EXIT_SHUTDOWN] = "shutdown",
		[KVM_EXIT_FAIL_ENTRY] = "fail_entry", [KVM_EXIT_INTR] = "intr (signal)",
		[KVM_EXIT_INTERNAL_ERROR] = "internal_error",
		[KVM_EXIT_SYSTEM_EVENT] = "system_event", [KVM_EXIT_X86_RDMSR] = "rdmsr",
		[KVM_EXIT_X86_WRMSR] = "wrmsr",
		/* The SEV model's VMMCALLs (sev/model/vmmcall.c) */
		[KVM_EXIT_XEN] = "vmmcall",
	};

	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "other";
}

/* The first value of an I/O or MMIO access, little-endian, at most 8 bytes. */
static uint64_t value_of(const uint8_t *p, unsigned int len)
{
	uint64_t v = 0;

	memcpy(&v, p, len < 8 ? len : 8);
	return v;
}

void vcpu_trace_exit(struct trace *t, unsigned int cpu, const struct kvm_run *run)
{
	const char *name = vcpu_exit_name(run->exit_reason);

	if (!trace_on(t, TRACE_EXITS))
		return;
	switch (run->exit_reason) {
	case KVM_EXIT_IO: {
		const uint8_t *d = (const uint8_t *)run + run->io.data_offset;
		bool out = run->io.direction == KVM_EXIT_IO_OUT;

		if (out)
			trace_line(t, TRACE_EXITS, "cpu%u io out port %#x size %u count %u value %#"
				   PRIx64, cpu, run->io.port, run->io.size, run->io.count,
				   value_of(d, run->io.size));
		else
			trace_line(t, TRACE_EXITS, "cpu%u io in port %#x size %u count %u", cpu,
				   run->io.port, run->io.size, run->io.count);
		break;
	}
	case KVM_EXIT_MMIO:
		if (run->mmio.is_write)
			trace_line(t, TRACE_EXITS, "cpu%u mmio write %#llx len %u value %#" PRIx64,
				   cpu, (unsigned long long)run->mmio.phys_addr, run->mmio.len,
				   value_of(run->mmio.data, run->mmio.len));
		else
			trace_line(t, TRACE_EXITS, "cpu%u mmio read %#llx len %u", cpu,
				   (unsigned long long)run->mmio.phys_addr, run->mmio.len);
		break;
	case KVM_EXIT_HYPERCALL:
		trace_line(t, TRACE_EXITS, "cpu%u hypercall nr %llu args %#llx %#llx %#llx", cpu,
			   (unsigned long long)run->hypercall.nr,
			   (unsigned long long)run->hypercall.args[0],
			   (unsigned long long)run->hypercall.args[1],
			   (unsigned long long)run->hypercall.args[2]);
		break;
	case KVM_EXIT_X86_RDMSR:
		trace_line(t, TRACE_EXITS, "cpu%u rdmsr %#x", cpu, run->msr.index);
		break;
	case KVM_EXIT_X86_WRMSR:
		trace_line(t, TRACE_EXITS, "cpu%u wrmsr %#x value %#llx", cpu, run->msr.index,
			   (unsigned long long)run->msr.data);
		break;
	case KVM_EXIT_XEN:
		if (run->xen.type == KVM_EXIT_XEN_HCALL)
			trace_line(t, TRACE_EXITS, "cpu%u vmmcall rax %#llx", cpu,
				   (unsigned long long)run->xen.u.hcall.input);
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		trace_line(t, TRACE_EXITS, "cpu%u system_event type %u", cpu,
			   run->system_event.type);
		break;
	default:
		trace_line(t, TRACE_EXITS, "cpu%u %s (exit reason %u)", cpu, name,
			   run->exit_reason);
		break;
	}
}

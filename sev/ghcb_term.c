// SPDX-License-Identifier: GPL-2.0
/* GHCB termination requests in words, for both backends and sevvm's firmware's exits. */
#include "sev/ghcb.h"

void ghcb_msr_term_decode(uint64_t msr, unsigned int *set, unsigned int *code)
{
	*set = (unsigned int)((msr >> 12) & 0xf);
	*code = (unsigned int)((msr >> 16) & 0xff);
}

/* Reason sets 0 (GHCB spec 56421 2.3.1 table 3) and 1 (Linux, asm/sev-common.h). */
const char *ghcb_term_reason(unsigned int set, unsigned int code)
{
	static const char *const gen[] = {
		"general termination request",
		"GHCB protocol version not supported",
		"SEV-SNP features not supported",
	};
	static const char *const linux_set[] = {
		"GHCB GPA registration failed",
		"page state change failed",
		"PVALIDATE failed",
		"not running at VMPL0",
		"CPUID validation failed",
		"CPUID failed in the hypervisor fallback",
		"secrets page failure",
		"SVSM not advertised in the secrets page",
		"SVSM present but VMPL is 0",
		"SVSM calling area not page aligned",
	};

	/* Set 2: sevvm's firmware (firmware/, README "Exit status"). */
	static const char *const sevvm_fw[] = {
		"unknown",
		"sevvm firmware: the kernel does not match the measured hash table",
		"sevvm firmware: the initrd does not match the measured hash table",
		"sevvm firmware: the command line does not match the measured hash table",
		"sevvm firmware: no valid measured hash table",
		"sevvm firmware: unexpected #VC exception",
		"sevvm firmware: fw_cfg error",
		"sevvm firmware: cannot place the kernel or initrd",
		"sevvm firmware: an AP did not start",
		"sevvm firmware: a CPU exception in the firmware",
	};

	if (set == 0 && code < sizeof(gen) / sizeof(gen[0]))
		return gen[code];
	if (set == 1 && code < sizeof(linux_set) / sizeof(linux_set[0]))
		return linux_set[code];
	if (set == 2 && code < sizeof(sevvm_fw) / sizeof(sevvm_fw[0]))
		return sevvm_fw[code];
	return "unknown";
}

// SPDX-License-Identifier: GPL-2.0
#include "sev/vmsa_fields.h"

#include "sev/vmsa.h"

/* A segment register: selector, attributes (VMCB format), limit, base. */
#define SEG(n, o) \
	{ n ".selector", o, 2 }, { n ".attrib", o + 2, 2 }, { n ".limit", o + 4, 4 }, \
	{ n ".base", o + 8, 8 }

static const struct sev_vmsa_field fields[] = {
	SEG("es", 0x000), SEG("cs", 0x010), SEG("ss", 0x020), SEG("ds", 0x030),
	SEG("fs", 0x040), SEG("gs", 0x050), SEG("gdtr", 0x060), SEG("ldtr", 0x070),
	SEG("idtr", 0x080), SEG("tr", 0x090),
	{ "pl0_ssp", 0x0a0, 8 }, { "pl1_ssp", 0x0a8, 8 }, { "pl2_ssp", 0x0b0, 8 },
	{ "pl3_ssp", 0x0b8, 8 }, { "u_cet", 0x0c0, 8 }, { "reserved", 0x0c8, 2 },
	{ "vmpl", 0x0ca, 1 }, { "cpl", 0x0cb, 1 }, { "reserved", 0x0cc, 4 },
	{ "efer", 0x0d0, 8 }, { "reserved", 0x0d8, 0x68 },
	{ "xss", 0x140, 8 }, { "cr4", 0x148, 8 }, { "cr3", 0x150, 8 }, { "cr0", 0x158, 8 },
	{ "dr7", 0x160, 8 }, { "dr6", 0x168, 8 }, { "rflags", 0x170, 8 }, { "rip", 0x178, 8 },
	{ "dr0", 0x180, 8 }, { "dr1", 0x188, 8 }, { "dr2", 0x190, 8 }, { "dr3", 0x198, 8 },
	{ "dr0_addr_mask", 0x1a0, 8 }, { "dr1_addr_mask", 0x1a8, 8 },
	{ "dr2_addr_mask", 0x1b0, 8 }, { "dr3_addr_mask", 0x1b8, 8 },
	{ "reserved", 0x1c0, 0x18 },
	{ "rsp", 0x1d8, 8 }, { "s_cet", 0x1e0, 8 }, { "ssp", 0x1e8, 8 },
	{ "isst_addr", 0x1f0, 8 }, { "rax", 0x1f8, 8 },
	{ "star", 0x200, 8 }, { "lstar", 0x208, 8 }, { "cstar", 0x210, 8 },
	{ "sfmask", 0x218, 8 }, { "kernel_gs_base", 0x220, 8 }, { "sysenter_cs", 0x228, 8 },
	{ "sysenter_esp", 0x230, 8 }, { "sysenter_eip", 0x238, 8 }, { "cr2", 0x240, 8 },
	{ "reserved", 0x248, 0x20 },
	{ "g_pat", 0x268, 8 }, { "dbgctl", 0x270, 8 }, { "br_from", 0x278, 8 },
	{ "br_to", 0x280, 8 }, { "last_excp_from", 0x288, 8 }, { "last_excp_to", 0x290, 8 },
	{ "reserved", 0x298, 0x50 },
	{ "pkru", 0x2e8, 4 }, { "tsc_aux", 0x2ec, 4 }, { "reserved", 0x2f0, 0x18 },
	{ "rcx", 0x308, 8 }, { "rdx", 0x310, 8 }, { "rbx", 0x318, 8 },
	{ "reserved", 0x320, 8 },	/* RSP is at 0x1d8 */
	{ "rbp", 0x328, 8 }, { "rsi", 0x330, 8 }, { "rdi", 0x338, 8 },
	{ "r8", 0x340, 8 }, { "r9", 0x348, 8 }, { "r10", 0x350, 8 }, { "r11", 0x358, 8 },
	{ "r12", 0x360, 8 }, { "r13", 0x368, 8 }, { "r14", 0x370, 8 }, { "r15", 0x378, 8 },
	{ "reserved", 0x380, 0x10 },
	{ "guest_exit_info_1", 0x390, 8 }, { "guest_exit_info_2", 0x398, 8 },
	{ "guest_exit_int_info", 0x3a0, 8 }, { "guest_nrip", 0x3a8, 8 },
	{ "sev_features", 0x3b0, 8 }, { "vintr_ctrl", 0x3b8, 8 },
	{ "guest_exit_code", 0x3c0, 8 }, { "virtual_tom", 0x3c8, 8 },
	{ "tlb_id", 0x3d0, 8 }, { "pcpu_id", 0x3d8, 8 }, { "event_inj", 0x3e0, 8 },
	{ "xcr0", 0x3e8, 8 }, { "valid_bitmap", 0x3f0, 0x10 },
	/* The x87/SSE state, which only KVM_SEV_INIT2 VM types fill (sev/vmsa.h). */
	{ "x87_dp", 0x400, 8 }, { "mxcsr", 0x408, 4 }, { "x87_ftw", 0x40c, 2 },
	{ "x87_fsw", 0x40e, 2 }, { "x87_fcw", 0x410, 2 }, { "x87_fop", 0x412, 2 },
	{ "x87_ds", 0x414, 2 }, { "x87_cs", 0x416, 2 }, { "x87_rip", 0x418, 8 },
	{ "fpreg_x87", 0x420, 80 }, { "fpreg_xmm", 0x470, 256 }, { "fpreg_ymm", 0x570, 256 },
	{ "beyond the save area", 0x670, SEV_VMSA_PAGE - 0x670 },
};

const struct sev_vmsa_field *sev_vmsa_fields(size_t *nr)
{
	*nr = sizeof(fields) / sizeof(fields[0]);
	return fields;
}

const struct sev_vmsa_field *sev_vmsa_field_at(size_t off)
{
	size_t lo = 0, hi = sizeof(fields) / sizeof(fields[0]);

	if (off >= SEV_VMSA_PAGE)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (fields[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &fields[lo];
}

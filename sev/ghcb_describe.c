// SPDX-License-Identifier: GPL-2.0
#include "sev/ghcb_describe.h"

#include <errno.h>
#include <inttypes.h>
#include "sev/ghcb.h"
#include "vmm/util/le.h"

static uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

const char *ghcb_exit_name(uint64_t code)
{
	static const struct { uint64_t code; const char *name; } names[] = {
		{ SVM_EXIT_READ_DR7_CODE, "DR7 read" },
		{ SVM_EXIT_WRITE_DR7_CODE, "DR7 write" },
		{ SVM_EXIT_RDTSC_CODE, "RDTSC" },
		{ SVM_EXIT_RDPMC_CODE, "RDPMC" },
		{ SVM_EXIT_CPUID_CODE, "CPUID" },
		{ SVM_EXIT_INVD_CODE, "INVD" },
		{ SVM_EXIT_HLT_CODE, "HLT" },
		{ SVM_EXIT_IOIO_CODE, "IOIO" },
		{ SVM_EXIT_MSR_CODE, "MSR" },
		{ SVM_EXIT_VMMCALL_CODE, "VMMCALL" },
		{ SVM_EXIT_RDTSCP_CODE, "RDTSCP" },
		{ SVM_EXIT_WBINVD_CODE, "WBINVD" },
		{ SVM_EXIT_MONITOR_CODE, "MONITOR" },
		{ SVM_EXIT_MWAIT_CODE, "MWAIT" },
		{ SVM_VMGEXIT_MMIO_READ, "MMIO read" },
		{ SVM_VMGEXIT_MMIO_WRITE, "MMIO write" },
		{ SVM_VMGEXIT_NMI_COMPLETE, "NMI complete" },
		{ SVM_VMGEXIT_AP_HLT_LOOP, "AP HLT loop" },
		{ SVM_VMGEXIT_AP_JUMP_TABLE, "AP jump table" },
		{ SVM_VMGEXIT_HV_FEATURES, "hypervisor features" },
		{ SVM_VMGEXIT_TERM_REQUEST, "termination request" },
		{ SVM_VMGEXIT_UNSUPPORTED_EVENT, "unsupported event" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return NULL;
}

void ghcb_describe_msr(uint64_t msr, struct strbuf *out)
{
	unsigned int info = (unsigned int)(msr & GHCB_MSR_INFO_MASK), set, code;

	strbuf_printf(out, "GHCB MSR 0x%016" PRIx64 ": ", msr);
	switch (info) {
	case 0:
		if (msr)
			strbuf_printf(out, "GHCB page at GPA %#" PRIx64 "\n", msr);
		else
			strbuf_printf(out, "no GHCB registered\n");
		return;
	case GHCB_MSR_SEV_INFO_RESP:
		/* GHCBData[63:48] max, [47:32] min version, [31:24] C-bit position. */
		strbuf_printf(out, "SEV information response: protocol versions %u..%u, C-bit %u\n",
			      (unsigned int)(msr >> 32 & 0xffff), (unsigned int)(msr >> 48),
			      (unsigned int)(msr >> 24 & 0xff));
		return;
	case GHCB_MSR_SEV_INFO_REQ:
		strbuf_printf(out, "SEV information request\n");
		return;
	case GHCB_MSR_CPUID_REQ:
	case GHCB_MSR_CPUID_RESP:
		/* GHCBData[31:30] register (0 EAX .. 3 EDX), [63:32] the function or the value. */
		strbuf_printf(out, "CPUID %s: %s %s 0x%x\n",
			      info == GHCB_MSR_CPUID_REQ ? "request" : "response",
			      (const char *[]){ "eax", "ebx", "ecx", "edx" }[msr >> 30 & 3],
			      info == GHCB_MSR_CPUID_REQ ? "of function" : "=",
			      (unsigned int)(msr >> 32));
		return;
	case GHCB_MSR_AP_RESET_HOLD_REQ:
		strbuf_printf(out, "AP reset hold request\n");
		return;
	case GHCB_MSR_AP_RESET_HOLD_RESP:
		strbuf_printf(out, "AP reset hold response: %s\n",
			      msr >> 12 ? "released" : "still held");
		return;
	case GHCB_MSR_HV_FT_REQ:
		strbuf_printf(out, "hypervisor features request\n");
		return;
	case GHCB_MSR_HV_FT_RESP:
		strbuf_printf(out, "hypervisor features response: %#" PRIx64 "\n", msr >> 12);
		return;
	case GHCB_MSR_TERM_REQ:
		ghcb_msr_term_decode(msr, &set, &code);
		strbuf_printf(out, "termination request: set %u code %#x (%s)\n", set, code,
			      ghcb_term_reason(set, code));
		return;
	case GHCB_MSR_PREF_GPA_REQ:
	case GHCB_MSR_REG_GPA_REQ:
	case GHCB_MSR_PSC_REQ:
		strbuf_printf(out, "SEV-SNP request %#x (not for an SEV-ES guest)\n", info);
		return;
	default:
		strbuf_printf(out, "unknown MSR-protocol code %#x\n", info);
	}
}

/* The save-area fields a GHCB carries (56421 table 3), by offset. */
static const struct { unsigned int off; const char *name; } ghcb_fields[] = {
	{ GHCB_OFF_CPL, "cpl" },	{ GHCB_OFF_XSS, "xss" },
	{ GHCB_OFF_DR7, "dr7" },	{ GHCB_OFF_RAX, "rax" },
	{ GHCB_OFF_RCX, "rcx" },	{ GHCB_OFF_RDX, "rdx" },
	{ GHCB_OFF_RBX, "rbx" },	{ 0x328, "rbp" },
	{ 0x330, "rsi" },		{ 0x338, "rdi" },
	{ 0x340, "r8" },		{ 0x348, "r9" },
	{ 0x350, "r10" },		{ 0x358, "r11" },
	{ 0x360, "r12" },		{ 0x368, "r13" },
	{ 0x370, "r14" },		{ 0x378, "r15" },
	{ GHCB_OFF_SW_EXIT_CODE, "sw_exit_code" },
	{ GHCB_OFF_SW_EXIT_INFO_1, "sw_exit_info_1" },
	{ GHCB_OFF_SW_EXIT_INFO_2, "sw_exit_info_2" },
	{ GHCB_OFF_SW_SCRATCH, "sw_scratch" },
	{ GHCB_OFF_XCR0, "xcr0" },
};

static const char *field_name(unsigned int off)
{
	size_t i;

	for (i = 0; i < sizeof(ghcb_fields) / sizeof(ghcb_fields[0]); i++)
		if (ghcb_fields[i].off == off)
			return ghcb_fields[i].name;
	return NULL;
}

int ghcb_describe_page(const uint8_t *page, size_t len, struct strbuf *out, struct err *e)
{
	uint64_t code, bitmap[2];
	const char *name;
	unsigned int bit;

	if (len != GHCB_PAGE_SIZE)
		return err_set(e, EINVAL, "GHCB page: %zu bytes, not %d", len, GHCB_PAGE_SIZE);
	code = get_le64(page + GHCB_OFF_SW_EXIT_CODE);
	name = ghcb_exit_name(code);
	strbuf_printf(out, "sw_exit_code   %#" PRIx64 " (%s)\n", code, name ? name : "unknown");
	strbuf_printf(out, "sw_exit_info_1 %#" PRIx64 "\n", get_le64(page + GHCB_OFF_SW_EXIT_INFO_1));
	strbuf_printf(out, "sw_exit_info_2 %#" PRIx64 "\n", get_le64(page + GHCB_OFF_SW_EXIT_INFO_2));
	strbuf_printf(out, "sw_scratch     %#" PRIx64 "\n", get_le64(page + GHCB_OFF_SW_SCRATCH));
	/* Bit n of the valid bitmap marks the quadword at offset 8n (56421 2.5). */
	bitmap[0] = get_le64(page + GHCB_OFF_VALID_BITMAP);
	bitmap[1] = get_le64(page + GHCB_OFF_VALID_BITMAP + 8);
	strbuf_printf(out, "valid_bitmap   %016" PRIx64 "%016" PRIx64 ":", bitmap[1], bitmap[0]);
	for (bit = 0; bit < 128; bit++) {
		if (!(bitmap[bit / 64] >> (bit % 64) & 1))
			continue;
		/* cpl is a byte at 0xcb: its bit is that of quadword 0xc8. */
		name = field_name(bit * 8 == 0xc8 ? GHCB_OFF_CPL : bit * 8);
		if (name)
			strbuf_printf(out, " %s", name);
		else
			strbuf_printf(out, " +%#x", bit * 8);
	}
	strbuf_printf(out, "%s\n", bitmap[0] | bitmap[1] ? "" : " (none)");
	strbuf_printf(out, "protocol_version %u, ghcb_usage %u\n",
		      (unsigned int)get_le16(page + GHCB_OFF_PROTO_VERSION),
		      (unsigned int)get_le32(page + GHCB_OFF_USAGE));
	return 0;
}

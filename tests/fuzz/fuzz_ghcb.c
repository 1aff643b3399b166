// SPDX-License-Identifier: GPL-2.0
/*
 * The SEV model's GHCB server (GHCB spec 56421): the MSR protocol and the
 * full GHCB page against fake guest memory and hypervisor callbacks.
 * Input: the vCPU's state (version 1 byte, flags 1 byte), a GHCB MSR value
 * (8 bytes), the GHCB page (4096 bytes), then guest RAM for scratch areas.
 * The debugger's decoder (sev/ghcb_describe.h) reads the same MSR value and
 * page, before and after the server answered.
 */
#include "sev/ghcb_describe.h"
#include "sev/model/ghcb_server.h"
#include "tests/fuzz/fuzz.h"

#define GHCB_GPA	0x10000ull
#define RAM_BASE	0x100000ull
#define RAM_SIZE	0x20000ull

static uint8_t ram[RAM_SIZE];

static int f_io(void *opaque, uint16_t port, void *data, unsigned int size, bool write)
{
	(void)opaque;
	(void)port;
	if (!write)
		memset(data, 0x5a, size);
	return 0;
}

static int f_mmio(void *opaque, uint64_t gpa, void *data, unsigned int len, bool write)
{
	(void)opaque;
	(void)gpa;
	if (!write)
		memset(data, 0xa5, len);
	return 0;
}

static int f_rdmsr(void *opaque, uint32_t msr, uint64_t *val)
{
	(void)opaque;
	*val = msr;
	return msr & 1 ? -22 : 0;
}

static int f_wrmsr(void *opaque, uint32_t msr, uint64_t val)
{
	(void)opaque;
	(void)val;
	return msr & 1 ? -22 : 0;
}

static int f_cpuid(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0,
		   struct ghcb_cpuid_result *out)
{
	(void)opaque;
	(void)xcr0;
	*out = (struct ghcb_cpuid_result){ .eax = fn, .ebx = index, .ecx = ~fn, .edx = ~index };
	return fn == 0x8000001f ? -22 : 0;	/* one failing leaf */
}

static int f_vmmcall(void *opaque, uint64_t regs_in[4], uint64_t *ret)
{
	(void)opaque;
	*ret = regs_in[0];
	return 0;
}

static void f_hlt(void *opaque)
{
	(void)opaque;
}

static void *f_gpa_to_hva(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return ram + (gpa - RAM_BASE);
}

static const struct ghcb_ops ops = {
	.io = f_io, .mmio = f_mmio, .rdmsr = f_rdmsr, .wrmsr = f_wrmsr, .cpuid = f_cpuid,
	.vmmcall = f_vmmcall, .hlt = f_hlt, .gpa_to_hva = f_gpa_to_hva,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	static uint8_t page[GHCB_PAGE_SIZE];
	struct ghcb_vcpu v = { .cbit = 51 };
	struct ghcb_result res = { 0 };
	static char text[2048];
	struct strbuf out = strbuf_on(text, sizeof(text));
	struct err e = { 0 };
	unsigned int flags;
	uint64_t msr, reply;
	size_t n;

	v.version_max = (uint16_t)(fuzz_take(&in, 1) % 3);
	flags = (unsigned int)fuzz_take(&in, 1);
	v.ap_reset_hold = flags & 1;
	v.xcr0 = flags & 2 ? 7 : 0;
	v.ap_jump_table = flags & 4 ? RAM_BASE : 0;
	msr = fuzz_take(&in, 8);
	n = in.left < sizeof(page) ? in.left : sizeof(page);
	memset(page, 0, sizeof(page));
	memcpy(page, in.p, n);
	in.p += n;
	in.left -= n;
	memset(ram, 0, sizeof(ram));
	memcpy(ram, in.p, in.left < RAM_SIZE ? in.left : RAM_SIZE);

	ghcb_describe_msr(msr, &out);
	if (ghcb_describe_page(page, sizeof(page), &out, &e))
		__builtin_trap();	/* a whole page always decodes */
	if (!ghcb_msr_protocol(&v, &ops, NULL, msr, &reply, &res)) {
		ghcb_handle_page(&v, &ops, NULL, page, GHCB_GPA, &res);
		out = strbuf_on(text, sizeof(text));
		ghcb_describe_page(page, sizeof(page), &out, &e);
	} else {
		ghcb_describe_msr(reply, &out);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor side of the GHCB protocol against hostile pages: every
 * callback is counted, so a bad request can be shown to reach none.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "tests/unit/unit.h"
#include "sev/model/ghcb_server.h"

#define GHCB_GPA	0x10000ull
#define RAM_BASE	0x100000ull
#define RAM_SIZE	0x20000ull	/* 128 KiB of guest RAM for scratch areas */
#define MAX_LOG		64

struct io_rec {
	uint16_t port;
	unsigned int size;
	bool write;
	uint32_t data;
};

struct mmio_rec {
	uint64_t gpa;
	unsigned int len;
	bool write;
};

/* The fake hypervisor: call counters, logs and canned answers. */
struct fake {
	unsigned int calls;	/* every callback */
	unsigned int n_io, n_mmio, n_rdmsr, n_wrmsr, n_cpuid, n_vmmcall, n_hva;
	struct io_rec io[MAX_LOG];
	struct mmio_rec mmio[MAX_LOG];
	uint32_t io_in;		/* IN answers io_in, io_in + 1, ... */
	int io_ret, msr_ret, cpuid_ret, vmmcall_ret;
	uint32_t msr;
	uint64_t msr_val;
	uint32_t cpuid_fn, cpuid_idx;
	uint64_t cpuid_xcr0;
	uint64_t vmm_in[4];
	uint8_t mmio_byte;	/* reads answer mmio_byte, mmio_byte + 1, ... */
	uint8_t *page;
	uint8_t ram[RAM_SIZE];
};

static struct fake fk;
static uint8_t page[GHCB_PAGE_SIZE] __attribute__((aligned(4096)));
static struct ghcb_vcpu vc;
static struct ghcb_result res;

/*
 * Data handed to a callback lies in the GHCB shared buffer, in RAM, or (for
 * RAX-based I/O) in a buffer of the handler's own; never elsewhere in the
 * GHCB page or across the edge of RAM. ASan catches wilder pointers.
 */
static void assert_in_bounds(const void *p, size_t len)
{
	uintptr_t b = (uintptr_t)p, e = b + len;
	uintptr_t pg = (uintptr_t)page, ram = (uintptr_t)fk.ram;
	bool in_ghcb = b >= pg + GHCB_OFF_SHARED_BUF &&
		       e <= pg + GHCB_OFF_SHARED_BUF + GHCB_SHARED_BUF_SIZE;
	bool in_ram = b >= ram && e <= ram + RAM_SIZE;
	bool near_page = e > pg && b < pg + GHCB_PAGE_SIZE;
	bool near_ram = e > ram && b < ram + RAM_SIZE;

	ck_assert(in_ghcb || in_ram || (!near_page && !near_ram && len <= 4));
}

static int f_io(void *opaque, uint16_t port, void *data, unsigned int size, bool write)
{
	struct fake *f = opaque;
	struct io_rec *r = &f->io[f->n_io % MAX_LOG];
	uint32_t v = 0;

	f->calls++;
	f->n_io++;
	ck_assert(size == 1 || size == 2 || size == 4);
	assert_in_bounds(data, size);
	if (write) {
		memcpy(&v, data, size);
	} else {
		v = f->io_in++;
		memcpy(data, &v, size);
	}
	*r = (struct io_rec){ .port = port, .size = size, .write = write, .data = v };
	return f->io_ret;
}

static int f_mmio(void *opaque, uint64_t gpa, void *data, unsigned int len, bool write)
{
	struct fake *f = opaque;
	unsigned int i;

	f->calls++;
	ck_assert(len >= 1 && len <= 8);
	ck_assert_uint_eq(gpa / 4096, (gpa + len - 1) / 4096);
	assert_in_bounds(data, len);
	f->mmio[f->n_mmio++ % MAX_LOG] = (struct mmio_rec){
		.gpa = gpa, .len = len, .write = write,
	};
	if (!write)
		for (i = 0; i < len; i++)
			((uint8_t *)data)[i] = f->mmio_byte++;
	return 0;
}

static int f_rdmsr(void *opaque, uint32_t msr, uint64_t *val)
{
	struct fake *f = opaque;

	f->calls++;
	f->n_rdmsr++;
	f->msr = msr;
	*val = f->msr_val;
	return f->msr_ret;
}

static int f_wrmsr(void *opaque, uint32_t msr, uint64_t val)
{
	struct fake *f = opaque;

	f->calls++;
	f->n_wrmsr++;
	f->msr = msr;
	f->msr_val = val;
	return f->msr_ret;
}

/* CPUID answers derived from the leaf, so each register can be told apart. */
static int f_cpuid(void *opaque, uint32_t fn, uint32_t index, uint64_t xcr0,
		   struct ghcb_cpuid_result *out)
{
	struct fake *f = opaque;

	f->calls++;
	f->n_cpuid++;
	f->cpuid_fn = fn;
	f->cpuid_idx = index;
	f->cpuid_xcr0 = xcr0;
	*out = (struct ghcb_cpuid_result){ .eax = fn ^ 0xa0000000u, .ebx = fn ^ 0xb0000000u,
					   .ecx = fn ^ 0xc0000000u, .edx = fn ^ 0xd0000000u };
	return f->cpuid_ret;
}

static int f_vmmcall(void *opaque, uint64_t regs_in[4], uint64_t *ret)
{
	struct fake *f = opaque;

	f->calls++;
	f->n_vmmcall++;
	memcpy(f->vmm_in, regs_in, sizeof(f->vmm_in));
	*ret = 0x600d;
	return f->vmmcall_ret;
}

static void f_hlt(void *opaque)
{
	struct fake *f = opaque;

	f->calls++;
}

static void *f_gpa_to_hva(void *opaque, uint64_t gpa, uint64_t len)
{
	struct fake *f = opaque;

	f->calls++;
	f->n_hva++;
	if (gpa < RAM_BASE || len > RAM_SIZE || gpa - RAM_BASE > RAM_SIZE - len)
		return NULL;
	return f->ram + (gpa - RAM_BASE);
}

static const struct ghcb_ops ops = {
	.io = f_io, .mmio = f_mmio, .rdmsr = f_rdmsr, .wrmsr = f_wrmsr, .cpuid = f_cpuid,
	.vmmcall = f_vmmcall, .hlt = f_hlt, .gpa_to_hva = f_gpa_to_hva,
};

static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	memset(page, 0, sizeof(page));
	memset(&res, 0, sizeof(res));
	vc = (struct ghcb_vcpu){ .version_max = 2, .cbit = 51 };
}

static uint64_t get(unsigned int off)
{
	uint64_t v;

	memcpy(&v, page + off, sizeof(v));
	return v;
}

static bool is_valid(unsigned int off)
{
	return (page[GHCB_OFF_VALID_BITMAP + off / 64] >> (off / 8 % 8)) & 1;
}

/* ghcb_set_<field>() of the guest side. */
static void set(unsigned int off, uint64_t v)
{
	memcpy(page + off, &v, sizeof(v));
	page[GHCB_OFF_VALID_BITMAP + off / 64] |= (uint8_t)(1u << (off / 8 % 8));
}

static void request(uint64_t code, uint64_t info1, uint64_t info2)
{
	set(GHCB_OFF_SW_EXIT_CODE, code);
	set(GHCB_OFF_SW_EXIT_INFO_1, info1);
	set(GHCB_OFF_SW_EXIT_INFO_2, info2);
}

static void run(void)
{
	ghcb_handle_page(&vc, &ops, &fk, page, GHCB_GPA, &res);
}

/* The response is the error form, named in `what`, and nothing was called. */
static void assert_refused(uint64_t reason, const char *needle)
{
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_1), GHCB_RESP_MALFORMED_INPUT);
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), reason);
	ck_assert(is_valid(GHCB_OFF_SW_EXIT_INFO_1) && is_valid(GHCB_OFF_SW_EXIT_INFO_2));
	ck_assert_int_eq(res.outcome, GHCB_DONE);
	ck_assert_msg(strstr(res.what, "bad GHCB") && strstr(res.what, needle),
		      "what \"%s\" lacks \"%s\"", res.what, needle);
	ck_assert_uint_eq(fk.n_io + fk.n_mmio + fk.n_rdmsr + fk.n_wrmsr + fk.n_cpuid +
			  fk.n_vmmcall, 0);
}

static void assert_ok(void)
{
	ck_assert_msg(get(GHCB_OFF_SW_EXIT_INFO_1) == 0, "%s", res.what);
	ck_assert(is_valid(GHCB_OFF_SW_EXIT_INFO_1) && is_valid(GHCB_OFF_SW_EXIT_INFO_2));
}

/* sev_es_validate_vmgexit(): each event's inputs, one missing at a time. */
struct missing_case {
	uint64_t code, info1;
	unsigned int have[4];	/* offsets marked valid; 0 ends the list */
	const char *needle;
};

START_TEST(ghcb_missing_inputs)
{
	static const struct missing_case cases[] = {
		{ SVM_EXIT_CPUID_CODE, 0, { GHCB_OFF_RAX }, "RCX" },
		{ SVM_EXIT_CPUID_CODE, 0, { GHCB_OFF_RCX }, "RAX" },
		{ SVM_EXIT_IOIO_CODE, 0x3f8u << 16 | 0x10, { 0 }, "RAX" },	/* OUT */
		{ SVM_EXIT_IOIO_CODE, 0x3f8u << 16 | 0x1d, { GHCB_OFF_RAX }, "SW_SCRATCH" },
		{ SVM_EXIT_MSR_CODE, 0, { GHCB_OFF_RAX }, "RCX" },
		{ SVM_EXIT_MSR_CODE, 1, { GHCB_OFF_RCX, GHCB_OFF_RAX }, "RDX" },
		{ SVM_EXIT_MSR_CODE, 1, { GHCB_OFF_RCX, GHCB_OFF_RDX }, "RAX" },
		{ SVM_EXIT_VMMCALL_CODE, 0, { GHCB_OFF_RAX }, "CPL" },
		{ SVM_EXIT_VMMCALL_CODE, 0, { GHCB_OFF_CPL }, "RAX" },
		{ SVM_VMGEXIT_MMIO_READ, 0xfee00000, { 0 }, "SW_SCRATCH" },
		{ SVM_VMGEXIT_MMIO_WRITE, 0xfee00000, { GHCB_OFF_RAX }, "SW_SCRATCH" },
		{ SVM_EXIT_WRITE_DR7_CODE, 0, { 0 }, "RAX" },
		{ SVM_EXIT_MONITOR_CODE, 0, { GHCB_OFF_RAX, GHCB_OFF_RCX }, "RDX" },
	};
	unsigned int i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup();
		request(cases[i].code, cases[i].info1, 1);
		for (j = 0; j < 4 && cases[i].have[j]; j++)
			set(cases[i].have[j], 0);
		run();
		assert_refused(GHCB_ERR_MISSING_INPUT, cases[i].needle);
	}
}
END_TEST

/* CPUID leaf 0xd needs XCR0; the exit fields themselves must be valid. */
START_TEST(ghcb_missing_xcr0_and_exit_fields)
{
	setup();
	request(SVM_EXIT_CPUID_CODE, 0, 0);
	set(GHCB_OFF_RAX, 0xd);
	set(GHCB_OFF_RCX, 0);
	run();
	assert_refused(GHCB_ERR_MISSING_INPUT, "XCR0");

	setup();
	set(GHCB_OFF_SW_EXIT_CODE, SVM_EXIT_CPUID_CODE);
	set(GHCB_OFF_SW_EXIT_INFO_1, 0);
	set(GHCB_OFF_RAX, 1);
	set(GHCB_OFF_RCX, 0);
	run();
	assert_refused(GHCB_ERR_MISSING_INPUT, "SW_EXITINFO2");

	setup();	/* an all-zero page: nothing valid at all */
	run();
	assert_refused(GHCB_ERR_MISSING_INPUT, "SW_EXITCODE");
}
END_TEST

START_TEST(ghcb_unknown_events)
{
	static const uint64_t invalid[] = {
		0x1234, SVM_EXIT_HLT_CODE, 0x80000018, 0x8000fffc, 0xffffffffffffffffull, 0x403,
	};
	static const uint64_t snp_only[] = { 0x80000010, 0x80000011, 0x80000012, 0x80000013 };
	unsigned int i;

	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		setup();
		request(invalid[i], 0, 0);
		set(GHCB_OFF_RAX, 0);
		set(GHCB_OFF_RCX, 0);
		set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF);
		run();
		assert_refused(GHCB_ERR_INVALID_EVENT, "not an event");
		ck_assert_uint_eq(res.exit_code, invalid[i]);
	}
	for (i = 0; i < sizeof(snp_only) / sizeof(snp_only[0]); i++) {
		setup();
		request(snp_only[i], 0, 0);
		set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF);
		run();
		assert_refused(GHCB_ERR_MISSING_INPUT, "SEV-SNP");
	}
}
END_TEST

START_TEST(ghcb_bad_usage)
{
	uint32_t usage = 1;

	setup();
	request(SVM_EXIT_CPUID_CODE, 0, 0);
	set(GHCB_OFF_RAX, 1);
	set(GHCB_OFF_RCX, 0);
	memcpy(page + GHCB_OFF_USAGE, &usage, sizeof(usage));
	run();
	assert_refused(GHCB_ERR_INVALID_USAGE, "usage");
}
END_TEST

/* String OUTS of @count bytes with the scratch area at @scratch. */
static void outs(uint64_t scratch, uint64_t count)
{
	setup();
	request(SVM_EXIT_IOIO_CODE, 0x3f8u << 16 | 0x10 | 0x08 | 0x04, count);
	set(GHCB_OFF_SW_SCRATCH, scratch);
	run();
}

START_TEST(ghcb_scratch_bounds)
{
	/* Inside the GHCB page but outside its shared buffer. */
	outs(GHCB_GPA + 0x100, 4);
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "shared buffer");
	outs(GHCB_GPA + 0xfe0, 32);			/* runs past 0xff0 */
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "shared buffer");
	outs(GHCB_GPA + GHCB_OFF_SHARED_BUF - 1, 2);	/* starts before 0x800 */
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "shared buffer");
	ck_assert_uint_eq(fk.n_hva, 0);
	/* The whole shared buffer is fine. */
	outs(GHCB_GPA + GHCB_OFF_SHARED_BUF, GHCB_SHARED_BUF_SIZE);
	assert_ok();
	ck_assert_uint_eq(fk.n_io, GHCB_SHARED_BUF_SIZE);
	/* Zero, wrapping, too long, or not RAM. */
	outs(0, 4);
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "SW_SCRATCH is 0");
	outs(0xfffffffffffffff0ull, 0x20);
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "wraps");
	outs(RAM_BASE, GHCB_SCRATCH_AREA_LIMIT + 1);
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "limit");
	ck_assert_uint_eq(fk.n_hva, 0);
	outs(0x50000000, 16);
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "not guest RAM");
	ck_assert_uint_eq(fk.n_hva, 1);
	outs(RAM_BASE + RAM_SIZE - 8, 16);		/* straddles the end of RAM */
	assert_refused(GHCB_ERR_INVALID_SCRATCH_AREA, "not guest RAM");
	/* The largest area outside the GHCB KVM accepts. */
	outs(RAM_BASE, GHCB_SCRATCH_AREA_LIMIT);
	assert_ok();
	ck_assert_uint_eq(fk.n_io, GHCB_SCRATCH_AREA_LIMIT);
}
END_TEST

/* sev_es_string_io(): count > INT_MAX or count * size overflowing an int. */
START_TEST(ghcb_string_io_overflow)
{
	static const struct { uint64_t count; unsigned int size_bits; } bad[] = {
		{ 0x80000000ull, 0x10 }, { 0x40000000ull, 0x20 }, { 0x20000000ull, 0x40 },
		{ 1ull << 63, 0x10 }, { 0xffffffffffffffffull, 0x40 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setup();
		/* REP INS from port 0x80 */
		request(SVM_EXIT_IOIO_CODE, 0x80u << 16 | bad[i].size_bits | 0x0c | 1,
			bad[i].count);
		set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF);
		run();
		assert_refused(GHCB_ERR_INVALID_INPUT, "overflows");
		ck_assert_uint_eq(fk.n_hva, 0);
	}
	/* Several size bits at once, or size 0 (ignored, as KVM does). */
	setup();
	request(SVM_EXIT_IOIO_CODE, 0x80u << 16 | 0x30, 0);
	set(GHCB_OFF_RAX, 0);
	run();
	assert_refused(GHCB_ERR_INVALID_INPUT, "sizes");
	setup();
	request(SVM_EXIT_IOIO_CODE, 0x80u << 16, 0);
	set(GHCB_OFF_RAX, 0);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.calls, 0);
}
END_TEST

START_TEST(ghcb_ioio_in_out)
{
	/* OUT 0x3f8, 1 byte, from AL. */
	setup();
	request(SVM_EXIT_IOIO_CODE, 0x3f8u << 16 | 0x10, 0);
	set(GHCB_OFF_RAX, 0x12345641);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_io, 1);
	ck_assert_uint_eq(fk.io[0].port, 0x3f8);
	ck_assert_uint_eq(fk.io[0].size, 1);
	ck_assert(fk.io[0].write);
	ck_assert_uint_eq(fk.io[0].data, 0x41);
	ck_assert_str_eq(res.what, "IOIO out 0x3f8 size 1");

	/* IN 0x60, 2 bytes: merged into RAX. */
	setup();
	fk.io_in = 0xbeef;
	request(SVM_EXIT_IOIO_CODE, 0x60u << 16 | 0x20 | 1, 0);
	set(GHCB_OFF_RAX, 0xffffffffffff0000ull);
	run();
	assert_ok();
	ck_assert(!fk.io[0].write);
	ck_assert_uint_eq(fk.io[0].port, 0x60);
	ck_assert_uint_eq(get(GHCB_OFF_RAX), 0xffffffffffffbeefull);
	ck_assert(is_valid(GHCB_OFF_RAX));

	/* IN 0xcfc, 4 bytes: RAX zero-extended; RAX need not be valid. */
	setup();
	fk.io_in = 0xdeadbeef;
	request(SVM_EXIT_IOIO_CODE, 0xcfcu << 16 | 0x40 | 1, 0);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.io[0].size, 4);
	ck_assert_uint_eq(get(GHCB_OFF_RAX), 0xdeadbeef);

	/* OUT 0x70, 2 bytes, port refused: error, one call. */
	setup();
	fk.io_ret = -5;
	request(SVM_EXIT_IOIO_CODE, 0x70u << 16 | 0x20, 0);
	set(GHCB_OFF_RAX, 0xabcd);
	run();
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_1), 2);
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), GHCB_ERR_INVALID_INPUT);
	ck_assert_uint_eq(fk.n_io, 1);
}
END_TEST

START_TEST(ghcb_string_io)
{
	unsigned int i;

	/* REP OUTSB of "ABCD" from the shared buffer. */
	setup();
	memcpy(page + GHCB_OFF_SHARED_BUF + 0x10, "ABCD", 4);
	request(SVM_EXIT_IOIO_CODE, 0x3f8u << 16 | 0x10 | 0x0c, 4);
	set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF + 0x10);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_io, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(fk.io[i].data, (uint32_t)"ABCD"[i]);
		ck_assert(fk.io[i].write);
		ck_assert_uint_eq(fk.io[i].port, 0x3f8);
	}

	/* REP INSW, 3 words, into guest RAM outside the GHCB. */
	setup();
	fk.io_in = 0x1110;
	request(SVM_EXIT_IOIO_CODE, 0x1f0u << 16 | 0x20 | 0x0c | 1, 3);
	set(GHCB_OFF_SW_SCRATCH, RAM_BASE + 0x1000);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_io, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(fk.ram[0x1000 + 2 * i], 0x10 + i);
		ck_assert_uint_eq(fk.ram[0x1001 + 2 * i], 0x11);
		ck_assert(!fk.io[i].write);
	}
	ck_assert_uint_eq(fk.ram[0x1006], 0);
}
END_TEST

START_TEST(ghcb_msr_event)
{
	/* RDMSR: EDX:EAX. */
	setup();
	fk.msr_val = 0x1122334455667788ull;
	request(SVM_EXIT_MSR_CODE, 0, 0);
	set(GHCB_OFF_RCX, 0xffffffff00000277ull);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.msr, 0x277);
	ck_assert_uint_eq(get(GHCB_OFF_RAX), 0x55667788);
	ck_assert_uint_eq(get(GHCB_OFF_RDX), 0x11223344);

	/* WRMSR: only the low halves of RAX and RDX count. */
	setup();
	request(SVM_EXIT_MSR_CODE, 1, 0);
	set(GHCB_OFF_RCX, 0xc0000080);
	set(GHCB_OFF_RAX, 0xffffffffaaaaaaaaull);
	set(GHCB_OFF_RDX, 0xffffffffbbbbbbbbull);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_wrmsr, 1);
	ck_assert_uint_eq(fk.msr_val, 0xbbbbbbbbaaaaaaaaull);

	/* A refused RDMSR is a #GP for the guest (SW_EXITINFO1 = 1). */
	setup();
	fk.msr_ret = -1;
	request(SVM_EXIT_MSR_CODE, 0, 0);
	set(GHCB_OFF_RCX, 0x1234);
	run();
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_1), GHCB_RESP_EXCEPTION);
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), 0x8000030d);
	ck_assert_ptr_nonnull(strstr(res.what, "#GP"));
}
END_TEST

START_TEST(ghcb_cpuid_event)
{
	setup();
	request(SVM_EXIT_CPUID_CODE, 0, 0);
	set(GHCB_OFF_RAX, 0x8000001f);
	set(GHCB_OFF_RCX, 0);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.cpuid_fn, 0x8000001f);
	ck_assert_uint_eq(fk.cpuid_xcr0, 1);		/* the reset value */
	ck_assert_uint_eq(get(GHCB_OFF_RAX), 0x8000001fu ^ 0xa0000000u);
	ck_assert_uint_eq(get(GHCB_OFF_RBX), 0x8000001fu ^ 0xb0000000u);
	ck_assert_uint_eq(get(GHCB_OFF_RCX), 0x8000001fu ^ 0xc0000000u);
	ck_assert_uint_eq(get(GHCB_OFF_RDX), 0x8000001fu ^ 0xd0000000u);

	/* Leaf 0xd with XCR0: passed on, and remembered as KVM does. */
	setup();
	request(SVM_EXIT_CPUID_CODE, 0, 0);
	set(GHCB_OFF_RAX, 0xd);
	set(GHCB_OFF_RCX, 1);
	set(GHCB_OFF_XCR0, 7);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.cpuid_idx, 1);
	ck_assert_uint_eq(fk.cpuid_xcr0, 7);
	ck_assert_uint_eq(vc.xcr0, 7);
}
END_TEST

START_TEST(ghcb_vmmcall_event)
{
	setup();
	request(SVM_EXIT_VMMCALL_CODE, 0, 0);
	set(GHCB_OFF_RAX, 12);
	set(GHCB_OFF_RBX, 0x1000);
	set(GHCB_OFF_RCX, 1);
	set(GHCB_OFF_CPL, 0);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_vmmcall, 1);
	ck_assert_uint_eq(fk.vmm_in[0], 12);
	ck_assert_uint_eq(fk.vmm_in[1], 0x1000);
	ck_assert_uint_eq(fk.vmm_in[2], 1);
	ck_assert_uint_eq(fk.vmm_in[3], 0);	/* RDX not valid: 0 */
	ck_assert_uint_eq(get(GHCB_OFF_RAX), 0x600d);

	/* From CPL 3: -KVM_EPERM, no hypercall. */
	setup();
	request(SVM_EXIT_VMMCALL_CODE, 0, 0);
	set(GHCB_OFF_RAX, 12);
	page[GHCB_OFF_CPL] = 3;
	set(GHCB_OFF_CPL, 3);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_vmmcall, 0);
	ck_assert_uint_eq(get(GHCB_OFF_RAX), (uint64_t)-1);
}
END_TEST

START_TEST(ghcb_mmio_event)
{
	unsigned int i;

	/* 16-byte read crossing a page: pieces of 4, 8 and 4 bytes. */
	setup();
	fk.mmio_byte = 0x40;
	request(SVM_VMGEXIT_MMIO_READ, 0xfee00ffc, 16);
	set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_mmio, 3);
	ck_assert_uint_eq(fk.mmio[0].gpa, 0xfee00ffc);
	ck_assert_uint_eq(fk.mmio[0].len, 4);
	ck_assert_uint_eq(fk.mmio[1].gpa, 0xfee01000);
	ck_assert_uint_eq(fk.mmio[1].len, 8);
	ck_assert_uint_eq(fk.mmio[2].len, 4);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(page[GHCB_OFF_SHARED_BUF + i], 0x40 + i);

	/* A 4-byte write from RAM; a zero-length one calls nothing. */
	setup();
	request(SVM_VMGEXIT_MMIO_WRITE, 0xfec00000, 4);
	set(GHCB_OFF_SW_SCRATCH, RAM_BASE);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_mmio, 1);
	ck_assert(fk.mmio[0].write);
	setup();
	request(SVM_VMGEXIT_MMIO_WRITE, 0xfec00000, 0);
	set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF);
	run();
	assert_ok();
	ck_assert_uint_eq(fk.n_mmio, 0);

	/* A GPA + length that wraps. */
	setup();
	request(SVM_VMGEXIT_MMIO_READ, 0xfffffffffffffffcull, 8);
	set(GHCB_OFF_SW_SCRATCH, GHCB_GPA + GHCB_OFF_SHARED_BUF);
	run();
	assert_refused(GHCB_ERR_INVALID_INPUT, "wraps");
}
END_TEST

START_TEST(ghcb_ap_jump_table)
{
	setup();
	request(SVM_VMGEXIT_AP_JUMP_TABLE, 0, 0x9000);
	run();
	assert_ok();
	ck_assert_uint_eq(vc.ap_jump_table, 0x9000);
	memset(page, 0, sizeof(page));
	request(SVM_VMGEXIT_AP_JUMP_TABLE, 1, 0);
	run();
	assert_ok();
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), 0x9000);
	memset(page, 0, sizeof(page));
	request(SVM_VMGEXIT_AP_JUMP_TABLE, 2, 0x5000);
	run();
	assert_refused(GHCB_ERR_INVALID_INPUT, "neither");
	ck_assert_uint_eq(vc.ap_jump_table, 0x9000);
}
END_TEST

/* 56421 4.1.13: SW_EXITINFO1[3:0] set, [11:4] code. */
START_TEST(ghcb_term_request_page)
{
	setup();
	request(SVM_VMGEXIT_TERM_REQUEST, 4u << 4 | 1, 0);
	set(GHCB_OFF_RAX, 0x77);
	run();
	ck_assert_int_eq(res.outcome, GHCB_TERMINATE);
	ck_assert_uint_eq(res.term_set, 1);
	ck_assert_uint_eq(res.term_code, 4);
	ck_assert_uint_eq(res.exit_code, SVM_VMGEXIT_TERM_REQUEST);
	ck_assert_ptr_nonnull(strstr(res.what, "CPUID validation failed"));
	/* KVM answers success before exiting: SW_EXITINFO1 reads 0 afterwards. */
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_1), 0);
	ck_assert(!is_valid(GHCB_OFF_RAX));

	setup();
	request(SVM_VMGEXIT_TERM_REQUEST, 0xffffffffffff2a5full, 0);
	run();
	ck_assert_int_eq(res.outcome, GHCB_TERMINATE);
	ck_assert_uint_eq(res.term_set, 0xf);
	ck_assert_uint_eq(res.term_code, 0xa5);
	ck_assert_ptr_nonnull(strstr(res.what, "unknown"));
	ck_assert_uint_eq(fk.calls, 0);
}
END_TEST

START_TEST(ghcb_other_events)
{
	setup();
	request(SVM_VMGEXIT_AP_HLT_LOOP, 0, 0);
	run();
	assert_ok();
	ck_assert_int_eq(res.outcome, GHCB_AP_RESET_HOLD);
	ck_assert(vc.ap_reset_hold);
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), 0);
	ghcb_page_ap_reset_hold_wake(page);
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), 1);
	ck_assert(is_valid(GHCB_OFF_SW_EXIT_INFO_2));

	setup();
	request(SVM_VMGEXIT_HV_FEATURES, 0, 0xffff);
	run();
	assert_ok();
	ck_assert_int_eq(res.outcome, GHCB_DONE);
	ck_assert_uint_eq(get(GHCB_OFF_SW_EXIT_INFO_2), 0);

	setup();
	request(SVM_VMGEXIT_NMI_COMPLETE, 0, 0);
	run();
	assert_ok();
	ck_assert_int_eq(res.outcome, GHCB_DONE);

	setup();
	request(SVM_EXIT_WRITE_DR7_CODE, 0, 0);
	set(GHCB_OFF_RAX, 0x400);
	run();
	assert_ok();

	setup();
	request(SVM_VMGEXIT_UNSUPPORTED_EVENT, 0x29, 0);
	run();
	ck_assert_int_eq(res.outcome, GHCB_TERMINATE);
	ck_assert_ptr_nonnull(strstr(res.what, "unsupported event"));

	setup();
	request(SVM_EXIT_RDTSC_CODE, 0, 0);
	run();
	ck_assert_int_eq(res.outcome, GHCB_TERMINATE);
	ck_assert_uint_eq(fk.calls, 0);
}
END_TEST

/* The response: the guest's valid bits consumed, the six outputs marked. */
START_TEST(ghcb_response_bitmap)
{
	static const unsigned int out[] = {
		GHCB_OFF_RAX, GHCB_OFF_RBX, GHCB_OFF_RCX, GHCB_OFF_RDX,
		GHCB_OFF_SW_EXIT_INFO_1, GHCB_OFF_SW_EXIT_INFO_2,
	};
	uint8_t want[16] = { 0 };
	unsigned int i;

	setup();
	request(SVM_EXIT_CPUID_CODE, 0, 0);
	set(GHCB_OFF_RAX, 0);
	set(GHCB_OFF_RCX, 0);
	set(GHCB_OFF_XCR0, 1);
	set(GHCB_OFF_SW_SCRATCH, 1);
	set(GHCB_OFF_CPL, 0);
	run();
	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		want[out[i] / 64] |= (uint8_t)(1u << (out[i] / 8 % 8));
	ck_assert_mem_eq(page + GHCB_OFF_VALID_BITMAP, want, sizeof(want));

	/* No GHCB GPA: KVM goes back to the guest and touches nothing. */
	setup();
	request(SVM_EXIT_CPUID_CODE, 0, 0);
	ghcb_handle_page(&vc, &ops, &fk, page, 0, &res);
	ck_assert_int_eq(res.outcome, GHCB_DONE);
	ck_assert(is_valid(GHCB_OFF_SW_EXIT_CODE));
	ck_assert_uint_eq(fk.calls, 0);
}
END_TEST

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random pages with plausible exit codes: no crash, no out-of-bounds callback. */
START_TEST(ghcb_hostile_pages)
{
	static const uint64_t codes[] = {
		SVM_EXIT_CPUID_CODE, SVM_EXIT_IOIO_CODE, SVM_EXIT_MSR_CODE, SVM_EXIT_VMMCALL_CODE,
		SVM_VMGEXIT_MMIO_READ, SVM_VMGEXIT_MMIO_WRITE, SVM_VMGEXIT_AP_JUMP_TABLE,
		SVM_VMGEXIT_TERM_REQUEST, SVM_EXIT_HLT_CODE,
	};
	static const uint64_t scratch[] = {
		GHCB_GPA + GHCB_OFF_SHARED_BUF, GHCB_GPA + 0xfe0, GHCB_GPA + 0xff0, RAM_BASE,
		RAM_BASE + RAM_SIZE - 64, 0, 0xfffffffffffff000ull,
	};
	unsigned int n, i;

	for (n = 0; n < 20000; n++) {
		setup();
		for (i = 0; i < GHCB_PAGE_SIZE; i += 8) {
			uint64_t r = rng();

			memcpy(page + i, &r, 8);
		}
		memset(page + GHCB_OFF_USAGE, 0, 4);
		set(GHCB_OFF_SW_EXIT_CODE, codes[rng() % (sizeof(codes) / sizeof(codes[0]))]);
		set(GHCB_OFF_SW_SCRATCH, scratch[rng() % (sizeof(scratch) / sizeof(scratch[0]))] +
					 (rng() & 0x3f));
		/* Small counts and lengths most of the time, huge ones sometimes. */
		set(GHCB_OFF_SW_EXIT_INFO_2, rng() % 4 ? rng() % 0x900 : rng());
		if (rng() % 2)
			set(GHCB_OFF_SW_EXIT_INFO_1, rng() & 0xffff007d);
		run();
		ck_assert_uint_le(strlen(res.what), sizeof(res.what) - 1);
		ck_assert(res.outcome == GHCB_DONE || res.outcome == GHCB_TERMINATE);
		if (get(GHCB_OFF_SW_EXIT_INFO_1) == GHCB_RESP_MALFORMED_INPUT)
			ck_assert(get(GHCB_OFF_SW_EXIT_INFO_2) >= GHCB_ERR_INVALID_USAGE &&
				  get(GHCB_OFF_SW_EXIT_INFO_2) <= GHCB_ERR_INVALID_EVENT);
	}
}
END_TEST

/* MSR protocol (56421 2.3.1). */
START_TEST(ghcb_msr_sev_info)
{
	uint64_t reply = 0;

	setup();
	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, GHCB_MSR_SEV_INFO_REQ, &reply, &res));
	ck_assert_uint_eq(reply & 0xfff, GHCB_MSR_SEV_INFO_RESP);
	ck_assert_uint_eq(reply >> 48, 2);			/* max */
	ck_assert_uint_eq((reply >> 32) & 0xffff, 1);		/* min */
	ck_assert_uint_eq((reply >> 24) & 0xff, 51);		/* C-bit */
	ck_assert_uint_eq((reply >> 12) & 0xfff, 0);
	ck_assert_uint_eq(reply, 0x0002000133000001ull);
	vc.version_max = 1;
	vc.cbit = 47;
	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, GHCB_MSR_SEV_INFO_REQ, &reply, &res));
	ck_assert_uint_eq(reply, 0x000100012f000001ull);
	ck_assert_uint_eq(fk.calls, 0);

	/* A GPA is no request; nothing is called. */
	reply = 7;
	ck_assert(!ghcb_msr_protocol(&vc, &ops, &fk, 0x12345000, &reply, &res));
	ck_assert(!ghcb_msr_protocol(&vc, &ops, &fk, 0, &reply, &res));
	ck_assert_uint_eq(reply, 7);
	ck_assert_uint_eq(fk.calls, 0);
}
END_TEST

START_TEST(ghcb_msr_cpuid)
{
	static const uint32_t tag[4] = { 0xa0000000u, 0xb0000000u, 0xc0000000u, 0xd0000000u };
	uint64_t reply, req;
	unsigned int reg;

	setup();
	for (reg = 0; reg < 4; reg++) {
		req = 0x8000001full << 32 | (uint64_t)reg << 30 | GHCB_MSR_CPUID_REQ;
		ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, req, &reply, &res));
		ck_assert_int_eq(res.outcome, GHCB_DONE);
		ck_assert_uint_eq(reply & 0xfff, GHCB_MSR_CPUID_RESP);
		ck_assert_uint_eq((reply >> 30) & 3, reg);
		ck_assert_uint_eq(reply >> 32, 0x8000001fu ^ tag[reg]);
		ck_assert_uint_eq(fk.cpuid_fn, 0x8000001f);
		ck_assert_uint_eq(fk.cpuid_idx, 0);
	}
	ck_assert_uint_eq(fk.n_cpuid, 4);
	/* A failing CPUID leaves the MSR as it was. */
	fk.cpuid_ret = -1;
	req = 1ull << 32 | GHCB_MSR_CPUID_REQ;
	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, req, &reply, &res));
	ck_assert_uint_eq(reply, req);
}
END_TEST

START_TEST(ghcb_msr_term_and_others)
{
	unsigned int set_, code;
	uint64_t reply;

	setup();
	/* Linux's sev_es_terminate(SEV_TERM_SET_LINUX, GHCB_TERM_PSC). */
	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, 1ull << 16 | 1ull << 12 | GHCB_MSR_TERM_REQ,
				    &reply, &res));
	ck_assert_int_eq(res.outcome, GHCB_TERMINATE);
	ck_assert_uint_eq(res.term_set, 1);
	ck_assert_uint_eq(res.term_code, 1);
	ck_assert_ptr_nonnull(strstr(res.what, "page state change failed"));
	ghcb_msr_term_decode(0xffffffffffabc100ull, &set_, &code);
	ck_assert_uint_eq(set_, 0xc);
	ck_assert_uint_eq(code, 0xab);

	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, 0xfffff000ull | GHCB_MSR_AP_RESET_HOLD_REQ,
				    &reply, &res));
	ck_assert_int_eq(res.outcome, GHCB_AP_RESET_HOLD);
	ck_assert_uint_eq(reply, GHCB_MSR_AP_RESET_HOLD_RESP);
	ck_assert(vc.ap_reset_hold);
	ck_assert_uint_eq(ghcb_msr_ap_reset_hold_reply(), 0x1007);

	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, GHCB_MSR_HV_FT_REQ, &reply, &res));
	ck_assert_uint_eq(reply, GHCB_MSR_HV_FT_RESP);

	/* SEV-SNP requests end an SEV-ES guest; unknown ones are echoed. */
	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, 0x1234000ull | GHCB_MSR_PSC_REQ, &reply, &res));
	ck_assert_int_eq(res.outcome, GHCB_TERMINATE);
	ck_assert(ghcb_msr_protocol(&vc, &ops, &fk, 0xabc0ffull, &reply, &res));
	ck_assert_int_eq(res.outcome, GHCB_DONE);
	ck_assert_uint_eq(reply, 0xabc0ff);
	ck_assert_uint_eq(fk.calls, 0);
}
END_TEST

START_TEST(ghcb_term_reasons)
{
	ck_assert_str_eq(ghcb_term_reason(0, 0), "general termination request");
	ck_assert_str_eq(ghcb_term_reason(0, 1), "GHCB protocol version not supported");
	ck_assert_str_eq(ghcb_term_reason(0, 2), "SEV-SNP features not supported");
	ck_assert_str_eq(ghcb_term_reason(1, 0), "GHCB GPA registration failed");
	ck_assert_str_eq(ghcb_term_reason(1, 2), "PVALIDATE failed");
	ck_assert_str_eq(ghcb_term_reason(1, 3), "not running at VMPL0");
	ck_assert_str_eq(ghcb_term_reason(1, 5), "CPUID failed in the hypervisor fallback");
	ck_assert_str_eq(ghcb_term_reason(0, 3), "unknown");
	ck_assert_str_eq(ghcb_term_reason(1, 200), "unknown");
	ck_assert_str_eq(ghcb_term_reason(2, 0), "unknown");
	ck_assert_str_eq(ghcb_term_reason(2, 1),
			 "sevvm firmware: the kernel does not match the measured hash table");
	ck_assert_str_eq(ghcb_term_reason(2, 8), "sevvm firmware: an AP did not start");
	ck_assert_str_eq(ghcb_term_reason(2, 9), "sevvm firmware: a CPU exception in the firmware");
	ck_assert_str_eq(ghcb_term_reason(2, 10), "unknown");
	ck_assert_str_eq(ghcb_term_reason(3, 1), "unknown");
}
END_TEST

Suite *ghcb_suite(void)
{
	Suite *s = suite_create("ghcb");
	TCase *tc = tcase_create("ghcb");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ghcb_missing_inputs);
	tcase_add_test(tc, ghcb_missing_xcr0_and_exit_fields);
	tcase_add_test(tc, ghcb_unknown_events);
	tcase_add_test(tc, ghcb_bad_usage);
	tcase_add_test(tc, ghcb_scratch_bounds);
	tcase_add_test(tc, ghcb_string_io_overflow);
	tcase_add_test(tc, ghcb_ioio_in_out);
	tcase_add_test(tc, ghcb_string_io);
	tcase_add_test(tc, ghcb_msr_event);
	tcase_add_test(tc, ghcb_cpuid_event);
	tcase_add_test(tc, ghcb_vmmcall_event);
	tcase_add_test(tc, ghcb_mmio_event);
	tcase_add_test(tc, ghcb_ap_jump_table);
	tcase_add_test(tc, ghcb_term_request_page);
	tcase_add_test(tc, ghcb_other_events);
	tcase_add_test(tc, ghcb_response_bitmap);
	tcase_add_test(tc, ghcb_hostile_pages);
	tcase_add_test(tc, ghcb_msr_sev_info);
	tcase_add_test(tc, ghcb_msr_cpuid);
	tcase_add_test(tc, ghcb_msr_term_and_others);
	tcase_add_test(tc, ghcb_term_reasons);
	suite_add_tcase(s, tc);
	return s;
}

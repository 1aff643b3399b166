// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor side of the GHCB protocol (GHCB spec 56421), following
 * KVM (arch/x86/kvm/svm/sev.c): sev_handle_vmgexit_msr_protocol() for the
 * MSR protocol (56421 2.3.1), and sev_es_sync_from_ghcb(),
 * sev_es_validate_vmgexit(), setup_vmgexit_scratch(), sev_handle_vmgexit()
 * and sev_es_sync_to_ghcb() for a full GHCB page (56421 4.1).
 *
 * The page is shared with an untrusted guest: every input is read once
 * into a snapshot, every length and address is bounded before use, and a
 * bad request gets the GHCB error response (SW_EXITINFO1 = 2, SW_EXITINFO2
 * = reason) before any callback runs.
 */
#include "sev/model/ghcb_server.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define PAGE_MASK_4K		(~(uint64_t)(GHCB_PAGE_SIZE - 1))
#define GHCB_OFF_SHARED_END	(GHCB_OFF_SHARED_BUF + GHCB_SHARED_BUF_SIZE)	/* 0xff0 */
#define GHCB_VERSION_MIN	1

/* IOIO intercept information in EXITINFO1 (APM vol. 2 15.10.2, figure 15-2). */
#define IOIO_TYPE_IN		(1u << 0)
#define IOIO_STR		(1u << 2)
#define IOIO_REP		(1u << 3)
#define IOIO_SIZE_SHIFT		4
#define IOIO_SIZE_MASK		(7u << IOIO_SIZE_SHIFT)
#define IOIO_PORT_SHIFT		16

/* Event injection (APM vol. 2 15.20): #GP for a refused RDMSR/WRMSR. */
#define EVTINJ_VALID		(1u << 31)
#define EVTINJ_TYPE_EXCEPT	(3u << 8)
#define X86_TRAP_GP		13u

#define KVM_EPERM		1	/* include/uapi/linux/kvm_para.h */

/* SEV-SNP events (uapi/asm/svm.h): KVM answers MISSING_INPUT to a non-SNP guest. */
#define SVM_VMGEXIT_PSC			0x80000010ull
#define SVM_VMGEXIT_GUEST_REQUEST	0x80000011ull
#define SVM_VMGEXIT_EXT_GUEST_REQUEST	0x80000012ull
#define SVM_VMGEXIT_AP_CREATION		0x80000013ull

enum { REG_RAX, REG_RBX, REG_RCX, REG_RDX, NR_REGS };

static const unsigned int reg_off[NR_REGS] = {
	[REG_RAX] = GHCB_OFF_RAX, [REG_RBX] = GHCB_OFF_RBX,
	[REG_RCX] = GHCB_OFF_RCX, [REG_RDX] = GHCB_OFF_RDX,
};

/* One VMGEXIT with a full GHCB: the snapshot of its inputs and the response. */
struct ghcb_ctx {
	struct ghcb_vcpu *v;
	const struct ghcb_ops *ops;
	void *opaque;
	uint8_t *page;
	uint64_t gpa;
	struct ghcb_result *res;

	/* Inputs, read once (KVM snapshots the GHCB the same way). */
	uint64_t valid[2];
	uint64_t exit_code, info1, info2, scratch;
	uint32_t usage;
	unsigned int cpl;
	/* KVM's register cache: a register not marked valid reads as 0. */
	uint64_t regs[NR_REGS];

	/* Outputs. */
	uint64_t ret1, ret2;
	uint8_t *sa;		/* the scratch area, once set up */
};

static uint64_t rd64(const uint8_t *page, unsigned int off)
{
	uint64_t v;

	memcpy(&v, page + off, sizeof(v));
	return v;
}

static void wr64(uint8_t *page, unsigned int off, uint64_t v)
{
	memcpy(page + off, &v, sizeof(v));
}

/* Valid bitmap (56421 2.2): bit n covers the quadword at offset 8 * n. */
static bool field_valid(const struct ghcb_ctx *c, unsigned int off)
{
	unsigned int bit = off / 8;

	return (c->valid[bit / 64] >> (bit % 64)) & 1;
}

static void set_valid(uint8_t *page, unsigned int off)
{
	unsigned int bit = off / 8;

	page[GHCB_OFF_VALID_BITMAP + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* ghcb_set_<field>(): the value and its valid bit. */
static void set_field(uint8_t *page, unsigned int off, uint64_t v)
{
	wr64(page, off, v);
	set_valid(page, off);
}

static void what(struct ghcb_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void what(struct ghcb_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->res->what, sizeof(c->res->what), fmt, ap);
	va_end(ap);
}

/*
 * svm_vmgexit_bad_input(): SW_EXITINFO1 = 2, SW_EXITINFO2 = @reason
 * (56421 4.1.2). Returns false, for the validators.
 */
static bool bad_input(struct ghcb_ctx *c, uint64_t reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool bad_input(struct ghcb_ctx *c, uint64_t reason, const char *fmt, ...)
{
	char msg[sizeof(c->res->what)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->ret1 = GHCB_RESP_MALFORMED_INPUT;
	c->ret2 = reason;
	what(c, "bad GHCB: %s", msg);
	return false;
}

/* The #GP KVM returns for a refused MSR access (svm_complete_emulated_msr()). */
static void inject_gp(struct ghcb_ctx *c)
{
	c->ret1 = GHCB_RESP_EXCEPTION;
	c->ret2 = X86_TRAP_GP | EVTINJ_TYPE_EXCEPT | EVTINJ_VALID;
}

static void snapshot(struct ghcb_ctx *c)
{
	unsigned int i;

	memcpy(c->valid, c->page + GHCB_OFF_VALID_BITMAP, sizeof(c->valid));
	for (i = 0; i < NR_REGS; i++)
		c->regs[i] = field_valid(c, reg_off[i]) ? rd64(c->page, reg_off[i]) : 0;
	c->cpl = field_valid(c, GHCB_OFF_CPL) ? c->page[GHCB_OFF_CPL] : 0;
	if (field_valid(c, GHCB_OFF_XCR0))
		c->v->xcr0 = rd64(c->page, GHCB_OFF_XCR0);
	c->exit_code = rd64(c->page, GHCB_OFF_SW_EXIT_CODE);
	c->info1 = rd64(c->page, GHCB_OFF_SW_EXIT_INFO_1);
	c->info2 = rd64(c->page, GHCB_OFF_SW_EXIT_INFO_2);
	c->scratch = field_valid(c, GHCB_OFF_SW_SCRATCH) ? rd64(c->page, GHCB_OFF_SW_SCRATCH) : 0;
	memcpy(&c->usage, c->page + GHCB_OFF_USAGE, sizeof(c->usage));
	/* sev_es_sync_from_ghcb(): the guest's valid bits are consumed. */
	memset(c->page + GHCB_OFF_VALID_BITMAP, 0, sizeof(c->valid));
}

/* Names for messages; NULL for an exit code KVM does not accept. */
static const char *event_name(uint64_t code)
{
	switch (code) {
	case SVM_EXIT_READ_DR7_CODE:		return "READ_DR7";
	case SVM_EXIT_WRITE_DR7_CODE:		return "WRITE_DR7";
	case SVM_EXIT_RDTSC_CODE:		return "RDTSC";
	case SVM_EXIT_RDPMC_CODE:		return "RDPMC";
	case SVM_EXIT_CPUID_CODE:		return "CPUID";
	case SVM_EXIT_INVD_CODE:		return "INVD";
	case SVM_EXIT_IOIO_CODE:		return "IOIO";
	case SVM_EXIT_MSR_CODE:			return "MSR";
	case SVM_EXIT_VMMCALL_CODE:		return "VMMCALL";
	case SVM_EXIT_RDTSCP_CODE:		return "RDTSCP";
	case SVM_EXIT_WBINVD_CODE:		return "WBINVD";
	case SVM_EXIT_MONITOR_CODE:		return "MONITOR";
	case SVM_EXIT_MWAIT_CODE:		return "MWAIT";
	case SVM_VMGEXIT_MMIO_READ:		return "MMIO_READ";
	case SVM_VMGEXIT_MMIO_WRITE:		return "MMIO_WRITE";
	case SVM_VMGEXIT_NMI_COMPLETE:		return "NMI_COMPLETE";
	case SVM_VMGEXIT_AP_HLT_LOOP:		return "AP_HLT_LOOP";
	case SVM_VMGEXIT_AP_JUMP_TABLE:		return "AP_JUMP_TABLE";
	case SVM_VMGEXIT_HV_FEATURES:		return "HV_FEATURES";
	case SVM_VMGEXIT_TERM_REQUEST:		return "TERM_REQUEST";
	case SVM_VMGEXIT_UNSUPPORTED_EVENT:	return "UNSUPPORTED_EVENT";
	default:				return NULL;
	}
}

/*
 * The GPRs each event needs (sev_es_validate_vmgexit()): bit n of the
 * result stands for reg_off[n]; *cpl is set when CPL is needed too.
 */
static unsigned int needed_regs(const struct ghcb_ctx *c, bool *cpl, bool *xcr0, bool *scratch)
{
	*cpl = *xcr0 = *scratch = false;
	switch (c->exit_code) {
	case SVM_EXIT_WRITE_DR7_CODE:
		return 1u << REG_RAX;
	case SVM_EXIT_RDPMC_CODE:
		return 1u << REG_RCX;
	case SVM_EXIT_CPUID_CODE:
		*xcr0 = c->regs[REG_RAX] == 0xd;
		return 1u << REG_RAX | 1u << REG_RCX;
	case SVM_EXIT_IOIO_CODE:
		if (c->info1 & IOIO_STR) {
			*scratch = true;
			return 0;
		}
		return (c->info1 & IOIO_TYPE_IN) ? 0 : 1u << REG_RAX;
	case SVM_EXIT_MSR_CODE:
		return 1u << REG_RCX | (c->info1 ? 1u << REG_RAX | 1u << REG_RDX : 0);
	case SVM_EXIT_VMMCALL_CODE:
		*cpl = true;
		return 1u << REG_RAX;
	case SVM_EXIT_MONITOR_CODE:
		return 1u << REG_RAX | 1u << REG_RCX | 1u << REG_RDX;
	case SVM_EXIT_MWAIT_CODE:
		return 1u << REG_RAX | 1u << REG_RCX;
	case SVM_VMGEXIT_MMIO_READ:
	case SVM_VMGEXIT_MMIO_WRITE:
		*scratch = true;
		return 0;
	default:
		return 0;
	}
}

/* sev_es_validate_vmgexit(): false after answering with the error response. */
static bool validate(struct ghcb_ctx *c)
{
	static const char *const reg_name[NR_REGS] = { "RAX", "RBX", "RCX", "RDX" };
	const char *name = event_name(c->exit_code);
	bool cpl, xcr0, scratch;
	unsigned int i, regs;

	if (c->usage)
		return bad_input(c, GHCB_ERR_INVALID_USAGE, "GHCB usage %#x is not 0 (56421 2.2)",
				 c->usage);
	if (!field_valid(c, GHCB_OFF_SW_EXIT_CODE) || !field_valid(c, GHCB_OFF_SW_EXIT_INFO_1) ||
	    !field_valid(c, GHCB_OFF_SW_EXIT_INFO_2))
		return bad_input(c, GHCB_ERR_MISSING_INPUT, "exit code %#llx: SW_EXITCODE, "
				 "SW_EXITINFO1 and SW_EXITINFO2 must be marked valid",
				 (unsigned long long)c->exit_code);
	if (c->exit_code >= SVM_VMGEXIT_PSC && c->exit_code <= SVM_VMGEXIT_AP_CREATION)
		return bad_input(c, GHCB_ERR_MISSING_INPUT, "exit code %#llx is for SEV-SNP "
				 "guests only", (unsigned long long)c->exit_code);
	if (!name)
		return bad_input(c, GHCB_ERR_INVALID_EVENT, "exit code %#llx is not an event "
				 "the hypervisor handles", (unsigned long long)c->exit_code);
	regs = needed_regs(c, &cpl, &xcr0, &scratch);
	for (i = 0; i < NR_REGS; i++)
		if ((regs & 1u << i) && !field_valid(c, reg_off[i]))
			return bad_input(c, GHCB_ERR_MISSING_INPUT, "%s needs %s, not marked valid",
					 name, reg_name[i]);
	if (cpl && !field_valid(c, GHCB_OFF_CPL))
		return bad_input(c, GHCB_ERR_MISSING_INPUT, "%s needs CPL, not marked valid",
				 name);
	if (xcr0 && !field_valid(c, GHCB_OFF_XCR0))
		return bad_input(c, GHCB_ERR_MISSING_INPUT, "%s of leaf 0xd needs XCR0, not "
				 "marked valid", name);
	if (scratch && !field_valid(c, GHCB_OFF_SW_SCRATCH))
		return bad_input(c, GHCB_ERR_MISSING_INPUT, "%s needs SW_SCRATCH, not marked "
				 "valid", name);
	return true;
}

/*
 * setup_vmgexit_scratch(): the buffer either lies wholly inside the GHCB
 * shared buffer, or elsewhere in guest RAM and at most 16 pages long.
 */
static bool setup_scratch(struct ghcb_ctx *c, uint64_t len, const char *event)
{
	uint64_t beg = c->scratch, end = beg + len;

	if (!beg)
		return bad_input(c, GHCB_ERR_INVALID_SCRATCH_AREA, "%s: SW_SCRATCH is 0", event);
	if (end < beg)
		return bad_input(c, GHCB_ERR_INVALID_SCRATCH_AREA, "%s: SW_SCRATCH %#llx + "
				 "length %#llx wraps", event, (unsigned long long)beg,
				 (unsigned long long)len);
	if ((beg & PAGE_MASK_4K) == c->gpa) {
		if (beg < c->gpa + GHCB_OFF_SHARED_BUF || end > c->gpa + GHCB_OFF_SHARED_END)
			return bad_input(c, GHCB_ERR_INVALID_SCRATCH_AREA, "%s: SW_SCRATCH "
					 "[%#llx, %#llx) leaves the GHCB shared buffer", event,
					 (unsigned long long)beg, (unsigned long long)end);
		c->sa = c->page + (beg - c->gpa);
		return true;
	}
	if (len > GHCB_SCRATCH_AREA_LIMIT)
		return bad_input(c, GHCB_ERR_INVALID_SCRATCH_AREA, "%s: scratch length %#llx "
				 "exceeds the limit of %#llx", event, (unsigned long long)len,
				 GHCB_SCRATCH_AREA_LIMIT);
	c->sa = c->ops->gpa_to_hva ? c->ops->gpa_to_hva(c->opaque, beg, len) : NULL;
	if (!c->sa)
		return bad_input(c, GHCB_ERR_INVALID_SCRATCH_AREA, "%s: SW_SCRATCH [%#llx, %#llx) "
				 "is not guest RAM", event, (unsigned long long)beg,
				 (unsigned long long)end);
	return true;
}

/* CPUID (56421 4.1.4): RAX = leaf, RCX = subleaf, XCR0 for leaf 0xd. */
static void do_cpuid(struct ghcb_ctx *c)
{
	uint32_t fn = (uint32_t)c->regs[REG_RAX], idx = (uint32_t)c->regs[REG_RCX];
	struct ghcb_cpuid_result out = { 0 };
	int r = c->ops->cpuid ? c->ops->cpuid(c->opaque, fn, idx, c->v->xcr0 ? c->v->xcr0 : 1, &out)
			      : -1;

	if (r) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "CPUID %#x/%#x: no answer (%d)",
			  fn, idx, r);
		return;
	}
	c->regs[REG_RAX] = out.eax;
	c->regs[REG_RBX] = out.ebx;
	c->regs[REG_RCX] = out.ecx;
	c->regs[REG_RDX] = out.edx;
	what(c, "CPUID %#x index %#x", fn, idx);
}

/* One non-string IN/OUT through RAX; IN merges below 4 bytes (complete_fast_pio_in()). */
static void ioio_rax(struct ghcb_ctx *c, uint16_t port, unsigned int size, bool in)
{
	uint64_t mask = (1ull << (8 * size)) - 1;
	uint8_t buf[4] = { 0 };
	uint32_t val = 0;
	int r;

	if (!in)
		memcpy(buf, &c->regs[REG_RAX], size);
	r = c->ops->io ? c->ops->io(c->opaque, port, buf, size, !in) : -1;
	if (r) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "IOIO %s %#x size %u: refused (%d)",
			  in ? "in" : "out", port, size, r);
		return;
	}
	if (in) {
		memcpy(&val, buf, size);
		c->regs[REG_RAX] = size < 4 ? (c->regs[REG_RAX] & ~mask) | val : val;
	}
	what(c, "IOIO %s %#x size %u", in ? "in" : "out", port, size);
}

/*
 * INS/OUTS (sev_es_string_io()): SW_EXITINFO2 elements of @size bytes in
 * the scratch area; KVM refuses a count above INT_MAX or a byte count that
 * overflows an int.
 */
static void ioio_string(struct ghcb_ctx *c, uint16_t port, unsigned int size, bool in)
{
	const char *op = in ? "ins" : "outs";
	uint64_t count = c->info2, i;
	int r = 0;

	if (count > INT_MAX || count * size > INT_MAX) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "IOIO %s %#x: count SW_EXITINFO2 "
			  "%#llx x size %u overflows", op, port,
			  (unsigned long long)count, size);
		return;
	}
	if (!setup_scratch(c, count * size, in ? "IOIO ins" : "IOIO outs"))
		return;
	for (i = 0; i < count && !r; i++)
		r = c->ops->io ? c->ops->io(c->opaque, port, c->sa + i * size, size, !in) : -1;
	if (r) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "IOIO %s %#x size %u: element %llu "
			  "refused (%d)", op, port, size, (unsigned long long)(i - 1), r);
		return;
	}
	what(c, "IOIO %s %#x size %u count %llu", op, port, size, (unsigned long long)count);
}

/* IOIO (56421 4.1.3): SW_EXITINFO1 in the IOIO intercept format. */
static void do_ioio(struct ghcb_ctx *c)
{
	uint32_t io = (uint32_t)c->info1;	/* KVM's io_interception() reads 32 bits */
	uint16_t port = (uint16_t)(io >> IOIO_PORT_SHIFT);
	unsigned int size = (io & IOIO_SIZE_MASK) >> IOIO_SIZE_SHIFT;
	bool in = io & IOIO_TYPE_IN;

	if (!size) {
		/* KVM ignores a size-0 access. */
		what(c, "IOIO %#x with size 0: ignored", port);
		return;
	}
	if (size != 1 && size != 2 && size != 4) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "IOIO %#x: SW_EXITINFO1 %#x gives "
			  "several sizes (bits 6:4 = %#x)", port, io, size);
		return;
	}
	if (io & IOIO_STR)
		ioio_string(c, port, size, in);
	else
		ioio_rax(c, port, size, in);
}

/* MSR (56421 4.1.5): SW_EXITINFO1 0 = RDMSR, else WRMSR of EDX:EAX (KVM tests != 0). */
static void do_msr(struct ghcb_ctx *c)
{
	uint32_t msr = (uint32_t)c->regs[REG_RCX];
	bool write = c->info1 != 0;
	uint64_t val = 0;
	int r;

	if (write) {
		val = (uint32_t)c->regs[REG_RAX] | (uint64_t)(uint32_t)c->regs[REG_RDX] << 32;
		r = c->ops->wrmsr ? c->ops->wrmsr(c->opaque, msr, val) : -1;
	} else {
		r = c->ops->rdmsr ? c->ops->rdmsr(c->opaque, msr, &val) : -1;
	}
	if (r) {
		inject_gp(c);
		what(c, "%s %#x refused: #GP", write ? "WRMSR" : "RDMSR", msr);
		return;
	}
	if (!write) {
		c->regs[REG_RAX] = (uint32_t)val;
		c->regs[REG_RDX] = val >> 32;
	}
	what(c, "%s %#x", write ? "WRMSR" : "RDMSR", msr);
}

/* VMMCALL (56421 4.1.7): a KVM hypercall; CPL > 0 gets -KVM_EPERM (kvm_emulate_hypercall()). */
static void do_vmmcall(struct ghcb_ctx *c)
{
	uint64_t in[NR_REGS], ret = 0;
	int r;

	if (c->cpl) {
		what(c, "VMMCALL %#llx at CPL %u: -KVM_EPERM",
		     (unsigned long long)c->regs[REG_RAX], c->cpl);
		c->regs[REG_RAX] = (uint64_t)-KVM_EPERM;
		return;
	}
	memcpy(in, c->regs, sizeof(in));
	r = c->ops->vmmcall ? c->ops->vmmcall(c->opaque, in, &ret) : -1;
	if (r) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "VMMCALL %#llx: refused (%d)",
			  (unsigned long long)c->regs[REG_RAX], r);
		return;
	}
	what(c, "VMMCALL %#llx", (unsigned long long)c->regs[REG_RAX]);
	c->regs[REG_RAX] = ret;
}

/*
 * MMIO read/write (56421 4.1.6): SW_EXITINFO1 = GPA, SW_EXITINFO2 = length,
 * data in the scratch area. Passed on in pieces of at most 8 bytes that do
 * not cross a page, like KVM's KVM_EXIT_MMIO fragments.
 */
static void do_mmio(struct ghcb_ctx *c, bool write)
{
	const char *op = write ? "MMIO write" : "MMIO read";
	uint64_t gpa = c->info1, len = c->info2, off, n;
	int r = 0;

	if (gpa + len < gpa) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "%s: GPA SW_EXITINFO1 %#llx + length "
			  "%#llx wraps", op, (unsigned long long)gpa, (unsigned long long)len);
		return;
	}
	if (!setup_scratch(c, len, op))
		return;
	for (off = 0; off < len && !r; off += n) {
		n = GHCB_PAGE_SIZE - ((gpa + off) & (GHCB_PAGE_SIZE - 1));
		if (n > 8)
			n = 8;
		if (n > len - off)
			n = len - off;
		r = c->ops->mmio ? c->ops->mmio(c->opaque, gpa + off, c->sa + off,
						(unsigned int)n, write) : -1;
	}
	if (r) {
		bad_input(c, GHCB_ERR_INVALID_INPUT, "%s %#llx length %llu: refused (%d)",
			  op, (unsigned long long)gpa, (unsigned long long)len, r);
		return;
	}
	what(c, "%s %#llx length %llu", op, (unsigned long long)gpa, (unsigned long long)len);
}

/* AP jump table (56421 4.1.9): SW_EXITINFO1 0 = set to SW_EXITINFO2, 1 = get. */
static void do_ap_jump_table(struct ghcb_ctx *c)
{
	switch (c->info1) {
	case 0:
		c->v->ap_jump_table = c->info2;
		what(c, "AP jump table set to %#llx", (unsigned long long)c->info2);
		break;
	case 1:
		c->ret2 = c->v->ap_jump_table;
		what(c, "AP jump table read: %#llx", (unsigned long long)c->ret2);
		break;
	default:
		bad_input(c, GHCB_ERR_INVALID_INPUT, "AP_JUMP_TABLE: SW_EXITINFO1 %#llx is "
			  "neither 0 (set) nor 1 (get)", (unsigned long long)c->info1);
		break;
	}
}

static void terminate(struct ghcb_ctx *c)
{
	c->res->outcome = GHCB_TERMINATE;
}

/* Termination request (56421 4.1.13): SW_EXITINFO1[3:0] set, [11:4] code. */
static void do_term_request(struct ghcb_ctx *c)
{
	c->res->term_set = (unsigned int)(c->info1 & 0xf);
	c->res->term_code = (unsigned int)((c->info1 >> 4) & 0xff);
	terminate(c);
	what(c, "termination request: reason set %u code %u (%s)", c->res->term_set,
	     c->res->term_code, ghcb_term_reason(c->res->term_set, c->res->term_code));
}

/* Events KVM accepts that need no callback. */
static void do_simple(struct ghcb_ctx *c, const char *name)
{
	switch (c->exit_code) {
	case SVM_EXIT_RDTSC_CODE:
	case SVM_EXIT_RDTSCP_CODE:
	case SVM_EXIT_RDPMC_CODE:
		/* KVM fails these for an SEV-ES guest; sevvm has no TSC/PMU source here. */
		terminate(c);
		what(c, "%s through the GHCB is not emulated", name);
		return;
	case SVM_VMGEXIT_UNSUPPORTED_EVENT:
		/* KVM fails KVM_RUN with -EINVAL. */
		terminate(c);
		what(c, "guest reports an unsupported event: SW_EXITINFO1 %#llx SW_EXITINFO2 %#llx",
		     (unsigned long long)c->info1, (unsigned long long)c->info2);
		return;
	case SVM_VMGEXIT_AP_HLT_LOOP:
		c->v->ap_reset_hold = true;
		c->res->outcome = GHCB_AP_RESET_HOLD;
		break;
	default:
		/*
		 * NMI_COMPLETE; DR7 (swapped by hardware, KVM ignores it);
		 * WBINVD/INVD; MONITOR/MWAIT (nops with KVM's default quirks);
		 * HV_FEATURES: no features (no SEV-SNP), SW_EXITINFO2 = 0.
		 */
		break;
	}
	what(c, "%s", name);
}

static void dispatch(struct ghcb_ctx *c)
{
	switch (c->exit_code) {
	case SVM_EXIT_CPUID_CODE:
		do_cpuid(c);
		break;
	case SVM_EXIT_IOIO_CODE:
		do_ioio(c);
		break;
	case SVM_EXIT_MSR_CODE:
		do_msr(c);
		break;
	case SVM_EXIT_VMMCALL_CODE:
		do_vmmcall(c);
		break;
	case SVM_VMGEXIT_MMIO_READ:
		do_mmio(c, false);
		break;
	case SVM_VMGEXIT_MMIO_WRITE:
		do_mmio(c, true);
		break;
	case SVM_VMGEXIT_AP_JUMP_TABLE:
		do_ap_jump_table(c);
		break;
	case SVM_VMGEXIT_TERM_REQUEST:
		do_term_request(c);
		break;
	default:
		do_simple(c, event_name(c->exit_code));
		break;
	}
}

/*
 * The response: SW_EXITINFO1/2 (svm_vmgexit_set_return_code()), then RAX,
 * RBX, RCX, RDX (sev_es_sync_to_ghcb()), each marked valid. A terminating
 * guest never runs again, so KVM writes only the SW_EXITINFO pair then.
 */
static void respond(struct ghcb_ctx *c)
{
	unsigned int i;

	set_field(c->page, GHCB_OFF_SW_EXIT_INFO_1, c->ret1);
	set_field(c->page, GHCB_OFF_SW_EXIT_INFO_2, c->ret2);
	if (c->res->outcome == GHCB_TERMINATE)
		return;
	for (i = 0; i < NR_REGS; i++)
		set_field(c->page, reg_off[i], c->regs[i]);
}

void ghcb_handle_page(struct ghcb_vcpu *v, const struct ghcb_ops *ops, void *opaque,
		      uint8_t page[GHCB_PAGE_SIZE], uint64_t gpa, struct ghcb_result *res)
{
	struct ghcb_ctx c = {
		.v = v, .ops = ops, .opaque = opaque, .page = page, .gpa = gpa, .res = res,
	};

	memset(res, 0, sizeof(*res));
	res->outcome = GHCB_DONE;
	if (!gpa) {
		/* sev_handle_vmgexit(): "GHCB gpa is not set", back to the guest. */
		what(&c, "VMGEXIT without a GHCB (GHCB MSR is 0): ignored");
		return;
	}
	snapshot(&c);
	res->exit_code = c.exit_code;
	if (validate(&c))
		dispatch(&c);
	respond(&c);
}

static bool msr_cpuid(struct ghcb_vcpu *v, const struct ghcb_ops *ops, void *opaque,
		      uint64_t msr, uint64_t *reply, struct ghcb_result *res)
{
	static const char *const reg_name[4] = { "EAX", "EBX", "ECX", "EDX" };
	uint32_t fn = (uint32_t)(msr >> 32), val;
	unsigned int reg = (msr >> 30) & 3;
	struct ghcb_cpuid_result out = { 0 };
	int r = ops->cpuid ? ops->cpuid(opaque, fn, 0, v->xcr0 ? v->xcr0 : 1, &out) : -1;

	if (r) {
		/* KVM: "Error, keep GHCB MSR value as-is". */
		snprintf(res->what, sizeof(res->what), "MSR protocol CPUID %#x: no answer (%d)",
			 fn, r);
		return true;
	}
	val = reg == 0 ? out.eax : reg == 1 ? out.ebx : reg == 2 ? out.ecx : out.edx;
	/* KVM rewrites GHCBData[63:32] and [11:0] in place; [31:12] are echoed. */
	*reply = (msr & 0xfffff000ull) | (uint64_t)val << 32 | GHCB_MSR_CPUID_RESP;
	snprintf(res->what, sizeof(res->what), "MSR protocol CPUID %#x %s", fn, reg_name[reg]);
	return true;
}

/* GHCBData[63:48] max, [47:32] min version, [31:24] C-bit (56421 2.3.1). */
uint64_t ghcb_sev_info_msr(const struct ghcb_vcpu *v)
{
	return (uint64_t)v->version_max << 48 | (uint64_t)GHCB_VERSION_MIN << 32 |
	       (uint64_t)v->cbit << 24 | GHCB_MSR_SEV_INFO_RESP;
}

bool ghcb_msr_protocol(struct ghcb_vcpu *v, const struct ghcb_ops *ops, void *opaque,
		       uint64_t msr, uint64_t *reply, struct ghcb_result *res)
{
	uint64_t req = msr & GHCB_MSR_INFO_MASK;

	if (!req)
		return false;
	memset(res, 0, sizeof(*res));
	res->outcome = GHCB_DONE;
	res->exit_code = req;
	*reply = msr;	/* KVM leaves the MSR as it is unless it answers */
	switch (req) {
	case GHCB_MSR_SEV_INFO_REQ:
		*reply = ghcb_sev_info_msr(v);
		snprintf(res->what, sizeof(res->what), "MSR protocol SEV information");
		return true;
	case GHCB_MSR_CPUID_REQ:
		return msr_cpuid(v, ops, opaque, msr, reply, res);
	case GHCB_MSR_AP_RESET_HOLD_REQ:
		/* GHCBData[63:12] = 0 until a SIPI (ghcb_msr_ap_reset_hold_reply()). */
		*reply = GHCB_MSR_AP_RESET_HOLD_RESP;
		v->ap_reset_hold = true;
		res->outcome = GHCB_AP_RESET_HOLD;
		snprintf(res->what, sizeof(res->what), "MSR protocol AP reset hold");
		return true;
	case GHCB_MSR_HV_FT_REQ:
		/* GHCBData[63:12] = features: none, this hypervisor has no SEV-SNP. */
		*reply = GHCB_MSR_HV_FT_RESP;
		snprintf(res->what, sizeof(res->what), "MSR protocol hypervisor features: none");
		return true;
	case GHCB_MSR_PREF_GPA_REQ:
	case GHCB_MSR_REG_GPA_REQ:
	case GHCB_MSR_PSC_REQ:
		res->outcome = GHCB_TERMINATE;
		snprintf(res->what, sizeof(res->what), "MSR protocol request %#llx is SEV-SNP "
			 "only", (unsigned long long)req);
		return true;
	case GHCB_MSR_TERM_REQ:
		ghcb_msr_term_decode(msr, &res->term_set, &res->term_code);
		res->outcome = GHCB_TERMINATE;
		snprintf(res->what, sizeof(res->what), "MSR protocol termination request: "
			 "reason set %u code %u (%s)", res->term_set, res->term_code,
			 ghcb_term_reason(res->term_set, res->term_code));
		return true;
	default:
		snprintf(res->what, sizeof(res->what), "MSR protocol request %#llx unknown: "
			 "ignored, the reply is the request", (unsigned long long)req);
		return true;
	}
}

uint64_t ghcb_msr_ap_reset_hold_reply(void)
{
	return 1ull << 12 | GHCB_MSR_AP_RESET_HOLD_RESP;
}

void ghcb_page_ap_reset_hold_wake(uint8_t page[GHCB_PAGE_SIZE])
{
	set_field(page, GHCB_OFF_SW_EXIT_INFO_1, 0);
	set_field(page, GHCB_OFF_SW_EXIT_INFO_2, 1);
}

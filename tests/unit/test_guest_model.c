// SPDX-License-Identifier: GPL-2.0
/* The guest-visible SEV model: page states, GHCB hypercalls, AP reset hold. */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include "devices/fw_cfg.h"
#include "sev/compat.h"
#include "sev/ghcb.h"
#include "sev/model/hw.h"
#include "sev/page_state.h"
#include "tests/unit/unit.h"

#define CBIT	47
#define MB	(1ull << 20)

struct model {
	struct ram ram;
	struct sev_page_state ps;
	struct sev_guest_hw *hw;
	struct sev_model *g;
	struct sev_log log;	/* no file: events go nowhere */
};

static void model_init_io(struct model *m, void (*pio)(void *, uint16_t, void *, unsigned int,
							   bool), void *opaque)
{
	struct sev_guest_host host = {
		.vm_fd = -1, .ncpus = 4, .ram = &m->ram, .pages = &m->ps, .log = &m->log,
		.pio = pio, .opaque = opaque,
	};
	unsigned int i;
	struct ram_block *b;
	struct err e = { 0 };

	memset(&m->log, 0, sizeof(m->log));
	ram_init(&m->ram, -1, 32);
	ck_assert_int_eq(ram_block_add(&m->ram, "ram", 4 * MB, &b, &e), 0);
	ck_assert_int_eq(ram_map(&m->ram, b, 0, 0, 4 * MB, NULL, &e), 0);
	ck_assert_int_eq(sev_page_state_init(&m->ps, &m->ram, CBIT, &e), 0);
	ck_assert_int_eq(sev_model_create(&m->hw, &host, true, CBIT, 2, &e), 0);
	m->g = sev_model_of(m->hw);
	for (i = 0; i < host.ncpus; i++)
		m->g->vcpu[i].fd = -1;	/* no KVM vCPU: requests are served at the MSR write */
}

static void model_init(struct model *m)
{
	model_init_io(m, NULL, NULL);
}

static void model_fini(struct model *m)
{
	m->hw->ops->destroy(m->hw);
	sev_page_state_destroy(&m->ps);
	ram_destroy(&m->ram);
}

/*
 * fw_cfg DMA under SEV: a page not announced shared is let through until
 * the guest sets KVM_MIGRATION_READY (it may have shared it through its
 * page tables alone, as OVMF does), refused after; announced pages always.
 */
START_TEST(guest_dma_check_follows_migration_ready)
{
	struct model m;
	uint64_t ret = 1;
	uint64_t share[4] = { 12, 0x100000, 1, 0 };

	model_init(&m);
	ck_assert(!sev_page_state_complete(&m.ps));
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x200000, 16), 1);	/* unannounced */
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, 0);
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x100000, 16), 0);
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x100ff0, 0x20), 1);	/* half out */

	sev_page_state_set_complete(&m.ps, true);
	ck_assert(sev_page_state_complete(&m.ps));
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x100000, 16), 0);
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x100ff0, 0x20), -EACCES);
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x200000, 16), -EACCES);
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x100000 | 1ull << CBIT, 16), -EACCES);

	/* Cleared again (the guest may): back to letting it through. */
	sev_page_state_set_complete(&m.ps, false);
	ck_assert_int_eq(sev_page_state_dma_check(&m.ps, 0x200000, 16), 1);
	model_fini(&m);
}
END_TEST

/* KVM_HC_MAP_GPA_RANGE through the GHCB: what fw_cfg DMA may then reach. */
START_TEST(guest_pages_shared_through_ghcb_hypercall)
{
	struct model m;
	uint64_t ret = 1;
	uint64_t share[4] = { 12, 0x100000 | 1ull << CBIT, 2, 0 };	/* C-bit ignored */
	uint64_t private[4] = { 12, 0x101000, 1, 0x10 };

	model_init(&m);
	ck_assert(!sev_page_state_shared(&m.ps, 0x100000, 0x2000));
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, 0);
	ck_assert(sev_page_state_shared(&m.ps, 0x100000, 0x2000));
	ck_assert(sev_page_state_shared(&m.ps, 0x100ff0, 0x20));	/* crosses a page */
	ck_assert(!sev_page_state_shared(&m.ps, 0x101ff0, 0x20));	/* into a private one */
	ck_assert(!sev_page_state_shared(&m.ps, 0x100000 | 1ull << CBIT, 16));	/* C-bit: private */
	ck_assert(!sev_page_state_shared(&m.ps, 0x100000, 0));
	ck_assert(!sev_page_state_shared(&m.ps, ~0ull - 8, 0x20));	/* wraps */
	ck_assert(!sev_page_state_shared(&m.ps, 8 * MB, 16));		/* not RAM */

	/* Back to private (attribute bit 4, KVM_MAP_GPA_RANGE_ENCRYPTED). */
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, private, &ret), 0);
	ck_assert_uint_eq(ret, 0);
	ck_assert(sev_page_state_shared(&m.ps, 0x100000, 0x1000));
	ck_assert(!sev_page_state_shared(&m.ps, 0x101000, 0x10));
	/* The debugger's view (monitor pages): the one shared run left. */
	{
		char d[512];

		ck_assert_uint_gt(sev_page_state_describe(&m.ps, d, sizeof(d)), 0);
		ck_assert_str_eq(d, "2 page-state changes accepted\n"
			"0x0-0x3fffff (ram): 1024 pages, 1 shared, the rest private\n"
			"  shared 0x100000-0x100fff\n");
		ck_assert_uint_eq(sev_page_state_describe(&m.ps, d, 8), 7);	/* cut, ended */
		ck_assert_str_eq(d, "2 page-");
	}

	/* Unaligned, empty or absurd ranges: -KVM_EINVAL; other hypercalls: -KVM_ENOSYS. */
	share[1] = 0x100010;
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, (uint64_t)-22);
	share[1] = 0x100000;
	share[2] = 0;
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, (uint64_t)-22);
	share[0] = 9;
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, (uint64_t)-1000);
	model_fini(&m);
}
END_TEST

/*
 * A range that is not all guest RAM is refused at once and changes nothing;
 * 2^40 pages (all a guest may ask) costs no more than guest RAM's size.
 */
START_TEST(guest_pages_refuse_what_is_not_ram)
{
	struct model m;
	uint64_t ret = 0;
	uint64_t all[4] = { 12, 0, (4 * MB) >> 12, 0 };
	uint64_t over[4] = { 12, 0x3ff000, 2, 0 };		/* last RAM page and one past it */
	uint64_t huge[4] = { 12, 0x100000, 1ull << 40, 0 };
	uint64_t wraps[4] = { 12, 0xfffffffffffff000ull & ~(1ull << CBIT), 1ull << 39, 0 };

	model_init(&m);
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, over, &ret), 0);
	ck_assert_uint_eq(ret, (uint64_t)-22);
	ck_assert(!sev_page_state_shared(&m.ps, 0x3ff000, 0x1000));	/* nothing changed */
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, huge, &ret), 0);
	ck_assert_uint_eq(ret, (uint64_t)-22);
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, wraps, &ret), 0);
	ck_assert_uint_eq(ret, (uint64_t)-22);
	ck_assert_uint_eq(m.ps.changes, 0);
	/* All of RAM, in one request: every page shared, counted once. */
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, all, &ret), 0);
	ck_assert_uint_eq(ret, 0);
	ck_assert_uint_eq(m.ps.bm[0].nr_shared, (4 * MB) >> 12);
	ck_assert(sev_page_state_shared(&m.ps, 0, 4 * MB));
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, all, &ret), 0);
	ck_assert_uint_eq(m.ps.bm[0].nr_shared, (4 * MB) >> 12);
	/* Pages 0x10..0x8f private again: not word-aligned at either end. */
	all[1] = 0x10000;
	all[2] = 0x80;
	all[3] = 0x10;	/* KVM_MAP_GPA_RANGE_ENCRYPTED */
	ck_assert_int_eq(sev_model_kvm_hypercall(&m.ps, all, &ret), 0);
	ck_assert_uint_eq(m.ps.bm[0].nr_shared, ((4 * MB) >> 12) - 0x80);
	ck_assert(sev_page_state_shared(&m.ps, 0xf000, 0x1000));
	ck_assert(!sev_page_state_shared(&m.ps, 0xf000, 0x2000));
	ck_assert(!sev_page_state_shared(&m.ps, 0x8f000, 0x1000));
	ck_assert(sev_page_state_shared(&m.ps, 0x90000, 0x1000));
	model_fini(&m);
}
END_TEST

/* The reply that ends an AP reset hold, MSR protocol and GHCB page. */
START_TEST(guest_ap_reset_hold_release)
{
	struct model m;
	uint8_t *page;
	uint64_t v;

	model_init(&m);
	m.g->vcpu[1].hold = true;
	m.g->vcpu[1].ghcb_msr = 0x007;
	sev_model_ap_release(&m.g->vcpu[1]);
	ck_assert(!m.g->vcpu[1].hold);
	/* GHCB spec 56421 2.3.1: 0x007 with GHCBData[63:12] non-zero. */
	ck_assert_uint_eq(m.g->vcpu[1].ghcb_msr & 0xfff, 0x007);
	ck_assert_uint_ne(m.g->vcpu[1].ghcb_msr >> 12, 0);

	page = ram_gpa_to_hva(&m.ram, 0x200000, 4096);
	memset(page, 0, 4096);
	m.g->vcpu[2].hold = true;
	m.g->vcpu[2].hold_page = 0x200000;
	sev_model_ap_release(&m.g->vcpu[2]);
	/* SW_EXITINFO2 (offset 0x3a0) becomes 1 (KVM's sev_vcpu_deliver_sipi_vector()). */
	memcpy(&v, page + 0x3a0, 8);
	ck_assert_uint_eq(v, 1);
	model_fini(&m);
}
END_TEST

/*
 * The lock order of vmm/vm.h, driven from two threads at once: a vCPU's
 * GHCB requests (IOIO to fw_cfg's ports, MAP_GPA_RANGE of the page fw_cfg
 * DMA targets) against fw_cfg DMA, which checks the page state under
 * fw_cfg's lock. With a lock cycle (the model's lock around the GHCB I/O,
 * as before) the two deadlock within a few thousand rounds.
 */
#define RACE_ROUNDS	20000
#define RACE_ACC	0x300000ull	/* FWCfgDmaAccess, shared */
#define RACE_BUF	0x301000ull	/* its target, shared and private in turn */

#define RACE_GHCB	0x10000ull	/* the vCPU's GHCB page */

struct race {
	struct model m;
	struct fw_cfg fw;
	atomic_uint dma_ok, dma_refused;
};

/* The VMM's port I/O as a vCPU exit does it: fw_cfg takes its lock. */
static void race_pio(void *o, uint16_t port, void *data, unsigned int size, bool write)
{
	struct race *r = o;

	if (port >= FW_CFG_PORT_SEL && port < FW_CFG_PORT_SEL + 12)
		fw_cfg_io(&r->fw, port - FW_CFG_PORT_SEL, data, size, write);
}

static void *race_map(void *o, uint64_t gpa, uint64_t len, bool write, const char **why)
{
	struct race *r = o;

	(void)write;
	if (!sev_page_state_shared(&r->m.ps, gpa, len)) {
		*why = "private";
		return NULL;
	}
	return ram_gpa_to_hva(&r->m.ram, gpa, len);
}

static void ghcb_set(uint8_t *page, unsigned int off, uint64_t v)
{
	memcpy(page + off, &v, sizeof(v));
	page[GHCB_OFF_VALID_BITMAP + off / 64] |= (uint8_t)(1u << (off / 8 % 8));
}

/*
 * One full-GHCB request of vCPU 1 as the guest makes it: the page filled,
 * its GPA written to the GHCB MSR (the model's exit path, sev/model/hw.c).
 */
static void ghcb_call(struct race *r, uint64_t code, uint64_t info1, const uint64_t regs[4])
{
	uint8_t *page = ram_gpa_to_hva(&r->m.ram, RACE_GHCB, GHCB_PAGE_SIZE);
	struct kvm_run run = { .exit_reason = KVM_EXIT_X86_WRMSR };
	char msg[200] = "";
	uint64_t info;

	memset(page, 0, GHCB_PAGE_SIZE);
	ghcb_set(page, GHCB_OFF_SW_EXIT_CODE, code);
	ghcb_set(page, GHCB_OFF_SW_EXIT_INFO_1, info1);
	ghcb_set(page, GHCB_OFF_SW_EXIT_INFO_2, 0);
	ghcb_set(page, GHCB_OFF_RAX, regs[0]);
	ghcb_set(page, GHCB_OFF_RBX, regs[1]);
	ghcb_set(page, GHCB_OFF_RCX, regs[2]);
	ghcb_set(page, GHCB_OFF_RDX, regs[3]);
	page[GHCB_OFF_VALID_BITMAP + GHCB_OFF_CPL / 64] |= 1u << (GHCB_OFF_CPL / 8 % 8);
	run.msr.index = MSR_AMD64_SEV_ES_GHCB;
	run.msr.data = RACE_GHCB;
	ck_assert_int_eq(r->m.hw->ops->handle_exit(r->m.hw, 1, &run, msg, sizeof(msg)),
			 SEV_EXIT_HANDLED);
	memcpy(&info, page + GHCB_OFF_SW_EXIT_INFO_1, 8);
	ck_assert_msg((uint32_t)info == 0, "GHCB error %#llx %s", (unsigned long long)info, msg);
}

static void *race_vcpu(void *o)
{
	struct race *r = o;
	uint8_t *page = ram_gpa_to_hva(&r->m.ram, RACE_GHCB, GHCB_PAGE_SIZE);
	unsigned int i;

	for (i = 0; i < RACE_ROUNDS; i++) {
		/* OUT dx, ax to the selector; IN al, dx from the data port. */
		uint64_t sel[4] = { FW_CFG_SIGNATURE, 0, 0, 0 }, in[4] = { 0 };
		/* KVM_HC_MAP_GPA_RANGE of the DMA target: shared on odd rounds. */
		uint64_t map[4] = { 12, RACE_BUF, 1, i & 1 ? 0 : 0x10 };
		uint64_t ret;

		ghcb_call(r, SVM_EXIT_IOIO_CODE, (uint64_t)FW_CFG_PORT_SEL << 16 | 0x20, sel);
		ghcb_call(r, SVM_EXIT_IOIO_CODE, (uint64_t)FW_CFG_PORT_DATA << 16 | 0x10 | 1, in);
		ghcb_call(r, SVM_EXIT_VMMCALL_CODE, 0, map);
		memcpy(&ret, page + GHCB_OFF_RAX, 8);
		ck_assert_uint_eq(ret, 0);
	}
	return NULL;
}

static void *race_dma(void *o)
{
	struct race *r = o;
	uint8_t *acc = ram_gpa_to_hva(&r->m.ram, RACE_ACC, FW_CFG_DMA_ACCESS_LEN);
	unsigned int i;

	for (i = 0; i < RACE_ROUNDS; i++) {
		uint32_t c = htobe32(FW_CFG_SIGNATURE << 16 | FW_CFG_DMA_SELECT | FW_CFG_DMA_READ);
		uint32_t l = htobe32(4), hi = 0, lo = htobe32((uint32_t)RACE_ACC);
		uint64_t a = htobe64(RACE_BUF);

		memcpy(acc, &c, 4);
		memcpy(acc + 4, &l, 4);
		memcpy(acc + 8, &a, 8);
		fw_cfg_io(&r->fw, FW_CFG_PORT_DMA - FW_CFG_PORT_SEL, &hi, 4, true);
		fw_cfg_io(&r->fw, FW_CFG_PORT_DMA + 4 - FW_CFG_PORT_SEL, &lo, 4, true);
		memcpy(&c, acc, 4);
		if (be32toh(c) == 0)
			atomic_fetch_add(&r->dma_ok, 1);
		else if (be32toh(c) == FW_CFG_DMA_ERROR)
			atomic_fetch_add(&r->dma_refused, 1);
	}
	return NULL;
}

START_TEST(guest_ghcb_io_and_fw_cfg_dma_at_once)
{
	static struct race r;
	const struct fw_cfg_dma_ops dma = { .map = race_map, .opaque = &r };
	uint64_t share[4] = { 12, RACE_ACC, 1, 0 }, ret = 1;
	struct err e = { 0 };
	struct timespec until;
	pthread_t a, b;
	int ja, jb;

	memset(&r, 0, sizeof(r));
	model_init_io(&r.m, race_pio, &r);
	ck_assert_int_eq(fw_cfg_init(&r.fw, &dma, &e), 0);
	ck_assert_int_eq(sev_model_kvm_hypercall(&r.m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, 0);
	share[1] = RACE_GHCB;	/* the GHCB is a shared page */
	ck_assert_int_eq(sev_model_kvm_hypercall(&r.m.ps, share, &ret), 0);
	ck_assert_int_eq(pthread_create(&a, NULL, race_vcpu, &r), 0);
	ck_assert_int_eq(pthread_create(&b, NULL, race_dma, &r), 0);
	/* A hang detector, not a speed test: both finish or the test fails. */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 120;
	ja = pthread_timedjoin_np(a, NULL, &until);
	jb = pthread_timedjoin_np(b, NULL, &until);
	ck_assert_msg(!ja && !jb, "the vCPU (%d) and the DMA (%d) threads deadlocked", ja, jb);
	/* Every transfer either landed or was refused as private, none lost. */
	ck_assert_uint_eq(r.dma_ok + r.dma_refused, RACE_ROUNDS);
	ck_assert_uint_eq(r.m.ps.changes, RACE_ROUNDS + 2);
	fw_cfg_destroy(&r.fw);
	model_fini(&r.m);
}
END_TEST

/* SEV-ES: KVM_MIGRATION_READY through the GHCB's MSR event is kept, as without SEV-ES. */
START_TEST(guest_ghcb_migration_ready)
{
	static struct race r;
	uint64_t share[4] = { 12, RACE_GHCB, 1, 0 }, ret = 1, rax;
	uint64_t wr[4] = { 1, 0, SEVVM_MSR_KVM_MIGRATION_CONTROL, 0 };
	uint64_t rd[4] = { 0, 0, SEVVM_MSR_KVM_MIGRATION_CONTROL, 0 };
	uint8_t *page;

	memset(&r, 0, sizeof(r));
	model_init_io(&r.m, race_pio, &r);
	ck_assert_int_eq(sev_model_kvm_hypercall(&r.m.ps, share, &ret), 0);
	ck_assert_uint_eq(ret, 0);
	ck_assert_int_eq(sev_page_state_dma_check(&r.m.ps, RACE_BUF, 16), 1);
	ghcb_call(&r, SVM_EXIT_MSR_CODE, 1, wr);
	ck_assert(sev_page_state_complete(&r.m.ps));
	ck_assert_int_eq(sev_page_state_dma_check(&r.m.ps, RACE_BUF, 16), -EACCES);
	ghcb_call(&r, SVM_EXIT_MSR_CODE, 0, rd);
	page = ram_gpa_to_hva(&r.m.ram, RACE_GHCB, GHCB_PAGE_SIZE);
	memcpy(&rax, page + GHCB_OFF_RAX, sizeof(rax));
	ck_assert_uint_eq(rax, 1);
	model_fini(&r.m);
}
END_TEST

/* vCPU @cpu writes @val to the GHCB MSR and VMGEXITs (served at the write). */
static void msr_request(struct model *m, unsigned int cpu, uint64_t val)
{
	struct kvm_run run = { .exit_reason = KVM_EXIT_X86_WRMSR };
	char msg[200] = "";

	run.msr.index = MSR_AMD64_SEV_ES_GHCB;
	run.msr.data = val;
	ck_assert_int_eq(m->hw->ops->handle_exit(m->hw, cpu, &run, msg, sizeof(msg)),
			 SEV_EXIT_HANDLED);
}

/*
 * An SEV-ES vCPU that reads the GHCB MSR before writing it gets the SEV
 * information response, as KVM's sev_es_vcpu_reset() leaves it (56421
 * 2.3.1: GHCBData[63:48] max 2, [47:32] min 1, [31:24] C-bit 47, 0x001).
 */
START_TEST(guest_ghcb_msr_starts_as_sev_info)
{
	struct model m;
	struct kvm_run run = { .exit_reason = KVM_EXIT_X86_RDMSR };
	char msg[200] = "";
	unsigned int cpu;

	model_init(&m);
	for (cpu = 0; cpu < 4; cpu++) {
		run.msr.index = MSR_AMD64_SEV_ES_GHCB;
		run.msr.data = 0;
		ck_assert_int_eq(m.hw->ops->handle_exit(m.hw, cpu, &run, msg, sizeof(msg)),
				 SEV_EXIT_HANDLED);
		ck_assert_uint_eq(run.msr.data, 2ull << 48 | 1ull << 32 | 47ull << 24 | 0x001);
	}
	/* A request then replaces it: the MSR reads back what was answered. */
	msr_request(&m, 1, 0x004);	/* CPUID function 0, EAX */
	run.msr.data = 0;
	ck_assert_int_eq(m.hw->ops->handle_exit(m.hw, 1, &run, msg, sizeof(msg)), SEV_EXIT_HANDLED);
	ck_assert_uint_eq(run.msr.data & 0xfff, 0x005);	/* CPUID response */
	model_fini(&m);
}
END_TEST

/* An MMIO exit of vCPU @cpu at @gpa: what the model makes of it. */
static enum sev_exit mmio_exit(struct model *m, unsigned int cpu, struct kvm_run *run,
			       uint64_t gpa, bool write, uint32_t val)
{
	char msg[200] = "";

	*run = (struct kvm_run){ .exit_reason = KVM_EXIT_MMIO };
	run->mmio.phys_addr = gpa;
	run->mmio.len = 4;
	run->mmio.is_write = write;
	memcpy(run->mmio.data, &val, 4);
	return m->hw->ops->handle_exit(m->hw, cpu, run, msg, sizeof(msg));
}

/*
 * MMIO through a C-bit mapping (OVMF's PEI): the local APIC is answered by
 * the model at the address without the C-bit; other MMIO goes on to
 * sevvm's devices without the C-bit; MMIO without it is not the model's.
 */
START_TEST(guest_cbit_mmio)
{
	const uint64_t c = 1ull << CBIT;
	struct model m;
	struct kvm_run run;
	uint32_t v;

	model_init(&m);
	ck_assert_int_eq(mmio_exit(&m, 2, &run, c | 0xfee00020, false, 0), SEV_EXIT_HANDLED);
	memcpy(&v, run.mmio.data, 4);
	ck_assert_uint_eq(v, 2u << 24);			/* APIC ID of vCPU 2 */
	ck_assert_int_eq(mmio_exit(&m, 0, &run, c | 0xfee00310, true, 1u << 24), SEV_EXIT_HANDLED);
	ck_assert_int_eq(mmio_exit(&m, 0, &run, c | 0xfee00310, false, 0), SEV_EXIT_HANDLED);
	memcpy(&v, run.mmio.data, 4);
	ck_assert_uint_eq(v, 1u << 24);			/* ICR high reads back */
	ck_assert_int_eq(mmio_exit(&m, 0, &run, c | 0xe0001000, true, 5), SEV_EXIT_NOT_MINE);
	ck_assert_uint_eq(run.mmio.phys_addr, 0xe0001000);
	ck_assert_int_eq(mmio_exit(&m, 0, &run, 0xfee00020, false, 0), SEV_EXIT_NOT_MINE);
	ck_assert_uint_eq(run.mmio.phys_addr, 0xfee00020);
	model_fini(&m);
}
END_TEST

/* monitor ghcb: the GHCB MSR decoded and the last requests, oldest first, at most 8. */
START_TEST(guest_ghcb_describe_history)
{
	struct model m;
	struct err e = { 0 };
	char buf[4096], want[128];
	struct strbuf out = strbuf_on(buf, sizeof(buf));
	unsigned int i;

	model_init(&m);
	ck_assert_int_eq(m.hw->ops->describe_ghcb(m.hw, 2, &out, &e), 0);
	/* Before the guest writes it, the MSR holds what KVM's vCPU reset puts there. */
	ck_assert_msg(strstr(buf, "vCPU 2 GHCB MSR 0x000200012f000001: SEV information response"),
		      "%s", buf);
	ck_assert_ptr_nonnull(strstr(buf, "last 0 requests"));

	msr_request(&m, 2, GHCB_MSR_SEV_INFO_REQ);
	out = strbuf_on(buf, sizeof(buf));
	ck_assert_int_eq(m.hw->ops->describe_ghcb(m.hw, 2, &out, &e), 0);
	/* The model's INIT2 versions 1..2 and C-bit 47, as SEV_INFO answered them. */
	ck_assert_ptr_nonnull(strstr(buf, "SEV information response: protocol versions 1..2, C-bit 47\n"));
	ck_assert_ptr_nonnull(strstr(buf, "last 1 requests, oldest first:\n  0x2: "));

	/* Ten CPUID requests (functions 0..9, EAX): the oldest two fall out. */
	for (i = 0; i < 10; i++)
		msr_request(&m, 2, (uint64_t)i << 32 | GHCB_MSR_CPUID_REQ);
	out = strbuf_on(buf, sizeof(buf));
	ck_assert_int_eq(m.hw->ops->describe_ghcb(m.hw, 2, &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(buf, "last 8 requests, oldest first:\n  0x200000004: "));
	snprintf(want, sizeof(want), "\n  %#llx: ", (unsigned long long)(9ull << 32 | 4));
	ck_assert_ptr_nonnull(strstr(buf, want));
	ck_assert_ptr_null(strstr(buf, "  0x100000004: "));
	ck_assert_ptr_null(strstr(buf, "  0x2: "));
	ck_assert_msg(strstr(buf, "CPUID response: eax = 0x"), "%s", buf);
	/* Other vCPUs keep their own. */
	out = strbuf_on(buf, sizeof(buf));
	ck_assert_int_eq(m.hw->ops->describe_ghcb(m.hw, 1, &out, &e), 0);
	ck_assert_ptr_nonnull(strstr(buf, "last 0 requests"));
	ck_assert_int_eq(m.hw->ops->describe_ghcb(m.hw, 4, &out, &e), -EINVAL);
	model_fini(&m);
}
END_TEST

Suite *guest_model_suite(void)
{
	Suite *s = suite_create("guest_model");
	TCase *tc = tcase_create("guest_model");

	tcase_add_test(tc, guest_pages_shared_through_ghcb_hypercall);
	tcase_add_test(tc, guest_dma_check_follows_migration_ready);
	tcase_add_test(tc, guest_pages_refuse_what_is_not_ram);
	tcase_add_test(tc, guest_ap_reset_hold_release);
	tcase_add_test(tc, guest_ghcb_io_and_fw_cfg_dma_at_once);
	tcase_add_test(tc, guest_ghcb_migration_ready);
	tcase_add_test(tc, guest_ghcb_describe_history);
	tcase_add_test(tc, guest_ghcb_msr_starts_as_sev_info);
	tcase_add_test(tc, guest_cbit_mmio);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	return s;
}

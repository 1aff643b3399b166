// SPDX-License-Identifier: GPL-2.0
/* The guest-visible SEV model: page states, GHCB hypercalls, AP reset hold. */
#include <string.h>
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

static void model_init(struct model *m)
{
	struct sev_guest_host host = {
		.vm_fd = -1, .ncpus = 4, .ram = &m->ram, .pages = &m->ps, .log = &m->log,
	};
	struct ram_block *b;
	struct err e = { 0 };

	memset(&m->log, 0, sizeof(m->log));
	ram_init(&m->ram, -1, 32);
	ck_assert_int_eq(ram_block_add(&m->ram, "ram", 4 * MB, &b, &e), 0);
	ck_assert_int_eq(ram_map(&m->ram, b, 0, 0, 4 * MB, NULL, &e), 0);
	ck_assert_int_eq(sev_page_state_init(&m->ps, &m->ram, CBIT, &e), 0);
	ck_assert_int_eq(sev_model_create(&m->hw, &host, true, CBIT, 2, &e), 0);
	m->g = sev_model_of(m->hw);
}

static void model_fini(struct model *m)
{
	m->hw->ops->destroy(m->hw);
	sev_page_state_destroy(&m->ps);
	ram_destroy(&m->ram);
}

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

Suite *guest_model_suite(void)
{
	Suite *s = suite_create("guest_model");
	TCase *tc = tcase_create("guest_model");

	tcase_add_test(tc, guest_pages_shared_through_ghcb_hypercall);
	tcase_add_test(tc, guest_pages_refuse_what_is_not_ram);
	tcase_add_test(tc, guest_ap_reset_hold_release);
	suite_add_tcase(s, tc);
	return s;
}

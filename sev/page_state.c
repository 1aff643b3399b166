// SPDX-License-Identifier: GPL-2.0
#include "sev/page_state.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/kvm_para.h>
#include <stdlib.h>
#include <string.h>
#include "sev/compat.h"
#include "vmm/util/strbuf.h"

#define KVM_EINVAL_RET		((uint64_t)-22)	/* -KVM_EINVAL */
#define PAGE_SHIFT		12

int sev_page_state_init(struct sev_page_state *ps, struct ram *ram, unsigned int cbit,
			struct err *e)
{
	unsigned int i, n = 0;

	memset(ps, 0, sizeof(*ps));
	ps->ram = ram;
	ps->cbit_mask = 1ull << cbit;
	pthread_mutex_init(&ps->lock, NULL);
	for (i = 0; i < RAM_MAX_BLOCKS; i++) {
		const struct ram_block *b = &ram->blocks[i];
		struct sev_page_bitmap *bm = &ps->bm[n];

		if (!b->in_use)
			continue;
		bm->block = b;
		bm->pages = b->size >> PAGE_SHIFT;
		bm->shared = calloc((bm->pages + 63) / 64, sizeof(uint64_t));
		if (!bm->shared)
			return err_set(e, ENOMEM, "page-state bitmap of %s", b->name);
		n++;
	}
	return 0;
}

void sev_page_state_destroy(struct sev_page_state *ps)
{
	unsigned int i;

	if (!ps->ram)
		return;
	for (i = 0; i < RAM_MAX_BLOCKS; i++)
		free(ps->bm[i].shared);
	pthread_mutex_destroy(&ps->lock);
	memset(ps, 0, sizeof(*ps));
}

/* One piece of a guest-physical range: pages [first, first + n) of one bitmap. */
struct page_run {
	struct sev_page_bitmap *bm;
	uint64_t first, n;
};

static struct sev_page_bitmap *bitmap_of(struct sev_page_state *ps, const struct ram_block *b)
{
	unsigned int k;

	for (k = 0; k < RAM_MAX_BLOCKS; k++)
		if (ps->bm[k].block == b)
			return &ps->bm[k];
	return NULL;
}

/*
 * The run of RAM pages that starts at page-aligned @gpa (C-bit clear) and
 * ends at @end or where its mapping ends; false where @gpa is not RAM sevvm
 * tracks. A mapping above the C-bit (the model's alias) is never one.
 */
static bool next_run(struct sev_page_state *ps, uint64_t gpa, uint64_t end, struct page_run *run)
{
	unsigned int i;

	for (i = 0; i < RAM_MAX_MAPPINGS; i++) {
		const struct ram_mapping *m = &ps->ram->maps[i];
		uint64_t last;

		if (!m->in_use || m->gpa >= ps->cbit_mask || gpa < m->gpa || gpa - m->gpa >= m->size)
			continue;
		run->bm = bitmap_of(ps, m->block);
		if (!run->bm)
			return false;
		last = end - m->gpa < m->size ? end : m->gpa + m->size;
		run->first = (m->offset + (gpa - m->gpa)) >> PAGE_SHIFT;
		run->n = (last - gpa + (1ull << PAGE_SHIFT) - 1) >> PAGE_SHIFT;
		return run->first + run->n <= run->bm->pages;
	}
	return false;
}

/* The bits of pages [first, first + n) in word @w of a bitmap. */
static uint64_t word_mask(uint64_t w, uint64_t first, uint64_t n)
{
	uint64_t lo = first > w * 64 ? first - w * 64 : 0;
	uint64_t hi = first + n < (w + 1) * 64 ? first + n - w * 64 : 64;

	return (hi == 64 ? ~0ull : (1ull << hi) - 1) & ~((1ull << lo) - 1);
}

static bool run_shared(const struct page_run *run)
{
	uint64_t w;

	for (w = run->first / 64; w <= (run->first + run->n - 1) / 64; w++) {
		uint64_t mask = word_mask(w, run->first, run->n);

		if ((run->bm->shared[w] & mask) != mask)
			return false;
	}
	return true;
}

/* Word by word: the work is bounded by the size of guest RAM, not by the request. */
static void run_set(const struct page_run *run, bool shared)
{
	struct sev_page_bitmap *bm = run->bm;
	uint64_t w;

	for (w = run->first / 64; w <= (run->first + run->n - 1) / 64; w++) {
		uint64_t mask = word_mask(w, run->first, run->n);

		if (shared) {
			bm->nr_shared += (uint64_t)__builtin_popcountll(mask & ~bm->shared[w]);
			bm->shared[w] |= mask;
		} else {
			bm->nr_shared -= (uint64_t)__builtin_popcountll(mask & bm->shared[w]);
			bm->shared[w] &= ~mask;
		}
	}
}

bool sev_page_state_shared(struct sev_page_state *ps, uint64_t gpa, uint64_t len)
{
	uint64_t a, end = gpa + len;
	bool shared = len && end > gpa && !(gpa & ps->cbit_mask);
	struct page_run run;

	pthread_mutex_lock(&ps->lock);
	for (a = gpa & ~((1ull << PAGE_SHIFT) - 1); shared && a < end; a += run.n << PAGE_SHIFT)
		shared = next_run(ps, a, end, &run) && run_shared(&run);
	pthread_mutex_unlock(&ps->lock);
	return shared;
}

void sev_page_state_set_complete(struct sev_page_state *ps, bool complete)
{
	pthread_mutex_lock(&ps->lock);
	ps->complete = complete;
	pthread_mutex_unlock(&ps->lock);
}

bool sev_page_state_complete(struct sev_page_state *ps)
{
	bool complete;

	pthread_mutex_lock(&ps->lock);
	complete = ps->complete;
	pthread_mutex_unlock(&ps->lock);
	return complete;
}

/*
 * KVM_HC_MAP_GPA_RANGE is advisory: KVM documents it as the guest telling
 * the host about page encryption changes for live migration
 * (Documentation/virt/kvm/x86/hypercalls.rst, KVM_HC_MAP_GPA_RANGE), and
 * the list is only to be relied on once the guest sets KVM_MIGRATION_READY
 * (msr.rst, MSR_KVM_MIGRATION_CONTROL). SEV (not SNP) hardware does not
 * stop the host writing a private page: the guest then reads ciphertext
 * decrypted with its key, which is its own affair. A guest that shares
 * pages through its page tables alone (upstream OVMF: IoMmuDxe clears the
 * C-bit and issues no hypercall) is legitimate, so a page missing from the
 * list is refused only after the guest has declared the list complete.
 */
int sev_page_state_dma_check(struct sev_page_state *ps, uint64_t gpa, uint64_t len)
{
	if (sev_page_state_shared(ps, gpa, len))
		return 0;
	return sev_page_state_complete(ps) ? -EACCES : 1;
}

uint64_t sev_page_state_map_gpa_range(struct sev_page_state *ps, uint64_t gpa, uint64_t npages,
				      uint64_t attrs)
{
	bool shared = !(attrs & KVM_MAP_GPA_RANGE_ENCRYPTED);
	struct page_run run;
	uint64_t a, end;

	if (gpa & ((1ull << PAGE_SHIFT) - 1) || !npages || npages > (1ull << 40))
		return KVM_EINVAL_RET;
	gpa &= ~ps->cbit_mask;
	end = gpa + (npages << PAGE_SHIFT);
	if (end < gpa || end > ps->cbit_mask)
		return KVM_EINVAL_RET;
	pthread_mutex_lock(&ps->lock);
	/* All of it must be RAM: check first, so a refused range changes nothing. */
	for (a = gpa; a < end; a += run.n << PAGE_SHIFT) {
		if (!next_run(ps, a, end, &run)) {
			pthread_mutex_unlock(&ps->lock);
			return KVM_EINVAL_RET;
		}
	}
	for (a = gpa; a < end; a += run.n << PAGE_SHIFT) {
		next_run(ps, a, end, &run);
		run_set(&run, shared);
	}
	ps->changes++;
	pthread_mutex_unlock(&ps->lock);
	return 0;
}

void sev_page_state_log(struct sev_page_state *ps, struct sev_log *log)
{
	unsigned int i;

	for (i = 0; i < RAM_MAX_BLOCKS; i++) {
		const struct sev_page_bitmap *bm = &ps->bm[i];

		if (!bm->block)
			continue;
		sev_log_event(log, "page-state", "\"block\": \"%s\", \"pages\": %" PRIu64
			      ", \"shared\": %" PRIu64 ", \"changes\": %" PRIu64, bm->block->name,
			      bm->pages, bm->nr_shared, ps->changes);
	}
}

static bool page_shared(const struct sev_page_bitmap *bm, uint64_t page)
{
	return bm->shared[page / 64] >> (page % 64) & 1;
}

size_t sev_page_state_describe(struct sev_page_state *ps, char *buf, size_t len)
{
	struct strbuf sb;
	unsigned int i;

	if (!len)
		return 0;
	sb = strbuf_on(buf, len);
	pthread_mutex_lock(&ps->lock);
	strbuf_printf(&sb, "%" PRIu64 " page-state changes accepted\n", ps->changes);
	for (i = 0; i < RAM_MAX_MAPPINGS; i++) {
		const struct ram_mapping *m = &ps->ram->maps[i];
		const struct sev_page_bitmap *bm;
		uint64_t first, last, p, run = 0, nshared = 0;
		bool in_run = false;

		if (!m->in_use || !(bm = bitmap_of(ps, m->block)))
			continue;
		first = m->offset / 4096;
		last = (m->offset + m->size) / 4096;
		if (last > bm->pages)
			last = bm->pages;
		for (p = first; p < last; p++)
			nshared += page_shared(bm, p);
		strbuf_printf(&sb, "0x%" PRIx64 "-0x%" PRIx64 " (%s): %" PRIu64 " pages, %" PRIu64
		    " shared, the rest private\n", m->gpa, m->gpa + m->size - 1, m->block->name,
		    last - first, nshared);
		for (p = first; p <= last; p++) {
			bool sh = p < last && page_shared(bm, p);

			if (sh && !in_run) {
				run = p;
				in_run = true;
			} else if (!sh && in_run) {
				strbuf_printf(&sb, "  shared 0x%" PRIx64 "-0x%" PRIx64 "\n",
				    m->gpa + (run - first) * 4096, m->gpa + (p - first) * 4096 - 1);
				in_run = false;
			}
		}
	}
	pthread_mutex_unlock(&ps->lock);
	return sb.len;
}

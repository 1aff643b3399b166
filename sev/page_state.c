// SPDX-License-Identifier: GPL-2.0
#include "sev/page_state.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/kvm_para.h>
#include <stdlib.h>
#include <string.h>
#include "sev/compat.h"

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

/* The bitmap and page index of the RAM page at @gpa (C-bit clear), or NULL. */
static struct sev_page_bitmap *page_of(struct sev_page_state *ps, uint64_t gpa, uint64_t *page)
{
	uint8_t *hva = ram_gpa_to_hva(ps->ram, gpa, 1ull << PAGE_SHIFT);
	unsigned int k;

	for (k = 0; hva && k < RAM_MAX_BLOCKS; k++) {
		const struct ram_block *b = ps->bm[k].block;

		if (b && hva >= (uint8_t *)b->host && hva < (uint8_t *)b->host + b->size) {
			*page = (uint64_t)(hva - (uint8_t *)b->host) >> PAGE_SHIFT;
			return &ps->bm[k];
		}
	}
	return NULL;
}

bool sev_page_state_shared(struct sev_page_state *ps, uint64_t gpa, uint64_t len)
{
	uint64_t a, page, end = gpa + len;
	bool shared = len && end > gpa && !(gpa & ps->cbit_mask);

	pthread_mutex_lock(&ps->lock);
	for (a = gpa & ~((1ull << PAGE_SHIFT) - 1); shared && a < end; a += 1ull << PAGE_SHIFT) {
		struct sev_page_bitmap *bm = page_of(ps, a, &page);

		shared = bm && bm->shared[page / 64] & (1ull << (page & 63));
	}
	pthread_mutex_unlock(&ps->lock);
	return shared;
}

uint64_t sev_page_state_map_gpa_range(struct sev_page_state *ps, uint64_t gpa, uint64_t npages,
				      uint64_t attrs)
{
	bool shared = !(attrs & KVM_MAP_GPA_RANGE_ENCRYPTED);
	uint64_t i;

	if (gpa & ((1ull << PAGE_SHIFT) - 1) || !npages || npages > (1ull << 40))
		return KVM_EINVAL_RET;
	gpa &= ~ps->cbit_mask;
	pthread_mutex_lock(&ps->lock);
	for (i = 0; i < npages; i++) {
		uint64_t page = 0, bit;
		struct sev_page_bitmap *bm = page_of(ps, gpa + (i << PAGE_SHIFT), &page);

		if (!bm)
			continue;	/* not RAM (MMIO, holes): nothing to track */
		bit = 1ull << (page & 63);
		if (shared && !(bm->shared[page / 64] & bit)) {
			bm->shared[page / 64] |= bit;
			bm->nr_shared++;
		} else if (!shared && bm->shared[page / 64] & bit) {
			bm->shared[page / 64] &= ~bit;
			bm->nr_shared--;
		}
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

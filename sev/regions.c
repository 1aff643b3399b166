// SPDX-License-Identifier: GPL-2.0
#include "sev/regions.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void sev_regions_init(struct sev_regions *s)
{
	*s = (struct sev_regions){ 0 };
}

void sev_regions_free(struct sev_regions *s)
{
	free(s->r);
	*s = (struct sev_regions){ 0 };
}

static void append_name(char *dst, const char *what)
{
	size_t n = strlen(dst);

	if (!what || strstr(dst, what))
		return;
	if (n && n + 1 < SEV_REGION_NAME_MAX)
		dst[n++] = '+';
	snprintf(dst + n, SEV_REGION_NAME_MAX - n, "%s", what);
}

/* Merges r[i] with its successors while they overlap or touch. */
static void coalesce(struct sev_regions *s, unsigned int i)
{
	struct sev_region *a = &s->r[i];

	while (i + 1 < s->nr && s->r[i + 1].rank == a->rank && s->r[i + 1].gpa <= a->gpa + a->len) {
		struct sev_region *b = &s->r[i + 1];
		uint64_t end = b->gpa + b->len;

		if (end > a->gpa + a->len)
			a->len = end - a->gpa;
		append_name(a->what, b->what);
		memmove(b, b + 1, (s->nr - i - 2) * sizeof(*b));
		s->nr--;
	}
}

int sev_regions_add(struct sev_regions *s, uint64_t gpa, uint64_t len, const char *what)
{
	uint64_t start = gpa & ~(uint64_t)(SEV_REGION_ALIGN - 1);
	uint64_t end = (gpa + len + SEV_REGION_ALIGN - 1) & ~(uint64_t)(SEV_REGION_ALIGN - 1);
	unsigned int i;

	if (!len)
		return 0;
	if (gpa + len < gpa)
		return -EINVAL;
	/*
	 * First region of this rank that ends at or after start (after every
	 * lower rank): merge into it or insert before.
	 */
	for (i = 0; i < s->nr && (s->r[i].rank < s->rank ||
				  (s->r[i].rank == s->rank && s->r[i].gpa + s->r[i].len < start)); i++)
		;
	if (i < s->nr && s->r[i].rank == s->rank && s->r[i].gpa <= end) {
		struct sev_region *a = &s->r[i];
		uint64_t a_end = a->gpa + a->len;

		a->gpa = a->gpa < start ? a->gpa : start;
		a->len = (a_end > end ? a_end : end) - a->gpa;
		append_name(a->what, what);
		coalesce(s, i);
		return 0;
	}
	if (s->nr == s->cap) {
		unsigned int cap = s->cap ? s->cap * 2 : 16;
		struct sev_region *n = realloc(s->r, cap * sizeof(*n));

		if (!n) {
			s->error = -ENOMEM;
			return -ENOMEM;
		}
		s->r = n;
		s->cap = cap;
	}
	memmove(&s->r[i + 1], &s->r[i], (s->nr - i) * sizeof(*s->r));
	s->r[i] = (struct sev_region){ .gpa = start, .len = end - start, .rank = s->rank };
	append_name(s->r[i].what, what);
	s->nr++;
	return 0;
}

uint64_t sev_regions_bytes(const struct sev_regions *s)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		n += s->r[i].len;
	return n;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest-physical ranges sevvm wrote before an SEV launch. They go to
 * LAUNCH_UPDATE_DATA widened to 16-byte boundaries (AMD SEV API 55766, 6.3:
 * address and length must be 16-byte aligned) and merged, so no byte is
 * encrypted twice, in ascending address order, so the digest is
 * reproducible by `sevvm measure`. A firmware launch measures in QEMU's
 * order instead (the image, then the kernel hashes table): each write
 * carries the current @rank, and regions go out by rank first.
 */
#ifndef SEVVM_SEV_REGIONS_H
#define SEVVM_SEV_REGIONS_H

#include <stdint.h>
#include "vmm/util/err.h"

#define SEV_REGION_ALIGN	16
#define SEV_REGION_NAME_MAX	96

struct sev_region {
	uint64_t gpa, len;
	unsigned int rank;
	char what[SEV_REGION_NAME_MAX];	/* "kernel", "PML4+PDPT", ... */
};

struct sev_regions {
	struct sev_region *r;
	unsigned int nr, cap;
	int error;		/* -ENOMEM from a failed add, reported later */
	unsigned int rank;	/* of the regions added from now on */
};

void sev_regions_init(struct sev_regions *s);
void sev_regions_free(struct sev_regions *s);
/* Adds [gpa, gpa+len) widened to 16 bytes; merges overlapping or adjacent ranges. */
int sev_regions_add(struct sev_regions *s, uint64_t gpa, uint64_t len, const char *what);
uint64_t sev_regions_bytes(const struct sev_regions *s);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What one launch measured, item by item, in measurement order: each
 * LAUNCH_UPDATE_DATA region (GPA, length, what sevvm wrote there, SHA-256,
 * and the bytes themselves when the region is small) and each SEV-ES VMSA
 * page. `sevvm measure --explain` compares two of them: the launch a
 * launch log or a --dump-measured directory describes, and the one the
 * owner expected.
 */
#ifndef SEVVM_SEV_MEASURED_H
#define SEVVM_SEV_MEASURED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "sev/regions.h"
#include "sev/vmsa.h"
#include "vmm/util/err.h"

/*
 * Regions up to this length keep (and the launch log records) their
 * bytes: the kernel hashes table, the command line, the zero page, page
 * tables. Larger ones (firmware, kernel, initrd) only their SHA-256.
 */
#define SEV_MEASURED_DATA_MAX	4096
/* A bound for what an outside log may describe (regions plus VMSAs). */
#define SEV_MEASURED_ITEMS_MAX	4096

enum sev_measured_kind { SEV_MEASURED_REGION, SEV_MEASURED_VMSA };

struct sev_measured_item {
	enum sev_measured_kind kind;
	uint64_t gpa, len;		/* a VMSA: gpa 0, len SEV_VMSA_PAGE */
	unsigned int cpu;		/* a VMSA's vCPU */
	char what[SEV_REGION_NAME_MAX];	/* "kernel", "zero page", "VMSA" */
	uint8_t sha256[32];
	uint8_t *data;			/* len bytes, or NULL: not kept */
};

struct sev_measured {
	struct sev_measured_item *items;
	unsigned int nr, cap;
	bool have_digest;
	uint8_t digest[32];		/* the launch digest, when known */
	char mode[8];			/* "sev", "sev-es"; "" when not known */
	char init[8];			/* "init2", "legacy"; "" when not known */
};

void sev_measured_init(struct sev_measured *m);
void sev_measured_free(struct sev_measured *m);
/* Appends a region: hashes @bytes and keeps a copy up to SEV_MEASURED_DATA_MAX. */
int sev_measured_add_region(struct sev_measured *m, uint64_t gpa, uint64_t len, const char *what,
			    const void *bytes, struct err *e);
/* Appends a region known only by its hash (and @data, @len bytes, or NULL). */
int sev_measured_add_hashed(struct sev_measured *m, uint64_t gpa, uint64_t len, const char *what,
			    const uint8_t sha256[32], const uint8_t *data, struct err *e);
int sev_measured_add_vmsa(struct sev_measured *m, unsigned int cpu,
			  const uint8_t page[SEV_VMSA_PAGE], struct err *e);

/*
 * Creates DIR/NAME of a --dump-measured directory (DIR is made on first
 * use; an existing one is fine). NULL with @e set on failure.
 */
FILE *sev_dump_open(const char *dir, const char *name, struct err *e);

/*
 * Reads a --dump-measured directory: measured.bin and vmsa-cpu0.bin,
 * vmsa-cpu1.bin, ... A dump has no region boundaries: measured.bin is cut
 * where @layout's regions are (the expected launch), and what is left
 * over becomes a region of its own. The digest is that of the files.
 */
int sev_measured_read_dump(struct sev_measured *m, const char *dir,
			   const struct sev_measured *layout, struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every field of the SEV-ES VMSA page by its APM name (AMD64 APM vol. 2,
 * table B-4 "VMSA Layout, State Save Area for SEV-ES"; the names as Linux
 * spells them in struct sev_es_save_area), with its offset and size, for
 * telling which fields of two VMSAs differ. The table covers the page:
 * reserved ranges and the bytes past the save area are entries too.
 */
#ifndef SEVVM_SEV_VMSA_FIELDS_H
#define SEVVM_SEV_VMSA_FIELDS_H

#include <stddef.h>
#include <stdint.h>

struct sev_vmsa_field {
	const char *name;	/* "cs.base", "rip", "x87_fcw", "reserved" */
	uint16_t off, size;	/* bytes; the fields are consecutive */
};

/* The fields in offset order, *@nr of them. */
const struct sev_vmsa_field *sev_vmsa_fields(size_t *nr);
/* The field holding byte @off of the page (@off < SEV_VMSA_PAGE). */
const struct sev_vmsa_field *sev_vmsa_field_at(size_t off);

#endif

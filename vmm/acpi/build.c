// SPDX-License-Identifier: GPL-2.0
/* The table set, the common header, and the root tables: XSDT and RSDP. */
#include "vmm/acpi/tables.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void acpi_header_fill(struct acpi_header *h, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = rev;
	h->checksum = 0;
	memcpy(h->oem_id, ACPI_OEM_ID, 6);
	memcpy(h->oem_table_id, ACPI_OEM_TABLE_ID, 8);
	h->oem_revision = ACPI_OEM_REVISION;
	memcpy(h->creator_id, ACPI_CREATOR_ID, 4);
	h->creator_revision = ACPI_CREATOR_REVISION;
}

size_t acpi_add_table(struct acpi_linker *l, const void *table, size_t len)
{
	size_t off = acpi_blob_alloc(l, ACPI_FILE_TABLES, len, 8);

	if (off == SIZE_MAX)
		return off;
	memcpy(l->file[ACPI_FILE_TABLES].data + off, table, len);
	acpi_linker_add_checksum(l, ACPI_FILE_TABLES,
				 (uint32_t)(off + offsetof(struct acpi_header, checksum)),
				 (uint32_t)off, (uint32_t)len);
	return off;
}

/* XSDT (ACPI 6.4, 5.2.8): 64-bit pointers to every table but the DSDT and FACS. */
static size_t build_xsdt(struct acpi_linker *l, const size_t *tables, unsigned int n)
{
	struct {
		struct acpi_header h;
		uint64_t entry[2];
	} __attribute__((packed)) xsdt = { .entry = { 0 } };
	size_t len = sizeof(xsdt.h) + n * sizeof(uint64_t), off;
	unsigned int i;

	acpi_header_fill(&xsdt.h, "XSDT", (uint32_t)len, 1);
	off = acpi_add_table(l, &xsdt, len);
	for (i = 0; off != SIZE_MAX && i < n; i++)
		acpi_linker_add_pointer(l, ACPI_FILE_TABLES,
					(uint32_t)(off + sizeof(xsdt.h) + i * sizeof(uint64_t)), 8,
					ACPI_FILE_TABLES, (uint32_t)tables[i]);
	return off;
}

/* RSDP (5.2.5.3), revision 2: the XSDT only, no RSDT. */
static void build_rsdp(struct acpi_linker *l, size_t xsdt)
{
	struct acpi_rsdp rsdp = {
		.signature = "RSD PTR ", .revision = 2, .length = sizeof(rsdp),
	};
	size_t off;

	memcpy(rsdp.oem_id, ACPI_OEM_ID, 6);
	off = acpi_blob_append(l, ACPI_FILE_RSDP, &rsdp, sizeof(rsdp));
	if (off == SIZE_MAX)
		return;
	acpi_linker_add_pointer(l, ACPI_FILE_RSDP, offsetof(struct acpi_rsdp, xsdt_address), 8,
				ACPI_FILE_TABLES, (uint32_t)xsdt);
	acpi_linker_add_checksum(l, ACPI_FILE_RSDP, offsetof(struct acpi_rsdp, checksum), 0, 20);
	acpi_linker_add_checksum(l, ACPI_FILE_RSDP,
				 offsetof(struct acpi_rsdp, extended_checksum), 0, sizeof(rsdp));
}

int acpi_build(struct acpi_linker *l, const struct acpi_config *cfg, struct err *e)
{
	size_t facs, dsdt, listed[2], xsdt;

	acpi_linker_init(l);
	if (!cfg->ncpus || cfg->ncpus > ACPI_MAX_CPUS - 1)
		return err_set(e, EINVAL, "ACPI: %u CPUs (1..%d)", cfg->ncpus, ACPI_MAX_CPUS - 1);
	facs = acpi_build_facs(l);
	dsdt = acpi_build_dsdt(l, cfg);
	listed[0] = acpi_build_fadt(l, facs, dsdt);
	listed[1] = acpi_build_madt(l, cfg);
	xsdt = build_xsdt(l, listed, 2);
	build_rsdp(l, xsdt);
	if (l->error) {
		int r = l->error;

		acpi_linker_free(l);
		return err_set(e, -r, "ACPI: building the tables failed");
	}
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the table builders of vmm/acpi/: one file per table group. */
#ifndef SEVVM_ACPI_TABLES_H
#define SEVVM_ACPI_TABLES_H

#include <stddef.h>
#include "vmm/acpi/acpi.h"
#include "vmm/acpi/acpi_abi.h"

/* Fills a table header: signature, length, revision and sevvm's OEM fields. */
void acpi_header_fill(struct acpi_header *h, const char *sig, uint32_t len, uint8_t rev);
/*
 * Appends a table (its header already filled, checksum 0) to the tables
 * blob, 8-byte aligned, with the command that computes its checksum.
 * Returns its offset in the blob (SIZE_MAX after a failure, in l->error).
 */
size_t acpi_add_table(struct acpi_linker *l, const void *table, size_t len);

/* Each returns the table's offset in the tables blob, SIZE_MAX on failure. */
size_t acpi_build_facs(struct acpi_linker *l);
size_t acpi_build_dsdt(struct acpi_linker *l, const struct acpi_config *cfg);
size_t acpi_build_fadt(struct acpi_linker *l, size_t facs, size_t dsdt);
size_t acpi_build_madt(struct acpi_linker *l, const struct acpi_config *cfg);

#endif

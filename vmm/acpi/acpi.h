/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ACPI tables that describe sevvm's machine: RSDP, XSDT, FADT, FACS,
 * MADT and DSDT (no MCFG: sevvm has no PCIe ECAM, only configuration
 * mechanism 1). They are built once as QEMU's linker/loader blobs
 * (vmm/acpi/linker.h) and then placed for the boot path in use.
 */
#ifndef SEVVM_ACPI_H
#define SEVVM_ACPI_H

#include <stdint.h>
#include "vmm/acpi/linker.h"
#include "vmm/util/err.h"
#include "vmm/util/ram.h"

/* The CPU limit of the MADT's local APIC entries (8-bit APIC IDs, 0xff broadcast). */
#define ACPI_MAX_CPUS	255

struct acpi_config {
	unsigned int ncpus;	/* APIC IDs 0..ncpus-1; the IOAPIC gets ID ncpus */
	/* The PCI memory window's base (pci_mmio_base_for()); 0: PCI_MMIO_WINDOW. */
	uint64_t pci_mmio_base;
};

/* Builds every table into @l (initialised here; acpi_linker_free() after). */
int acpi_build(struct acpi_linker *l, const struct acpi_config *cfg, struct err *e);

/*
 * Direct boot: builds the tables and places them in the BIOS area that e820
 * reserves (GUEST_ACPI_RSDP, GUEST_ACPI_TABLES), where the RSDP scan of the
 * 0xE0000-0xFFFFF range finds them, noting the writes as the MP table does
 * (measured under SEV). boot_params.acpi_rsdp_addr names GUEST_ACPI_RSDP.
 */
int acpi_write_direct(struct ram *ram, const struct acpi_config *cfg, struct err *e);

#endif

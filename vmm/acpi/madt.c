// SPDX-License-Identifier: GPL-2.0
/*
 * MADT (ACPI 6.4, 5.2.12): the interrupt routing the MP table describes
 * (vmm/mptable.c), in ACPI's terms.
 */
#include "vmm/acpi/tables.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "devices/acpi_pm.h"
#include "vmm/layout.h"

size_t acpi_build_madt(struct acpi_linker *l, const struct acpi_config *cfg)
{
	size_t len = sizeof(struct acpi_madt) + cfg->ncpus * sizeof(struct acpi_madt_lapic) +
		     sizeof(struct acpi_madt_ioapic) + sizeof(struct acpi_madt_iso) +
		     sizeof(struct acpi_madt_lapic_nmi), off;
	uint8_t *t = calloc(1, len), *p;
	struct acpi_madt *m = (struct acpi_madt *)t;
	unsigned int i;

	if (!t) {
		l->error = l->error ? l->error : -ENOMEM;
		return SIZE_MAX;
	}
	acpi_header_fill(&m->h, "APIC", (uint32_t)len, 4);
	m->lapic_address = (uint32_t)GUEST_LAPIC_ADDR;
	m->flags = ACPI_MADT_PCAT_COMPAT;
	p = (uint8_t *)(m + 1);
	for (i = 0; i < cfg->ncpus; i++) {
		struct acpi_madt_lapic lapic = {
			.type = ACPI_MADT_LAPIC, .length = sizeof(lapic),
			.processor_uid = (uint8_t)i, .apic_id = (uint8_t)i,
			.flags = ACPI_MADT_ENABLED,
		};

		memcpy(p, &lapic, sizeof(lapic));
		p += sizeof(lapic);
	}
	struct acpi_madt_ioapic ioapic = {
		.type = ACPI_MADT_IOAPIC, .length = sizeof(ioapic),
		.ioapic_id = (uint8_t)cfg->ncpus, .address = (uint32_t)GUEST_IOAPIC_ADDR,
		.gsi_base = 0,
	};
	memcpy(p, &ioapic, sizeof(ioapic));
	p += sizeof(ioapic);
	/*
	 * The MP table sends ISA IRQ n to IOAPIC pin n, edge-triggered and
	 * active high: ACPI's default for ISA interrupts (5.2.12.5), so those
	 * need no override. The SCI is the exception: a level-triggered,
	 * active-high line, as the PM device drives it through KVM_IRQ_LINE.
	 */
	struct acpi_madt_iso sci = {
		.type = ACPI_MADT_ISO, .length = sizeof(sci), .bus = 0,
		.source = ACPI_SCI_IRQ, .gsi = ACPI_SCI_IRQ,
		.flags = ACPI_MPS_ACTIVE_HIGH | ACPI_MPS_LEVEL,
	};
	memcpy(p, &sci, sizeof(sci));
	p += sizeof(sci);
	/* LINT1 is the NMI on every local APIC, as the MP table's LINT entry says. */
	struct acpi_madt_lapic_nmi nmi = {
		.type = ACPI_MADT_LAPIC_NMI, .length = sizeof(nmi),
		.processor_uid = 0xff, .flags = 0, .lint = 1,
	};
	memcpy(p, &nmi, sizeof(nmi));
	off = acpi_add_table(l, t, len);
	free(t);
	return off;
}

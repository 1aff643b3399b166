// SPDX-License-Identifier: GPL-2.0
/*
 * DSDT (ACPI 6.4, 5.2.11.1) in AML: the S5 sleep state, the PCI root
 * bridge with the resources sevvm decodes for it and its interrupt routing,
 * and COM1. It is what iasl would make of:
 *
 *   DefinitionBlock ("", "DSDT", 2, "SEVVM ", "SEVVM   ", 1) {
 *     Name (\_S5, Package (4) { 7, 0, 0, 0 })
 *     Scope (\_SB) {
 *       Device (PCI0) {
 *         Name (_HID, EisaId ("PNP0A03"))
 *         Name (_UID, 0)
 *         Name (_CRS, ResourceTemplate () {
 *           WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode,
 *                          0, 0, 0, 0, 1)
 *           IO (Decode16, 0x0CF8, 0x0CF8, 1, 8)
 *           WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange,
 *                   0, 0x0600, 0x063F, 0, 0x40)
 *           DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed,
 *                        NonCacheable, ReadWrite, 0, 0x80000000, 0xFBFFFFFF,
 *                        0, 0x7C000000)      (the base depends on the RAM size)
 *         })
 *         Name (_PRT, Package (31) { Package (4) { 0x1FFFF, 0, 0, 17 }, ... })
 *       }
 *       Device (COM1) {
 *         Name (_HID, EisaId ("PNP0501"))
 *         Name (_UID, 1)
 *         Name (_CRS, ResourceTemplate () { IO (Decode16, 0x3F8, 0x3F8, 0, 8)
 *                                           IRQNoFlags () { 4 } })
 *       }
 *     }
 *   }
 */
#include "vmm/acpi/tables.h"

#include <string.h>
#include "devices/acpi_pm.h"
#include "devices/pci.h"
#include "devices/piix.h"
#include "devices/uart8250.h"
#include "vmm/acpi/aml.h"

/* \_S5: SLP_TYP for PM1a and PM1b, then two reserved values (7.4.2). */
static void sleep_states(struct aml *a)
{
	size_t m;

	aml_name_decl(a, "\\_S5");
	m = aml_open_package(a, 4);
	aml_integer(a, ACPI_SLP_TYP_S5);
	aml_integer(a, 0);
	aml_integer(a, 0);
	aml_integer(a, 0);
	aml_close(a, m);
}

/*
 * What sevvm's host bridge decodes: bus 0 only, configuration mechanism 1
 * at 0xcf8 (devices/pci.h), and the memory window the virtio BARs live in,
 * where sevvm or OVMF put them. The only I/O window is the PIIX4's PM block
 * (devices/piix.h), which Linux's PIIX4 quirk claims below the root bus: no
 * device has an I/O BAR.
 */
static void pci_root_resources(struct aml *a, const struct acpi_config *cfg)
{
	uint64_t base = cfg->pci_mmio_base ? cfg->pci_mmio_base : PCI_MMIO_WINDOW;
	size_t m;

	aml_name_decl(a, "_CRS");
	m = aml_open_resources(a);
	aml_res_word_bus(a, 0, 0);
	aml_res_io(a, PCI_CONFIG_ADDR, PCI_CONFIG_ADDR, 1, 8);
	aml_res_word_io(a, ACPI_PM_BASE, ACPI_PM_BASE + PIIX4_PM_IO_LEN - 1);
	aml_res_dword_memory(a, (uint32_t)base, (uint32_t)(PCI_MMIO_END - 1));
	aml_close_resources(a, m);
}

/*
 * _PRT (6.2.13): INTA# of slot s goes to GSI PCI_SLOT_INTX_PIN(s), as in the
 * MP table. An entry: address (slot << 16 | 0xffff: any function), pin
 * (0 = INTA#), source (0: a GSI, not a link device), GSI.
 */
static void pci_routing(struct aml *a)
{
	unsigned int slot;
	size_t m, e;

	aml_name_decl(a, "_PRT");
	m = aml_open_package(a, PCI_MAX_DEVICES - 1);
	for (slot = 1; slot < PCI_MAX_DEVICES; slot++) {
		e = aml_open_package(a, 4);
		aml_integer(a, (uint64_t)slot << 16 | 0xffff);
		aml_integer(a, 0);
		aml_integer(a, 0);
		aml_integer(a, PCI_SLOT_INTX_PIN(slot));
		aml_close(a, e);
	}
	aml_close(a, m);
}

static void pci_root(struct aml *a, const struct acpi_config *cfg)
{
	size_t m = aml_open_device(a, "PCI0");

	aml_name_decl(a, "_HID");
	aml_eisaid(a, "PNP0A03");
	aml_name_decl(a, "_UID");
	aml_integer(a, 0);
	pci_root_resources(a, cfg);
	pci_routing(a);
	aml_close(a, m);
}

static void com1(struct aml *a)
{
	size_t m = aml_open_device(a, "COM1"), r;

	aml_name_decl(a, "_HID");
	aml_eisaid(a, "PNP0501");
	aml_name_decl(a, "_UID");
	aml_integer(a, 1);
	aml_name_decl(a, "_CRS");
	r = aml_open_resources(a);
	aml_res_io(a, UART_COM1_BASE, UART_COM1_BASE, 0, 8);
	aml_res_irq_noflags(a, 1u << UART_COM1_IRQ);
	aml_close_resources(a, r);
	aml_close(a, m);
}

size_t acpi_build_dsdt(struct acpi_linker *l, const struct acpi_config *cfg)
{
	struct acpi_header h = { .length = 0 };
	struct aml a;
	size_t m, off = SIZE_MAX;

	aml_init(&a);
	aml_bytes(&a, &h, sizeof(h));	/* filled in once the length is known */
	sleep_states(&a);
	m = aml_open_scope(&a, "\\_SB");
	pci_root(&a, cfg);
	com1(&a);
	aml_close(&a, m);
	if (a.error) {
		l->error = l->error ? l->error : a.error;
	} else {
		/* Revision 2: AML integers are 64 bits wide. */
		acpi_header_fill(&h, "DSDT", (uint32_t)a.len, 2);
		memcpy(a.buf, &h, sizeof(h));
		off = acpi_add_table(l, a.buf, a.len);
	}
	aml_free(&a);
	return off;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * FACS (ACPI 6.4, 5.2.10) and FADT (5.2.9): where the PM device's
 * registers are (devices/acpi_pm.h), the SCI, and the reset register.
 */
#include "vmm/acpi/tables.h"

#include <string.h>
#include "devices/acpi_pm.h"
#include "devices/pci.h"

size_t acpi_build_facs(struct acpi_linker *l)
{
	struct acpi_facs facs = { .signature = "FACS", .length = sizeof(facs), .version = 2 };
	size_t off = acpi_blob_alloc(l, ACPI_FILE_TABLES, sizeof(facs), 64);

	if (off != SIZE_MAX)
		memcpy(l->file[ACPI_FILE_TABLES].data + off, &facs, sizeof(facs));
	return off;
}

static struct acpi_gas io_gas(uint16_t port, uint8_t bits, uint8_t access)
{
	return (struct acpi_gas){ .space_id = ACPI_GAS_SYSTEM_IO, .bit_width = bits,
				  .access_size = access, .address = port };
}

size_t acpi_build_fadt(struct acpi_linker *l, size_t facs, size_t dsdt)
{
	struct acpi_fadt f = {
		.sci_int = ACPI_SCI_IRQ,
		/* SMI_CMD 0: the machine is always in ACPI mode, SCI_EN reads 1. */
		.smi_cmd = 0,
		.pm1a_evt_blk = ACPI_PM_BASE + ACPI_PM1_STS,
		.pm1a_cnt_blk = ACPI_PM_BASE + ACPI_PM1_CNT,
		.pm_tmr_blk = ACPI_PM_BASE + ACPI_PM_TMR,
		.pm1_evt_len = ACPI_PM1_EVT_LEN,
		.pm1_cnt_len = ACPI_PM1_CNT_LEN,
		.pm_tmr_len = ACPI_PM_TMR_LEN,
		/* No C2 or C3 state: latencies above 100 and 1000 us (5.2.9). */
		.p_lvl2_lat = 0x0fff,
		.p_lvl3_lat = 0x0fff,
		.iapc_boot_arch = ACPI_IAPC_LEGACY_DEVICES | ACPI_IAPC_8042,
		.flags = ACPI_FADT_WBINVD | ACPI_FADT_C1_SUPPORTED | ACPI_FADT_PWR_BUTTON |
			 ACPI_FADT_SLP_BUTTON | ACPI_FADT_RESET_REG_SUP,
		.reset_reg = io_gas(PCI_RESET_CONTROL_PORT, 8, ACPI_GAS_ACCESS_BYTE),
		.reset_value = PCI_RESET_CONTROL_RESET,
		.minor_version = 0,
		.x_pm1a_evt_blk = io_gas(ACPI_PM_BASE + ACPI_PM1_STS, 8 * ACPI_PM1_EVT_LEN,
					 ACPI_GAS_ACCESS_WORD),
		.x_pm1a_cnt_blk = io_gas(ACPI_PM_BASE + ACPI_PM1_CNT, 8 * ACPI_PM1_CNT_LEN,
					 ACPI_GAS_ACCESS_WORD),
		.x_pm_tmr_blk = io_gas(ACPI_PM_BASE + ACPI_PM_TMR, 8 * ACPI_PM_TMR_LEN,
				       ACPI_GAS_ACCESS_DWORD),
	};
	size_t off;

	acpi_header_fill(&f.h, "FACP", sizeof(f), 6);
	off = acpi_add_table(l, &f, sizeof(f));
	if (off == SIZE_MAX)
		return off;
	/* Both are below 4 GiB: the 32-bit fields, and X_DSDT as ACPI 6 wants. */
	acpi_linker_add_pointer(l, ACPI_FILE_TABLES,
				(uint32_t)(off + offsetof(struct acpi_fadt, firmware_ctrl)), 4,
				ACPI_FILE_TABLES, (uint32_t)facs);
	acpi_linker_add_pointer(l, ACPI_FILE_TABLES,
				(uint32_t)(off + offsetof(struct acpi_fadt, dsdt)), 4,
				ACPI_FILE_TABLES, (uint32_t)dsdt);
	acpi_linker_add_pointer(l, ACPI_FILE_TABLES,
				(uint32_t)(off + offsetof(struct acpi_fadt, x_dsdt)), 8,
				ACPI_FILE_TABLES, (uint32_t)dsdt);
	return off;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI PM I/O block of QEMU's chipsets, as SeaBIOS and OVMF set it up:
 * QEMU builds its FADT (PM1a, PM timer) from the base in the chipset's PCI
 * configuration when the firmware first reads etc/table-loader, and decodes
 * the block only once enabled. A block already enabled stays where it is,
 * as OVMF's PlatformMiscInitialization does: sevvm hands over its PIIX4
 * function enabled at the base its FADT names (devices/piix.h).
 *
 *   PIIX4 power management, 00:01.3 (8086:7113): PMBA at 0x40, PMIOSE
 *     (bit 0 of PMREGMISC, 0x80) enables it (PIIX4 datasheet 3.4.2).
 *   ICH9 LPC bridge, 00:1f.0 (8086:2918): PMBASE at 0x40, ACPI_EN (bit 7
 *     of ACPI_CNTL, 0x44) enables it (ICH9 datasheet 13.1).
 */
#include "firmware/boot.h"

#define PCI_CONFIG_ADDR		0xcf8
#define PCI_CONFIG_DATA		0xcfc

#define PIIX4_PM_BDF		(0u << 16 | 1u << 11 | 3u << 8)
#define PIIX4_PM_ID		0x71138086u
#define PIIX4_PMBA		0x40
#define PIIX4_PMREGMISC		0x80
#define PIIX4_PMIOSE		0x01u
#define PIIX4_PM_BASE		0xb000u	/* SeaBIOS's and OVMF's choice */

#define ICH9_LPC_BDF		(0u << 16 | 31u << 11 | 0u << 8)
#define ICH9_LPC_ID		0x29188086u
#define ICH9_PMBASE		0x40
#define ICH9_ACPI_CNTL		0x44
#define ICH9_ACPI_EN		0x80u
#define ICH9_PM_BASE		0x600u	/* QEMU's q35 and OVMF's */

static uint32_t cfg_read(struct fw *fw, uint32_t bdf, uint8_t reg)
{
	io_out32(fw, PCI_CONFIG_ADDR, 0x80000000u | bdf | reg);
	return io_in32(fw, PCI_CONFIG_DATA);
}

static void cfg_write(struct fw *fw, uint32_t bdf, uint8_t reg, uint32_t v)
{
	io_out32(fw, PCI_CONFIG_ADDR, 0x80000000u | bdf | reg);
	io_out32(fw, PCI_CONFIG_DATA, v);
}

static void enable(struct fw *fw, uint32_t bdf, uint8_t base_reg, uint32_t base,
		   uint8_t en_reg, uint32_t en_bit, const char *what)
{
	if (cfg_read(fw, bdf, en_reg) & en_bit) {
		base = cfg_read(fw, bdf, base_reg) & 0xfffeu;	/* bit 0: I/O space */
		fw_print(fw, "%s: ACPI PM I/O at %#x, as enabled", what, base);
		return;
	}
	cfg_write(fw, bdf, base_reg, base | 1);
	cfg_write(fw, bdf, en_reg, cfg_read(fw, bdf, en_reg) | en_bit);
	fw_print(fw, "%s: ACPI PM I/O at %#x", what, base);
}

void chipset_pm_enable(struct fw *fw)
{
	if (cfg_read(fw, PIIX4_PM_BDF, 0) == PIIX4_PM_ID)
		enable(fw, PIIX4_PM_BDF, PIIX4_PMBA, PIIX4_PM_BASE, PIIX4_PMREGMISC, PIIX4_PMIOSE,
		       "PIIX4");
	else if (cfg_read(fw, ICH9_LPC_BDF, 0) == ICH9_LPC_ID)
		enable(fw, ICH9_LPC_BDF, ICH9_PMBASE, ICH9_PM_BASE, ICH9_ACPI_CNTL, ICH9_ACPI_EN,
		       "ICH9");
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Table layouts of the ACPI specification 6.4 that sevvm builds: the
 * RSDP (5.2.5.3), the common header (5.2.6), the Generic Address Structure
 * (5.2.3.2), the FADT (5.2.9), the FACS (5.2.10) and the MADT (5.2.12).
 * Every multi-byte field is little-endian; x86 hosts need no swapping.
 */
#ifndef SEVVM_ACPI_ABI_H
#define SEVVM_ACPI_ABI_H

#include <stdint.h>

#define ACPI_OEM_ID		"SEVVM "	/* 6 characters */
#define ACPI_OEM_TABLE_ID	"SEVVM   "	/* 8 characters */
#define ACPI_OEM_REVISION	1
#define ACPI_CREATOR_ID		"SVVM"
#define ACPI_CREATOR_REVISION	1

struct acpi_rsdp {
	char signature[8];		/* "RSD PTR " */
	uint8_t checksum;		/* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision;		/* 2: ACPI 2.0+, with the XSDT */
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum;	/* over all 36 bytes */
	uint8_t reserved[3];
} __attribute__((packed));

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} __attribute__((packed));

/* Generic Address Structure: address spaces and access sizes. */
#define ACPI_GAS_SYSTEM_IO	1
#define ACPI_GAS_ACCESS_BYTE	1
#define ACPI_GAS_ACCESS_WORD	2
#define ACPI_GAS_ACCESS_DWORD	3

struct acpi_gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));

/* FADT flags (table 5.10). */
#define ACPI_FADT_WBINVD	(1u << 0)
#define ACPI_FADT_C1_SUPPORTED	(1u << 2)
#define ACPI_FADT_PWR_BUTTON	(1u << 4)	/* no fixed-feature power button */
#define ACPI_FADT_SLP_BUTTON	(1u << 5)	/* no fixed-feature sleep button */
#define ACPI_FADT_RESET_REG_SUP	(1u << 10)

/* IA-PC boot architecture flags (table 5.11). */
#define ACPI_IAPC_LEGACY_DEVICES	(1u << 0)
#define ACPI_IAPC_8042			(1u << 1)

/* FADT revision 6 (ACPI 6.0 and later), 276 bytes. */
struct acpi_fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t reserved0;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk;
	uint32_t pm2_cnt_blk, pm_tmr_blk, gpe0_blk, gpe1_blk;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat;
	uint16_t flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl;
	uint64_t x_dsdt;
	struct acpi_gas x_pm1a_evt_blk, x_pm1b_evt_blk, x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk, x_pm_tmr_blk, x_gpe0_blk, x_gpe1_blk;
	struct acpi_gas sleep_control_reg, sleep_status_reg;
	uint64_t hypervisor_vendor_id;
} __attribute__((packed));

_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP is 36 bytes");
_Static_assert(sizeof(struct acpi_header) == 36, "table header is 36 bytes");
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT revision 6 is 276 bytes");

/* FACS: 64 bytes, 64-byte aligned, no checksum. */
struct acpi_facs {
	char signature[4];
	uint32_t length;
	uint32_t hardware_signature;
	uint32_t firmware_waking_vector;
	uint32_t global_lock;
	uint32_t flags;
	uint64_t x_firmware_waking_vector;
	uint8_t version;
	uint8_t reserved0[3];
	uint32_t ospm_flags;
	uint8_t reserved1[24];
} __attribute__((packed));

_Static_assert(sizeof(struct acpi_facs) == 64, "FACS is 64 bytes");

/* MADT (signature "APIC") and its interrupt controller structures. */
#define ACPI_MADT_PCAT_COMPAT	(1u << 0)	/* dual 8259s present */
#define ACPI_MADT_LAPIC		0
#define ACPI_MADT_IOAPIC	1
#define ACPI_MADT_ISO		2
#define ACPI_MADT_LAPIC_NMI	4
#define ACPI_MADT_ENABLED	(1u << 0)
/* MPS INTI flags (table 5.26): polarity in bits 0-1, trigger mode in 2-3. */
#define ACPI_MPS_ACTIVE_HIGH	0x1
#define ACPI_MPS_LEVEL		0xc
#define ACPI_MPS_EDGE		0x4

struct acpi_madt {
	struct acpi_header h;
	uint32_t lapic_address;
	uint32_t flags;
} __attribute__((packed));

struct acpi_madt_lapic {
	uint8_t type, length;
	uint8_t processor_uid, apic_id;
	uint32_t flags;
} __attribute__((packed));

struct acpi_madt_ioapic {
	uint8_t type, length;
	uint8_t ioapic_id, reserved;
	uint32_t address;
	uint32_t gsi_base;
} __attribute__((packed));

struct acpi_madt_iso {
	uint8_t type, length;
	uint8_t bus, source;
	uint32_t gsi;
	uint16_t flags;
} __attribute__((packed));

struct acpi_madt_lapic_nmi {
	uint8_t type, length;
	uint8_t processor_uid;		/* 0xff: every processor */
	uint16_t flags;
	uint8_t lint;
} __attribute__((packed));

#endif

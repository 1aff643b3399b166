/* SPDX-License-Identifier: GPL-2.0 */
/* Loading and starting Linux: the parts of the firmware that main.c strings together. */
#ifndef FW_BOOT_H
#define FW_BOOT_H

#include "firmware/fw.h"
#include "firmware/hash_table.h"

struct linux_image {
	uint64_t setup_size, kernel_size, initrd_size, cmdline_size;
	uint64_t kernel_addr, initrd_addr;
	struct kernel_hashes got;	/* SHA-256 of what was loaded */
};

/* linux.c: reads setup, kernel, initrd and command line over fw_cfg, hashing each. */
void linux_load(struct fw *fw, struct linux_image *li);
/* linux.c: boot_params and the 64-bit boot protocol entry; does not return. */
__attribute__((noreturn)) void linux_boot(struct fw *fw, const struct linux_image *li);
/*
 * chipset.c: under QEMU, the PM I/O base of the PIIX4 or ICH9 programmed
 * and decoded before QEMU builds its FADT from it; nothing on sevvm.
 */
void chipset_pm_enable(struct fw *fw);
/* acpi.c: the ACPI tables over fw_cfg's etc/table-loader, if the host has them. */
void acpi_install(struct fw *fw);
/* mptable.c */
void mptable_write(struct fw *fw);
/* ap.c: SEV-ES only: the APs check in at the reset block and wait for Linux. */
void ap_start(struct fw *fw);
/* secret.c: reports an injected EFI secret table. */
void secret_report(struct fw *fw);

#endif

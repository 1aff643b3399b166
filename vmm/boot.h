/* SPDX-License-Identifier: GPL-2.0 */
/* Loading what the guest boots and the BSP's entry state. */
#ifndef SEVVM_BOOT_H
#define SEVVM_BOOT_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm/e820.h"
#include "vmm/util/err.h"
#include "vmm/util/ram.h"

enum kernel_format {
	KERNEL_AUTO,	/* bzImage, multiboot or ELF, by magic, in that order */
	KERNEL_BZIMAGE,
	KERNEL_ELF,
	KERNEL_FLAT,	/* raw 64-bit code loaded at GUEST_FLAT_LOAD */
	KERNEL_MULTIBOOT,	/* multiboot v1 (vmm/multiboot.h), 32-bit entry */
};

/* How the guest starts: sevvm loads Linux itself, or firmware does (vmm/boot_fw.h). */
enum boot_mode {
	BOOT_AUTO,	/* firmware for an SEV bzImage launch, direct otherwise */
	BOOT_DIRECT,
	BOOT_FIRMWARE,
};

struct boot_config {
	const char *kernel, *initrd, *cmdline;
	enum kernel_format format;
	enum boot_mode mode;
	const char *firmware;		/* --firmware; NULL: sevvm's embedded firmware */
	const char *hash_table;		/* --hash-table: the owner's kernel hashes table */
	unsigned int ncpus;
	uint64_t cbit_mask;	/* SEV: set in the boot page tables' entries */
};

/*
 * The BSP starts in 64-bit mode with identity-mapped page tables, or for a
 * multiboot kernel in flat 32-bit protected mode with paging off.
 */
struct boot_entry {
	uint64_t rip, rsi, rsp;
	uint64_t rax, rbx;		/* multiboot: magic and information address */
	bool protected32;
	enum kernel_format format;	/* what was loaded */
};

int kernel_format_parse(const char *s, enum kernel_format *f);

/*
 * Settles BOOT_AUTO: --firmware means firmware boot; an SEV or SEV-ES
 * launch of a bzImage boots through sevvm's embedded firmware
 * (vmm/fw_embedded.h) unless --boot direct says otherwise; everything else
 * boots directly.
 */
int boot_resolve(struct boot_config *b, bool sev, struct err *e);
const char *kernel_format_name(enum kernel_format f);

/*
 * Loads kernel (and initrd, command line, zero page) into guest RAM and
 * writes the boot GDT, page tables and MP table and ACPI tables: boot_load_kernel(), then
 * boot_write_tables().
 */
int boot_load(const struct boot_config *cfg, struct ram *ram,
	      const struct e820_map *map, struct boot_entry *entry, struct err *e);
int boot_load_kernel(const struct boot_config *cfg, struct ram *ram,
		     const struct e820_map *map, struct boot_entry *entry, struct err *e);
int boot_write_tables(const struct boot_config *cfg, struct ram *ram, struct err *e);
/*
 * For the loaders (vmm/boot*.c): @size bytes at @off of @fd into guest
 * RAM at @gpa, noted as @what in the RAM's write log.
 */
int boot_load_from_fd(struct ram *ram, int fd, const char *name, uint64_t off,
		      uint64_t gpa, uint64_t size, const char *what, struct err *e);

/*
 * GDT and identity page tables (4 GiB, 2 MiB pages) for the 64-bit entry.
 * Under SEV every entry carries the C-bit (@cbit_mask): the guest reads
 * boot_params and the command line as private, encrypted memory.
 */
int boot64_write_tables(struct ram *ram, uint64_t cbit_mask, struct err *e);

#define BOOT_CS		0x10	/* __BOOT_CS of the 64-bit boot protocol */
#define BOOT_DS		0x18	/* __BOOT_DS */
#define BOOT_TSS	0x20
#define BOOT_GDT_ENTRIES 5

#endif

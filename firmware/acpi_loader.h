/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's ACPI linker/loader ("etc/table-loader", hw/acpi/bios-linker-loader.c,
 * the format OVMF's QemuFwCfgAcpiPlatformDxe reads): ALLOCATE places a
 * fw_cfg file in memory, ADD_POINTER adds one file's address to a pointer
 * inside another, ADD_CHECKSUM fixes a checksum byte. sevvm builds the
 * commands in vmm/acpi/linker.c. Freestanding; the host unit tests build
 * this file too.
 */
#ifndef FW_ACPI_LOADER_H
#define FW_ACPI_LOADER_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_LOADER_ENTRY	128
#define ACPI_LOADER_NAME	56
#define ACPI_LOADER_MAX_FILES	4

struct acpi_loader_file {
	char name[ACPI_LOADER_NAME];	/* NUL-terminated */
	uint8_t *data;			/* where the loader may write it */
	uint64_t addr;			/* where the guest sees it */
	uint32_t size;
};

/* ALLOCATE: places file @name and fills @f (data, addr, size); -1 to fail. */
typedef int (*acpi_loader_alloc_fn)(void *opaque, const char *name, uint32_t align,
				    uint8_t zone, struct acpi_loader_file *f);

struct acpi_loader {
	struct acpi_loader_file file[ACPI_LOADER_MAX_FILES];
	unsigned int nr;
	unsigned int bad_entry;		/* the command a failure names */
	const char *why;		/* what was wrong with it */
};

/*
 * Runs @len bytes of commands (whole 128-byte entries). Every pointer and
 * range is checked against its file; 0, or -1 with l->bad_entry and l->why.
 */
int acpi_loader_run(struct acpi_loader *l, const uint8_t *cmds, size_t len,
		    acpi_loader_alloc_fn alloc, void *opaque);
/* The file named @name after a run, or NULL. */
const struct acpi_loader_file *acpi_loader_file(const struct acpi_loader *l, const char *name);

#endif

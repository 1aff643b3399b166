/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables as QEMU hands them to firmware: two blobs ("etc/acpi/tables"
 * and "etc/acpi/rsdp") whose pointers hold offsets into a blob, plus the
 * linker/loader commands ("etc/table-loader") that say where those pointers
 * are and which checksums to compute once the blobs have addresses.
 *
 * sevvm builds its tables once in this form. Firmware boot would pass the
 * blobs and the commands over fw_cfg; direct boot runs the same commands
 * itself (acpi_linker_apply()) for the addresses it chose.
 */
#ifndef SEVVM_ACPI_LINKER_H
#define SEVVM_ACPI_LINKER_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

enum acpi_file {
	ACPI_FILE_TABLES,	/* every table, FACS first (64-byte aligned) */
	ACPI_FILE_RSDP,		/* the RSDP alone, for the 0xE0000-0xFFFFF scan area */
	ACPI_FILES,
};

#define ACPI_LINKER_MAX_POINTERS	16
#define ACPI_LINKER_MAX_CHECKSUMS	16

/* Adds the address of blob @src to the @size-byte value at @dst + @offset. */
struct acpi_pointer {
	enum acpi_file dst, src;
	uint32_t offset;
	uint8_t size;		/* 4 or 8 */
};

/* Sets the byte at @offset so that bytes [@start, @start + @len) sum to 0. */
struct acpi_checksum {
	enum acpi_file file;
	uint32_t offset, start, len;
};

struct acpi_blob {
	uint8_t *data;
	size_t len, cap;
};

struct acpi_linker {
	struct acpi_blob file[ACPI_FILES];
	struct acpi_pointer ptr[ACPI_LINKER_MAX_POINTERS];
	unsigned int nr_ptr;
	struct acpi_checksum csum[ACPI_LINKER_MAX_CHECKSUMS];
	unsigned int nr_csum;
	int error;		/* first failure (-ENOMEM, -ENOSPC); sticky */
};

/* fw_cfg names of the blobs and of the command file. */
const char *acpi_file_name(enum acpi_file f);
#define ACPI_TABLE_LOADER_FILE	"etc/table-loader"

void acpi_linker_init(struct acpi_linker *l);
void acpi_linker_free(struct acpi_linker *l);

/*
 * Appends @len zeroed bytes to blob @f, aligned to @align (a power of two)
 * and returns their offset; the bytes are at l->file[f].data + offset.
 * On failure records l->error and returns SIZE_MAX.
 */
size_t acpi_blob_alloc(struct acpi_linker *l, enum acpi_file f, size_t len, size_t align);
/* Copies @len bytes to the end of blob @f. */
size_t acpi_blob_append(struct acpi_linker *l, enum acpi_file f, const void *p, size_t len);

void acpi_linker_add_pointer(struct acpi_linker *l, enum acpi_file dst, uint32_t offset,
			     uint8_t size, enum acpi_file src, uint32_t src_offset);
void acpi_linker_add_checksum(struct acpi_linker *l, enum acpi_file f, uint32_t offset,
			      uint32_t start, uint32_t len);

/*
 * Runs the commands: copies each blob to out[f], which the guest sees at
 * addr[f], patches the pointers and computes the checksums. Fails with a
 * message naming the command when a pointer or range leaves its blob or an
 * address does not fit its pointer.
 */
int acpi_linker_apply(const struct acpi_linker *l, const uint64_t addr[ACPI_FILES],
		      uint8_t *const out[ACPI_FILES], struct err *e);

/*
 * QEMU's linker/loader command file (hw/acpi/bios-linker-loader.c, and
 * OVMF's QemuFwCfgAcpiPlatformDxe that reads it): 128-byte entries of
 * ALLOCATE (the tables anywhere below 4 GiB, the RSDP in the F segment),
 * ADD_POINTER and ADD_CHECKSUM. Returns a malloc'd buffer of *len bytes.
 */
#define ACPI_LOADER_ENTRY_SIZE	128
#define ACPI_LOADER_FILE_SIZE	56
#define ACPI_LOADER_ALLOCATE	1
#define ACPI_LOADER_ADD_POINTER	2
#define ACPI_LOADER_ADD_CHECKSUM 3
#define ACPI_LOADER_ZONE_HIGH	1
#define ACPI_LOADER_ZONE_FSEG	2
int acpi_linker_commands(const struct acpi_linker *l, uint8_t **buf, size_t *len,
			 struct err *e);

#endif

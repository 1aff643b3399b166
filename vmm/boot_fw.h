/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware boot, as QEMU does it for OVMF and sevvm's own firmware
 * (sev-reference Part A 1.3-1.5, 3): the image mapped to end at 4 GiB,
 * the kernel, initrd and command line handed over through fw_cfg, and the
 * 176-byte table of their hashes written where the image's SEV hash table
 * block says. Under SEV the image is measured first, then the table.
 */
#ifndef SEVVM_BOOT_FW_H
#define SEVVM_BOOT_FW_H

#include <stdbool.h>
#include <stdint.h>
#include "devices/fw_cfg.h"
#include "sev/ovmf.h"
#include "sev/vmsa.h"
#include "vmm/acpi/linker.h"
#include "vmm/e820.h"
#include "vmm/util/err.h"
#include "vmm/util/mapped_file.h"
#include "vmm/util/ram.h"

/* Images that end at 4 GiB without reaching the local APIC page. */
#define FIRMWARE_IMAGE_MAX	(16u << 20)

/*
 * What a launch takes from a firmware image's GUID table: the one
 * derivation `sevvm run` and `sevvm measure` both use.
 */
struct boot_fw_layout {
	struct ovmf_table table;
	bool has_hash_area, has_secret_area;
	struct ovmf_area hash_area, secret_area;
	uint32_t ap_reset_addr;		/* SEV-ES reset block; 0 when absent */
};

/* The launch a layout is read for. */
struct boot_fw_launch {
	const char *firmware;		/* for messages */
	bool kernel;			/* a kernel is handed over (hash table) */
	bool sev, sev_es;
	unsigned int ncpus;
};

/* A firmware image: a file (--firmware) mapped, or the embedded one. */
struct boot_fw_image {
	const char *name;		/* the path, or FW_EMBEDDED_NAME */
	const uint8_t *data;
	size_t len;
	bool embedded;
	struct mapped_file file;	/* unused when embedded */
};

struct boot_fw {
	struct boot_fw_image image;
	struct mapped_file kernel, initrd;
	struct boot_fw_layout layout;
	struct fw_cfg cfg;
	bool cfg_ready;
	char *cmdline;			/* with its NUL, as fw_cfg serves it */
	uint8_t *e820;			/* etc/e820 */
	struct acpi_linker acpi;	/* etc/acpi/tables, etc/acpi/rsdp */
	uint8_t *table_loader;		/* etc/table-loader */
	uint64_t unannounced_dma;	/* SEV DMA let through to unannounced pages */
};

struct boot_fw_config {
	const char *firmware;		/* the image file; NULL: the embedded one */
	const char *kernel, *initrd, *cmdline;
	const char *hash_table;		/* the table to use instead of computing it */
	unsigned int ncpus;
	uint64_t mem_size;
	bool sev;			/* the kernel must be checkable */
	bool sev_es;			/* APs start at the SEV-ES reset block */
};

/*
 * Maps the firmware image file @path, or takes sevvm's embedded firmware
 * when @path is NULL; checks the size either way.
 */
int boot_fw_image_open(const char *path, struct boot_fw_image *img, struct err *e);
void boot_fw_image_close(struct boot_fw_image *img);
/* The image's SHA-256 (OpenSSL EVP), to name it in logs. */
int boot_fw_image_sha256(const struct boot_fw_image *img, uint8_t out[32], struct err *e);

/*
 * Reads @img's GUID table for @launch: under SEV with a kernel the hash
 * table area must be usable, for SEV-ES with APs the reset block must be
 * there; an image without a table is fine where neither is needed.
 */
int boot_fw_read_layout(struct boot_fw_layout *l, const uint8_t *img, size_t len,
			const struct boot_fw_launch *launch, struct err *e);

/*
 * vCPU @idx at RESET as QEMU sets it up for a firmware launch: CPUID(1).EAX
 * @cpu_sig in RDX, and SEV-ES APs at the image's reset block
 * (sev_es_set_reset_vector()).
 */
void boot_fw_reset_state(const struct boot_fw_layout *l, bool sev_es, unsigned int idx,
			 uint32_t cpu_sig, struct sev_vcpu_state *st);

/*
 * Opens the image, reads its GUID table (under SEV with a kernel, the hash
 * table area must be usable) and maps a RAM block for it ending at 4 GiB.
 * Before the SEV model sets up its view of RAM.
 */
int boot_fw_map(struct boot_fw *fw, const struct boot_fw_config *cfg, struct ram *ram,
		struct err *e);

/*
 * Writes the image (the SEV launch watches the write), then, one measuring
 * rank later, the hash table (with a kernel, when the image has an area for
 * it), and prepares the fw_cfg items. Fails with a message naming the file
 * and what is wrong.
 */
int boot_fw_load(struct boot_fw *fw, const struct boot_fw_config *cfg, struct ram *ram,
		 const struct e820_map *map, const struct fw_cfg_dma_ops *dma,
		 unsigned int *measure_rank, struct err *e);
void boot_fw_destroy(struct boot_fw *fw);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI tables from fw_cfg, installed as OVMF does with QEMU's: the
 * etc/table-loader commands (acpi_loader.c) place sevvm's blobs in RAM the
 * e820 map then gives Linux as ACPI memory, and boot_params.acpi_rsdp_addr
 * names the RSDP (the BIOS area the RSDP scan covers is not RAM here).
 * A host without the commands gets no tables: Linux runs from the MP table.
 */
#include "firmware/acpi_loader.h"
#include "firmware/boot.h"
#include "firmware/fw_cfg.h"

#define ACPI_LOADER_MAX_SIZE	(32 * ACPI_LOADER_ENTRY)
#define ACPI_FILE_MAX_SIZE	0x100000	/* QEMU pads its tables blob to 128 KiB */
#define SZ_1M			0x100000ull
#define SZ_4G			0x100000000ull

/* Below 4 GiB, since the loader's 32-bit pointers must reach every table. */
static int place(void *opaque, const char *name, uint32_t align, uint8_t zone,
		 struct acpi_loader_file *f)
{
	struct fw *fw = opaque;
	uint64_t addr, len;
	uint16_t key;
	uint32_t size;

	(void)zone;	/* the F segment is ROM under sevvm too: one zone for all */
	if (!fw_cfg_find_file(fw, name, &key, &size) || !size || size > ACPI_FILE_MAX_SIZE)
		return -1;
	len = (size + FW_PAGE_SIZE - 1) & ~(uint64_t)(FW_PAGE_SIZE - 1);
	addr = e820_place_high(&fw->e820, len, SZ_1M, SZ_4G,
			       align > FW_PAGE_SIZE ? align : FW_PAGE_SIZE);
	if (!addr || e820_claim(&fw->e820, addr, addr + len, E820_ACPI))
		return -1;
	e820_sort(&fw->e820);
	f->data = (uint8_t *)(uintptr_t)addr;
	f->addr = addr;
	f->size = size;
	memset(f->data, 0, len);
	fw_cfg_read(fw, key, f->data, size, NULL);
	return 0;
}

void acpi_install(struct fw *fw)
{
	static uint8_t cmds[ACPI_LOADER_MAX_SIZE];
	static struct acpi_loader l;
	const struct acpi_loader_file *rsdp;
	uint16_t key;
	uint32_t size;

	fw->acpi_rsdp = 0;
	if (!fw_cfg_find_file(fw, "etc/table-loader", &key, &size)) {
		fw_print(fw, "ACPI: no etc/table-loader, no tables");
		return;
	}
	if (size > sizeof(cmds)) {
		fw_print(fw, "ACPI: etc/table-loader of %u bytes is larger than %u", size,
			 (unsigned int)sizeof(cmds));
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	fw_cfg_read(fw, key, cmds, size, NULL);
	if (acpi_loader_run(&l, cmds, size, place, fw)) {
		fw_print(fw, "ACPI: etc/table-loader command %u: %s", l.bad_entry, l.why);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	rsdp = acpi_loader_file(&l, "etc/acpi/rsdp");
	if (!rsdp) {
		fw_print(fw, "ACPI: the commands allocate no etc/acpi/rsdp");
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	fw->acpi_rsdp = rsdp->addr;
	fw_print(fw, "ACPI: %u files, RSDP at %#llx", l.nr, (unsigned long long)rsdp->addr);
}

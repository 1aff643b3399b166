// SPDX-License-Identifier: GPL-2.0
/*
 * sevvm firmware, 64-bit part: SEV set-up, fw_cfg, the e820 map, loading
 * and verifying kernel, initrd and command line against the measured
 * hash table, the MP table, SEV-ES APs, and the jump into Linux.
 */
#include "firmware/boot.h"
#include "firmware/fw_cfg.h"

void fw_main(unsigned int flags, unsigned int cbit);

static struct fw fw_state;

static void load_e820(struct fw *fw)
{
	static uint8_t buf[E820_MAX * FW_CFG_E820_ENTRY_LEN];
	uint16_t key;
	uint32_t size;

	if (!fw_cfg_find_file(fw, "etc/e820", &key, &size)) {
		fw_print(fw, "fw_cfg: no etc/e820 file");
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	if (size > sizeof(buf) || size % FW_CFG_E820_ENTRY_LEN) {
		fw_print(fw, "fw_cfg: etc/e820 size %u is not up to %u whole entries", size, E820_MAX);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	fw_cfg_read(fw, key, buf, size, NULL);
	/* The firmware's areas stay out of Linux's RAM (the secret and hash pages included). */
	if (e820_parse_qemu(&fw->e820, buf, size) ||
	    e820_reserve(&fw->e820, FW_LOW_RESERVED, FW_LOW_RESERVED_END) ||
	    e820_reserve(&fw->e820, FW_BIOS_AREA, FW_BIOS_AREA_END) ||
	    e820_reserve(&fw->e820, FW_WORK_BASE, FW_WORK_END)) {
		fw_print(fw, "e820: more than %u entries", E820_MAX);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	e820_sort(&fw->e820);
}

/* Returns whether the blobs must match a table (the table read into *want). */
static bool read_hash_table(struct fw *fw, struct kernel_hashes *want)
{
	const char *why = "";

	switch (hash_table_parse((const uint8_t *)(uintptr_t)FW_HASH_TABLE, FW_HASH_TABLE_SIZE,
				 want, &why)) {
	case HASH_TABLE_VALID:
		return true;
	case HASH_TABLE_MALFORMED:
		fw_print(fw, "measured hash table at %#x is malformed: %s", FW_HASH_TABLE, why);
		fw_fail(fw, FW_FAIL_NO_HASH_TABLE);
	case HASH_TABLE_ABSENT:
		break;
	}
	if (fw->sev) {
		fw_print(fw, "no measured hash table at %#x: refusing to boot unverified blobs "
			 "under SEV", FW_HASH_TABLE);
		fw_fail(fw, FW_FAIL_NO_HASH_TABLE);
	}
	fw_print(fw, "no measured hash table: kernel, initrd and cmdline are not verified");
	return false;
}

/* Every mismatch is named; the first one (kernel, initrd, cmdline) is the failure code. */
static void verify(struct fw *fw, const struct kernel_hashes *want, const struct kernel_hashes *got)
{
	static const struct {
		const char *name;
		size_t off;
		enum fw_fail code;
	} blobs[] = {
		{ "kernel", offsetof(struct kernel_hashes, kernel), FW_FAIL_KERNEL_HASH },
		{ "initrd", offsetof(struct kernel_hashes, initrd), FW_FAIL_INITRD_HASH },
		{ "cmdline", offsetof(struct kernel_hashes, cmdline), FW_FAIL_CMDLINE_HASH },
	};
	enum fw_fail first = 0;
	unsigned int i;

	for (i = 0; i < sizeof(blobs) / sizeof(blobs[0]); i++) {
		if (!memcmp((const uint8_t *)want + blobs[i].off, (const uint8_t *)got + blobs[i].off, 32))
			continue;
		fw_print(fw, "hash of %s does not match the measured table", blobs[i].name);
		if (!first)
			first = blobs[i].code;
	}
	if (first)
		fw_fail(fw, first);
	fw_print(fw, "kernel, initrd and cmdline match the measured hash table");
}

void fw_main(unsigned int flags, unsigned int cbit)
{
	struct fw *fw = &fw_state;
	struct kernel_hashes want;
	struct linux_image li;
	bool check;

	sev_init(fw, flags, cbit);
	idt_init(fw);
	console_init(fw);
	if (fw->sev_es)
		fw_print(fw, "SEV-ES active, C-bit %u", fw->cbit);
	else if (fw->sev)
		fw_print(fw, "SEV active, C-bit %u", fw->cbit);
	else
		fw_print(fw, "no SEV");
	if (fw->sev_es)
		sev_share_pages(fw, FW_GHCB, 1);	/* announce the GHCB page too */

	fw_cfg_init(fw);
	fw->ncpus = fw_cfg_read16(fw, FW_CFG_NB_CPUS);
	if (!fw->ncpus)
		fw->ncpus = 1;
	fw_print(fw, "%u CPUs", fw->ncpus);
	load_e820(fw);
	chipset_pm_enable(fw);
	acpi_install(fw);

	check = read_hash_table(fw, &want);
	secret_report(fw);
	linux_load(fw, &li);
	if (check)
		verify(fw, &want, &li.got);

	mptable_write(fw);
	ap_start(fw);
	linux_boot(fw, &li);
}

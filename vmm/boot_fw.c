// SPDX-License-Identifier: GPL-2.0
/* Firmware boot: the image below 4 GiB, fw_cfg items, the kernel hashes table. */
#include "vmm/boot_fw.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/crypto.h"
#include "sev/kernel_hashes.h"
#include "devices/pci.h"
#include "vmm/acpi/acpi.h"
#include "vmm/boot.h"
#include "vmm/bzimage.h"
#include "vmm/fw_embedded.h"
#include "vmm/layout.h"

int boot_fw_image_open(const char *path, struct boot_fw_image *img, struct err *e)
{
	const char *what = path ? "--firmware " : "";
	int r;

	*img = (struct boot_fw_image){ .name = path, .file = { .fd = -1 } };
	if (path) {
		r = mapped_file_open(path, &img->file, e);
		if (r)
			return err_prefix(e, "--firmware: ");
		img->data = img->file.data;
		img->len = img->file.len;
	} else {
		img->name = FW_EMBEDDED_NAME;
		img->embedded = true;
		img->data = fw_embedded_data();
		img->len = fw_embedded_size();
	}
	/*
	 * It ends at 4 GiB in whole pages (a memslot) and goes to
	 * LAUNCH_UPDATE_DATA whole (16-byte multiples, AMD SEV API 55766, 6.3).
	 */
	if (!img->len || img->len > FIRMWARE_IMAGE_MAX || img->len % 4096) {
		r = err_set(e, EINVAL, "%s%s: size %zu: expected a multiple of 4096 bytes, at "
			    "most %u MiB", what, img->name, img->len, FIRMWARE_IMAGE_MAX >> 20);
		boot_fw_image_close(img);
		return r;
	}
	return 0;
}

void boot_fw_image_close(struct boot_fw_image *img)
{
	if (!img->embedded)
		mapped_file_close(&img->file);
	img->data = NULL;
	img->len = 0;
}

int boot_fw_image_sha256(const struct boot_fw_image *img, uint8_t out[32], struct err *e)
{
	if (sev_sha256(img->data, img->len, out))
		return err_set(e, EIO, "SHA-256 of %s", img->name);
	return 0;
}

/* The SEV hash table area, checked for use. */
static int hash_area(const struct ovmf_table *t, const uint8_t *img, const char *path,
		     struct ovmf_area *a, struct err *e)
{
	int r = ovmf_area(t, img, ovmf_guid_hash_table, a, e);

	if (r == -ENOENT)
		return err_set(e, ENOENT, "--firmware %s has no SEV hash table block: it cannot "
			       "check a --kernel", path);
	if (r)
		return r;
	if (!a->base || a->size < SEV_HASH_TABLE_SIZE)
		return err_set(e, EINVAL, "--firmware %s: its SEV hash table area is unusable "
			       "(base %#x size %#x; needs a base and %u bytes): it cannot check a "
			       "--kernel", path, a->base, a->size, SEV_HASH_TABLE_SIZE);
	return 0;
}

int boot_fw_read_layout(struct boot_fw_layout *l, const uint8_t *img, size_t len,
			const struct boot_fw_launch *launch, struct err *e)
{
	bool aps = launch->sev_es && launch->ncpus > 1;
	struct ovmf_area a;
	int r;

	memset(l, 0, sizeof(*l));
	r = ovmf_table_parse(img, len, &l->table, e);
	/* Without a table there is nothing to take: fine unless something is needed. */
	if (r == -ENOENT && !(launch->sev && launch->kernel) && !aps) {
		l->table.nr = 0;
		return 0;
	}
	if (r)
		return err_prefix(e, "--firmware %s: ", launch->firmware);
	if (launch->kernel) {
		r = hash_area(&l->table, img, launch->firmware, &l->hash_area, e);
		if (!r)
			l->has_hash_area = true;
		else if (launch->sev)
			return r;
	}
	if (ovmf_area(&l->table, img, ovmf_guid_secret, &a, e) == 0 && a.base && a.size) {
		l->secret_area = a;
		l->has_secret_area = true;
	}
	if (ovmf_sev_es_reset_addr(&l->table, img, &l->ap_reset_addr, e))
		l->ap_reset_addr = 0;
	if (aps && !l->ap_reset_addr)
		return err_set(e, ENOENT, "--firmware %s has no SEV-ES reset block: its APs cannot "
			       "start (use --cpus 1)", launch->firmware);
	return 0;
}

void boot_fw_reset_state(const struct boot_fw_layout *l, bool sev_es, unsigned int idx,
			 uint32_t cpu_sig, struct sev_vcpu_state *st)
{
	sev_vcpu_reset_state(st, cpu_sig);
	/* QEMU moves only SEV-ES APs to the reset block (sev_es_set_reset_vector()). */
	if (idx && sev_es && l->ap_reset_addr)
		sev_vcpu_set_reset_addr(st, l->ap_reset_addr);
}

int boot_fw_map(struct boot_fw *fw, const struct boot_fw_config *cfg, struct ram *ram,
		struct err *e)
{
	struct boot_fw_launch launch = {
		.kernel = cfg->kernel != NULL, .sev = cfg->sev, .sev_es = cfg->sev_es,
		.ncpus = cfg->ncpus,
	};
	struct ram_block *b;
	int r;

	memset(fw, 0, sizeof(*fw));
	fw->kernel.fd = fw->initrd.fd = -1;	/* not open: boot_fw_destroy() must not close stdin */
	r = boot_fw_image_open(cfg->firmware, &fw->image, e);
	launch.firmware = fw->image.name;
	if (!r)
		r = boot_fw_read_layout(&fw->layout, fw->image.data, fw->image.len, &launch, e);
	if (!r)
		r = ram_block_add(ram, "firmware", fw->image.len, &b, e);
	if (!r)
		r = ram_map(ram, b, 0, SZ_4G - fw->image.len, fw->image.len, NULL, e);
	return r;
}

/* etc/e820: RAM as the firmware sees it; it carves out its own areas. */
static int add_e820(struct boot_fw *fw, const struct e820_map *map, struct err *e)
{
	unsigned int i;

	fw->e820 = calloc(map->nr ? map->nr : 1, FW_CFG_E820_ENTRY_LEN);
	if (!fw->e820)
		return err_set(e, ENOMEM, "etc/e820");
	for (i = 0; i < map->nr; i++) {
		uint8_t *p = fw->e820 + i * FW_CFG_E820_ENTRY_LEN;
		unsigned int k;

		for (k = 0; k < 8; k++) {
			p[k] = (uint8_t)(map->e[i].addr >> (8 * k));
			p[8 + k] = (uint8_t)(map->e[i].size >> (8 * k));
		}
		for (k = 0; k < 4; k++)
			p[16 + k] = (uint8_t)(map->e[i].type >> (8 * k));
	}
	return fw_cfg_add_file(&fw->cfg, "etc/e820", fw->e820, map->nr * FW_CFG_E820_ENTRY_LEN, e);
}

/*
 * The kernel as QEMU's x86_load_linux() hands it to firmware: the setup
 * part ((setup_sects + 1) * 512 bytes) and the rest, both as in the file.
 */
static int add_kernel(struct boot_fw *fw, const struct boot_fw_config *cfg, struct err *e)
{
	struct bzimage bz;
	size_t clen = strlen(cfg->cmdline ? cfg->cmdline : "") + 1;
	int r;

	r = mapped_file_open(cfg->kernel, &fw->kernel, e);
	if (r)
		return err_prefix(e, "--kernel: ");
	r = bzimage_parse(fw->kernel.data, fw->kernel.len, cfg->kernel, &bz, e);
	if (r)
		return err_prefix(e, "firmware boot needs a bzImage: ");
	if (clen > UINT32_MAX || fw->kernel.len > UINT32_MAX)
		return err_set(e, EFBIG, "--kernel %s: too large for fw_cfg", cfg->kernel);
	fw->cmdline = strdup(cfg->cmdline ? cfg->cmdline : "");
	if (!fw->cmdline)
		return err_set(e, ENOMEM, "command line");
	/* Served from the files with pread(2): one that shrinks cannot SIGBUS sevvm. */
	r = fw_cfg_add_le(&fw->cfg, FW_CFG_SETUP_SIZE, bz.setup_len, 4, e);
	if (!r)
		r = fw_cfg_add_fd(&fw->cfg, FW_CFG_SETUP_DATA, fw->kernel.fd, 0,
				  (uint32_t)bz.setup_len, e);
	if (!r)
		r = fw_cfg_add_le(&fw->cfg, FW_CFG_KERNEL_SIZE, bz.kernel_len, 4, e);
	if (!r)
		r = fw_cfg_add_fd(&fw->cfg, FW_CFG_KERNEL_DATA, fw->kernel.fd,
				  (uint64_t)(bz.kernel - bz.buf), (uint32_t)bz.kernel_len, e);
	if (!r)
		r = fw_cfg_add_le(&fw->cfg, FW_CFG_CMDLINE_SIZE, clen, 4, e);
	if (!r)
		r = fw_cfg_add(&fw->cfg, FW_CFG_CMDLINE_DATA, fw->cmdline, (uint32_t)clen, e);
	if (r || !cfg->initrd)
		return r;
	r = mapped_file_open(cfg->initrd, &fw->initrd, e);
	if (r)
		return err_prefix(e, "--initrd: ");
	if (fw->initrd.len > UINT32_MAX)
		return err_set(e, EFBIG, "--initrd %s: larger than 4 GiB", cfg->initrd);
	r = fw_cfg_add_le(&fw->cfg, FW_CFG_INITRD_SIZE, fw->initrd.len, 4, e);
	if (!r)
		r = fw_cfg_add_fd(&fw->cfg, FW_CFG_INITRD_DATA, fw->initrd.fd, 0,
				  (uint32_t)fw->initrd.len, e);
	return r;
}

/*
 * The ACPI tables as QEMU hands them to OVMF: the blobs and the linker/loader
 * commands that place them (vmm/acpi/linker.h). The firmware, not sevvm,
 * chooses their addresses; they are not measured, as under QEMU.
 */
static int add_acpi(struct boot_fw *fw, unsigned int ncpus, const struct e820_map *map,
		    struct err *e)
{
	size_t len;
	int r;

	r = acpi_build(&fw->acpi, &(struct acpi_config){
		.ncpus = ncpus, .pci_mmio_base = pci_mmio_base_for(e820_ram_top_below(map, SZ_4G)),
	}, e);
	if (!r)
		r = acpi_linker_commands(&fw->acpi, &fw->table_loader, &len, e);
	if (!r)
		r = fw_cfg_add_file(&fw->cfg, acpi_file_name(ACPI_FILE_TABLES),
				    fw->acpi.file[ACPI_FILE_TABLES].data,
				    (uint32_t)fw->acpi.file[ACPI_FILE_TABLES].len, e);
	if (!r)
		r = fw_cfg_add_file(&fw->cfg, acpi_file_name(ACPI_FILE_RSDP),
				    fw->acpi.file[ACPI_FILE_RSDP].data,
				    (uint32_t)fw->acpi.file[ACPI_FILE_RSDP].len, e);
	if (!r)
		r = fw_cfg_add_file(&fw->cfg, ACPI_TABLE_LOADER_FILE, fw->table_loader,
				    (uint32_t)len, e);
	return r;
}

int boot_fw_load(struct boot_fw *fw, const struct boot_fw_config *cfg, struct ram *ram,
		 const struct e820_map *map, const struct fw_cfg_dma_ops *dma,
		 unsigned int *measure_rank, struct err *e)
{
	uint8_t table[SEV_HASH_TABLE_SIZE];
	int r;

	/* The image first, then the table: the order QEMU measures them in. */
	r = ram_write(ram, SZ_4G - fw->image.len, fw->image.data, fw->image.len, "firmware", e);
	if (r)
		return r;
	if (cfg->kernel && fw->layout.has_hash_area) {
		r = sev_kernel_hashes_get(cfg->hash_table, cfg->kernel, cfg->initrd, cfg->cmdline,
					  table, e);
		if (r)
			return r;
		(*measure_rank)++;
		r = ram_write(ram, fw->layout.hash_area.base, table, sizeof(table), "kernel hashes table", e);
		if (r)
			return r;
	}
	r = fw_cfg_init(&fw->cfg, dma, e);
	if (r)
		return r;
	fw->cfg_ready = true;
	r = fw_cfg_add_le(&fw->cfg, FW_CFG_NB_CPUS, cfg->ncpus, 2, e);
	if (!r)
		r = fw_cfg_add_le(&fw->cfg, FW_CFG_MAX_CPUS, cfg->ncpus, 2, e);
	if (!r)
		r = fw_cfg_add_le(&fw->cfg, FW_CFG_RAM_SIZE, cfg->mem_size, 8, e);
	if (!r)
		r = add_e820(fw, map, e);
	if (!r)
		r = add_acpi(fw, cfg->ncpus, map, e);
	/*
	 * sevvm decodes no PCI memory above 4 GiB: OVMF must put 64-bit BARs in
	 * its 32-bit aperture (PlatformInitLib's PlatformGetFirstNonAddress
	 * reads this; 0 turns the 64-bit aperture off).
	 */
	if (!r)
		r = fw_cfg_add_file(&fw->cfg, "opt/ovmf/X-PciMmio64Mb", "0", 1, e);
	if (!r && cfg->kernel)
		r = add_kernel(fw, cfg, e);
	return r;
}

void boot_fw_destroy(struct boot_fw *fw)
{
	if (fw->cfg_ready)
		fw_cfg_destroy(&fw->cfg);
	fw->cfg_ready = false;
	boot_fw_image_close(&fw->image);
	mapped_file_close(&fw->kernel);
	mapped_file_close(&fw->initrd);
	free(fw->cmdline);
	free(fw->e820);
	acpi_linker_free(&fw->acpi);
	free(fw->table_loader);
	fw->cmdline = NULL;
	fw->e820 = NULL;
	fw->table_loader = NULL;
}

/*
 * A bzImage has "HdrS" at 0x202 (Linux boot protocol, the setup header).
 * One pread, not stdio: a direct boot uses stdio for nothing else, and its
 * FILE, buffer and code would stay resident for the VM's life.
 */
static bool is_bzimage(const char *path)
{
	char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool yes = fd >= 0 && pread(fd, magic, sizeof(magic), 0x202) == sizeof(magic) &&
		   !memcmp(magic, "HdrS", 4);

	if (fd >= 0)
		close(fd);
	return yes;
}

int boot_resolve(struct boot_config *b, bool sev, struct err *e)
{
	if (b->firmware && b->mode == BOOT_DIRECT)
		return err_set(e, EINVAL, "--firmware and --boot direct exclude each other");
	if (b->firmware) {
		b->mode = BOOT_FIRMWARE;
	} else if (b->mode == BOOT_AUTO) {
		bool bz = b->kernel && (b->format == KERNEL_BZIMAGE ||
					(b->format == KERNEL_AUTO && is_bzimage(b->kernel)));

		b->mode = sev && bz ? BOOT_FIRMWARE : BOOT_DIRECT;
	}
	if (b->mode == BOOT_FIRMWARE && b->format != KERNEL_AUTO && b->format != KERNEL_BZIMAGE)
		return err_set(e, EINVAL, "--kernel-format %s: firmware boots a bzImage (use --boot "
			       "direct)", kernel_format_name(b->format));
	return 0;
}

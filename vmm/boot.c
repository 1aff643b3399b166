// SPDX-License-Identifier: GPL-2.0
/* Puts the kernel, initrd, command line and boot tables into guest RAM. */
#include "vmm/boot.h"

#include <asm/bootparam.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "devices/pci.h"
#include "vmm/bzimage.h"
#include "vmm/elf.h"
#include "vmm/layout.h"
#include "vmm/util/mapped_file.h"
#include "devices/pci.h"
#include "vmm/acpi/acpi.h"
#include "vmm/mptable.h"
#include "vmm/multiboot.h"

#define VMLINUX_CMDLINE_SIZE 2047	/* COMMAND_LINE_SIZE - 1 on x86 */

int kernel_format_parse(const char *s, enum kernel_format *f)
{
	static const char *const names[] = {
		[KERNEL_AUTO] = "auto", [KERNEL_BZIMAGE] = "bzimage",
		[KERNEL_ELF] = "elf", [KERNEL_FLAT] = "flat",
		[KERNEL_MULTIBOOT] = "multiboot",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*f = (enum kernel_format)i;
			return 0;
		}
	return -EINVAL;
}

const char *kernel_format_name(enum kernel_format f)
{
	switch (f) {
	case KERNEL_AUTO:	return "auto";
	case KERNEL_BZIMAGE:	return "bzImage";
	case KERNEL_ELF:	return "ELF";
	case KERNEL_FLAT:	return "flat binary";
	case KERNEL_MULTIBOOT:	return "multiboot";
	}
	return "?";
}

/*
 * Reads @size bytes at @off of @fd straight into guest RAM at @gpa: one
 * copy, from the page cache, and no file pages mapped into sevvm (against
 * mapping the file and copying, the faults on both sides and the unmap).
 */
int boot_load_from_fd(struct ram *ram, int fd, const char *name, uint64_t off,
		      uint64_t gpa, uint64_t size, const char *what, struct err *e)
{
	uint8_t *dst = ram_gpa_to_hva(ram, gpa, size);
	uint64_t done = 0;

	if (!dst)
		return err_set(e, EFAULT, "%s: %s target [%#" PRIx64 ", %#" PRIx64 ") is not RAM",
			       name, what, gpa, gpa + size);
	while (done < size) {
		ssize_t n = pread(fd, dst + done, size - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_sys(e, errno, "%s: read", name);
		if (!n)
			return err_set(e, EIO, "%s: file shrank while loading", name);
		done += (uint64_t)n;
	}
	ram_note_write(ram, gpa, size, what);
	return 0;
}

static int load_initrd(struct ram *ram, const char *name, uint64_t gpa, uint64_t size,
		       struct err *e)
{
	int fd, r;

	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "%s", name);
	r = boot_load_from_fd(ram, fd, name, 0, gpa, size, "initrd", e);
	close(fd);
	return r;
}

static int initrd_size(const char *name, uint64_t *size, struct err *e)
{
	struct stat st;

	*size = 0;
	if (!name)
		return 0;
	if (stat(name, &st) < 0)
		return err_sys(e, errno, "%s", name);
	if (!S_ISREG(st.st_mode))
		return err_set(e, EINVAL, "%s: not a regular file", name);
	if (!st.st_size)
		return err_set(e, EINVAL, "%s: empty initrd", name);
	*size = (uint64_t)st.st_size;
	return 0;
}

/* Common tail of bzImage and vmlinux: initrd, command line, zero page. */
static int finish_linux(const struct boot_config *cfg, struct ram *ram,
			const struct e820_map *map, const struct linux_layout *lay,
			const uint8_t *hdr, size_t hdr_len, struct err *e)
{
	struct boot_params *zp = ram_gpa_to_hva(ram, GUEST_ZERO_PAGE, sizeof(*zp));
	int r;

	if (!zp)
		return err_set(e, EFAULT, "zero page is not RAM");
	if (lay->initrd_size) {
		r = load_initrd(ram, cfg->initrd, lay->initrd_addr, lay->initrd_size, e);
		if (r)
			return r;
	}
	r = ram_write(ram, lay->cmdline_addr, cfg->cmdline, lay->cmdline_len + 1,
		      "command line", e);
	if (r)
		return r;
	r = linux_zero_page(zp, hdr, hdr_len, lay, map, e);
	/* Boot protocol 2.14: older kernels ignore it and scan for the RSDP. */
	zp->acpi_rsdp_addr = GUEST_ACPI_RSDP;
	if (!r)
		ram_note_write(ram, GUEST_ZERO_PAGE, sizeof(*zp), "zero page");
	return r;
}

static int load_bzimage(const struct boot_config *cfg, struct ram *ram,
			const struct e820_map *map, const struct mapped_file *k,
			struct boot_entry *entry, struct err *e)
{
	struct linux_layout lay;
	struct bzimage bz;
	uint64_t isize;
	int r;

	r = bzimage_parse(k->data, k->len, k->name, &bz, e);
	if (!r)
		r = initrd_size(cfg->initrd, &isize, e);
	if (!r)
		r = linux_plan(bz.pref_address, bz.init_size, bz.initrd_addr_max,
			       bz.cmdline_size, map, isize, cfg->cmdline, &lay, e);
	/* bz.kernel points into the mapped file: read that part, do not copy it. */
	if (!r)
		r = boot_load_from_fd(ram, k->fd, k->name, (uint64_t)(bz.kernel - (const uint8_t *)k->data),
				 lay.kernel_addr, bz.kernel_len, "kernel", e);
	if (!r)
		r = finish_linux(cfg, ram, map, &lay, bz.buf + BOOT_HDR_OFFSET,
				 bz.hdr_len, e);
	if (r)
		return r;
	entry->rip = lay.kernel_addr + 0x200;	/* startup_64 */
	entry->rsi = GUEST_ZERO_PAGE;
	return 0;
}

static int load_elf(const struct boot_config *cfg, struct ram *ram,
		    const struct e820_map *map, const struct mapped_file *k,
		    struct boot_entry *entry, struct err *e)
{
	struct linux_layout lay;
	struct elf_image img;
	uint64_t isize;
	unsigned int i;
	int r;

	r = elf_parse(k->data, k->len, k->name, &img, e);
	if (!r)
		r = initrd_size(cfg->initrd, &isize, e);
	if (!r)
		r = linux_plan(img.lowest, img.highest - img.lowest, BOOT_INITRD_MAX_DEFAULT,
			       VMLINUX_CMDLINE_SIZE, map, isize, cfg->cmdline, &lay, e);
	for (i = 0; !r && i < img.nr; i++) {
		const struct elf_seg *s = &img.seg[i];
		uint8_t *dst = ram_gpa_to_hva(ram, s->paddr, s->memsz);

		if (!dst)
			return err_set(e, EFAULT, "%s: segment %u at %#" PRIx64 "+%#" PRIx64
				       " is not guest RAM", k->name, i, s->paddr, s->memsz);
		memcpy(dst, s->data, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
		ram_note_write(ram, s->paddr, s->memsz, "kernel segment");
	}
	if (!r)
		r = finish_linux(cfg, ram, map, &lay, NULL, 0, e);
	if (r)
		return r;
	entry->rip = img.entry;
	entry->rsi = GUEST_ZERO_PAGE;
	return 0;
}

static int load_flat(const struct boot_config *cfg, struct ram *ram,
		     const struct mapped_file *k, struct boot_entry *entry, struct err *e)
{
	int r;

	if (cfg->initrd)
		return err_set(e, EINVAL, "%s: a flat binary takes no --initrd", k->name);
	r = ram_write(ram, GUEST_FLAT_LOAD, k->data, k->len, "flat binary", e);
	if (r)
		return err_prefix(e, "%s: too large for guest memory: ", k->name);
	entry->rip = GUEST_FLAT_LOAD;
	entry->rsp = GUEST_FLAT_LOAD;
	return 0;
}

int boot_load_kernel(const struct boot_config *cfg, struct ram *ram,
		     const struct e820_map *map, struct boot_entry *entry, struct err *e)
{
	enum kernel_format fmt = cfg->format;
	struct e820_map guest_map;
	struct mapped_file k;
	struct mb_header mb;
	int r, has_mb;

	*entry = (struct boot_entry){ .rsp = GUEST_ZERO_PAGE };
	guest_map = *map;
	r = mapped_file_open(cfg->kernel, &k, e);
	if (r)
		return r;
	has_mb = 0;
	if (fmt == KERNEL_AUTO || fmt == KERNEL_MULTIBOOT) {
		/* QEMU's order (hw/i386/x86-common.c): bzImage, then multiboot, then ELF. */
		has_mb = multiboot_find_header(k.data, k.len, cfg->kernel, &mb, e);
		if (has_mb < 0) {
			r = has_mb;
			goto out;
		}
		if (!has_mb && fmt == KERNEL_MULTIBOOT) {
			r = err_set(e, EINVAL, "%s: no multiboot header (magic %#x, 4-byte aligned) in the first %d bytes",
				    cfg->kernel, MB_HEADER_MAGIC, MB_SEARCH_LEN);
			goto out;
		}
	}
	if (fmt == KERNEL_AUTO) {
		if (k.len > BOOT_HDR_MAGIC_OFF + 4 &&
		    !memcmp((uint8_t *)k.data + BOOT_HDR_MAGIC_OFF, "HdrS", 4))
			fmt = KERNEL_BZIMAGE;
		else if (has_mb)
			fmt = KERNEL_MULTIBOOT;
		else if (elf_is_elf(k.data, k.len))
			fmt = KERNEL_ELF;
		else {
			r = err_set(e, EINVAL, "%s: neither a bzImage (no \"HdrS\" at 0x202) nor an ELF file; "
				    "use --kernel-format flat for a raw binary", cfg->kernel);
			goto out;
		}
	}
	entry->format = fmt;
	/* Before the zero page, which points at the RSDP and gives the guest @map. */
	r = acpi_write_direct(ram, &(struct acpi_config){
		.ncpus = cfg->ncpus,
		.pci_mmio_base = pci_mmio_base_for(e820_ram_top_below(map, SZ_4G)),
	}, e);
	if (r)
		goto out;
	/*
	 * The tables' area is typed ACPI, not reserved: under SEV, Linux maps
	 * ACPI-typed memory encrypted (__ioremap_check_encrypted()) and
	 * reserved memory decrypted.
	 */
	r = e820_retype(&guest_map, GUEST_ACPI_RSDP, GUEST_ACPI_END - GUEST_ACPI_RSDP,
			E820_TYPE_ACPI, e);
	if (r)
		goto out;
	map = &guest_map;
	switch (fmt) {
	case KERNEL_BZIMAGE:
		r = load_bzimage(cfg, ram, map, &k, entry, e);
		break;
	case KERNEL_ELF:
		r = load_elf(cfg, ram, map, &k, entry, e);
		break;
	case KERNEL_FLAT:
		r = load_flat(cfg, ram, &k, entry, e);
		break;
	case KERNEL_MULTIBOOT:
		r = boot_load_multiboot(cfg, ram, map, &k, &mb, entry, e);
		break;
	case KERNEL_AUTO:
		r = err_set(e, EINVAL, "kernel format unresolved");
		break;
	}
out:
	mapped_file_close(&k);
	return r;
}

int boot_write_tables(const struct boot_config *cfg, struct ram *ram, struct err *e)
{
	void *mp;
	int r;

	r = boot64_write_tables(ram, cfg->cbit_mask, e);
	if (r)
		return r;
	mp = ram_gpa_to_hva(ram, GUEST_BIOS_START, mptable_size(cfg->ncpus));
	if (!mp)
		return err_set(e, EFAULT, "MP table area is not RAM");
	r = mptable_write(mp, mptable_size(cfg->ncpus), GUEST_BIOS_START, cfg->ncpus, e);
	if (r < 0)
		return r;
	ram_note_write(ram, GUEST_BIOS_START, mptable_size(cfg->ncpus), "MP table");
	return 0;
}

int boot_load(const struct boot_config *cfg, struct ram *ram,
	      const struct e820_map *map, struct boot_entry *entry, struct err *e)
{
	int r = boot_load_kernel(cfg, ram, map, entry, e);

	return r ? r : boot_write_tables(cfg, ram, e);
}

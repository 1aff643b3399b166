// SPDX-License-Identifier: GPL-2.0
/* Puts a multiboot v1 kernel, its modules and its information structure into guest RAM. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vmm/boot.h"
#include "vmm/layout.h"
#include "vmm/multiboot.h"
#include "vmm/util/mapped_file.h"

#define PAGE_SIZE 4096u

/* Module "file args": reads file at *@next (page aligned, spec flags bit 0). */
static int load_module(struct ram *ram, const char *string, uint64_t *next,
		       struct mb_module *mod, struct err *e)
{
	size_t nlen = strcspn(string, " ");
	char *path = strndup(string, nlen);
	uint64_t at = (*next + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	struct stat st;
	int fd, r;

	if (!path)
		return err_set(e, ENOMEM, "multiboot module: out of memory");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = err_sys(e, errno, "multiboot module %s", path);
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		r = err_set(e, EINVAL, "multiboot module %s: not a regular file", path);
		goto out_close;
	}
	if (at + (uint64_t)st.st_size > GUEST_MMIO_HOLE_START) {
		r = err_set(e, E2BIG, "multiboot module %s (%" PRIu64 " bytes at %#" PRIx64 ") does not fit below 3 GiB",
			    path, (uint64_t)st.st_size, at);
		goto out_close;
	}
	if (!ram_gpa_to_hva(ram, at, (uint64_t)st.st_size ? (uint64_t)st.st_size : 1)) {
		r = err_set(e, E2BIG, "multiboot module %s (%" PRIu64 " bytes at %#" PRIx64 ") does not fit in guest RAM",
			    path, (uint64_t)st.st_size, at);
		goto out_close;
	}
	r = boot_load_from_fd(ram, fd, path, 0, at, (uint64_t)st.st_size, "multiboot module", e);
	if (!r) {
		*mod = (struct mb_module){ .start = (uint32_t)at,
					   .end = (uint32_t)(at + (uint64_t)st.st_size),
					   .string = string };
		*next = at + (uint64_t)st.st_size;
	}
out_close:
	close(fd);
out:
	free(path);
	return r;
}

int boot_load_multiboot(const struct boot_config *cfg, struct ram *ram,
			const struct e820_map *map, const struct mapped_file *k,
			const struct mb_header *h, struct boot_entry *entry, struct err *e)
{
	const char *strings[MB_MAX_MODULES];
	struct mb_module mods[MB_MAX_MODULES];
	struct mb_image img;
	uint8_t *area;
	char *buf = NULL;
	uint64_t next;
	unsigned int i;
	int nr = 0, r;
	long used;

	/*
	 * A multiboot kernel starts with paging off (spec 3.2), so it cannot
	 * set the C-bit, and its entry is not the 64-bit entry the SEV-ES
	 * VMSA and the launch measurement are built for: refused under SEV.
	 */
	if (cfg->cbit_mask)
		return err_set(e, ENOTSUP, "%s: multiboot kernels start in 32-bit mode with paging off and cannot run as SEV guests",
			       k->name);
	r = multiboot_plan_image(k->data, k->len, k->name, h, &img, e);
	if (r)
		return r;
	for (i = 0; i < img.nr; i++) {
		const struct mb_seg *s = &img.seg[i];
		uint8_t *dst = ram_gpa_to_hva(ram, s->paddr, s->memsz);

		if (!dst)
			return err_set(e, EFAULT, "%s: segment %u at %#x+%#x is not guest RAM",
				       k->name, i, s->paddr, s->memsz);
		memcpy(dst, (const uint8_t *)k->data + s->file_off, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
		ram_note_write(ram, s->paddr, s->memsz, "multiboot kernel");
	}
	if (cfg->initrd) {
		nr = multiboot_split_modules(cfg->initrd, &buf, strings, MB_MAX_MODULES, e);
		if (nr < 0) {
			r = nr;
			goto out;
		}
	}
	next = img.highest;
	for (i = 0; i < (unsigned int)nr; i++) {
		r = load_module(ram, strings[i], &next, &mods[i], e);
		if (r)
			goto out;
	}
	area = ram_gpa_to_hva(ram, MB_INFO_AREA, MB_INFO_AREA_SIZE);
	if (!area) {
		r = err_set(e, EFAULT, "multiboot information area is not RAM");
		goto out;
	}
	used = multiboot_build_info(area, MB_INFO_AREA_SIZE, MB_INFO_AREA,
				    &(struct mb_info_input){ .map = map, .cmdline = cfg->cmdline,
							     .mods = mods, .nr_mods = (unsigned int)nr }, e);
	if (used < 0) {
		r = (int)used;
		goto out;
	}
	ram_note_write(ram, MB_INFO_AREA, (uint64_t)used, "multiboot information");
	entry->rip = img.entry;
	entry->protected32 = true;
	entry->rax = MB_BOOTLOADER_MAGIC;
	entry->rbx = MB_INFO_AREA;
	r = 0;
out:
	free(buf);
	return r;
}

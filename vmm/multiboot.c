// SPDX-License-Identifier: GPL-2.0
/* Multiboot v1 header, image plan and information structure (spec 0.6.96). */
#include "vmm/multiboot.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "vmm/layout.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

int multiboot_find_header(const void *buf, size_t len, const char *name,
			  struct mb_header *h, struct err *e)
{
	const uint8_t *b = buf;
	size_t lim = len < MB_SEARCH_LEN ? len : MB_SEARCH_LEN;
	uint32_t unknown;
	size_t off;

	for (off = 0; off + 12 <= lim; off += 4) {
		const uint8_t *p = b + off;
		uint32_t flags;

		if (get32(p) != MB_HEADER_MAGIC)
			continue;
		flags = get32(p + 4);
		/* Spec 3.1.2: magic + flags + checksum is zero (mod 2^32). */
		if ((uint32_t)(MB_HEADER_MAGIC + flags + get32(p + 8)))
			continue;
		*h = (struct mb_header){ .offset = (uint32_t)off, .flags = flags };
		if (flags & MB_FLAG_VIDEO_MODE)
			return err_set(e, ENOTSUP, "%s: multiboot header at %#zx: flags bit 2 (video mode table) is required and sevvm has no video mode to give",
				       name, off);
		unknown = flags & 0xfff8u;
		if (unknown)
			return err_set(e, ENOTSUP, "%s: multiboot header at %#zx: unknown required flags %#x (bits 3-15)",
				       name, off, unknown);
		if (flags & MB_FLAG_AOUT_KLUDGE) {
			if (off + 32 > len)
				return err_set(e, EINVAL, "%s: multiboot header at %#zx: address fields (flags bit 16) run past the end of the file",
					       name, off);
			h->header_addr = get32(p + 12);
			h->load_addr = get32(p + 16);
			h->load_end_addr = get32(p + 20);
			h->bss_end_addr = get32(p + 24);
			h->entry_addr = get32(p + 28);
		}
		return 1;
	}
	return 0;
}

static int add_seg(struct mb_image *img, const char *name, uint32_t paddr, uint32_t filesz,
		   uint32_t memsz, uint32_t file_off, struct err *e)
{
	if (img->nr >= MB_MAX_SEGS)
		return err_set(e, EINVAL, "%s: more than %d loadable segments", name, MB_MAX_SEGS);
	if ((uint64_t)paddr + memsz > SZ_4G)
		return err_set(e, EINVAL, "%s: segment at %#x+%#x goes past 4 GiB", name, paddr, memsz);
	if (paddr < GUEST_HIMEM_START)
		return err_set(e, EINVAL, "%s: segment at %#x is below 1 MiB, where sevvm keeps its boot tables",
			       name, paddr);
	img->seg[img->nr++] = (struct mb_seg){ .paddr = paddr, .filesz = filesz,
					       .memsz = memsz, .file_off = file_off };
	if (paddr < img->lowest)
		img->lowest = paddr;
	if (paddr + memsz > img->highest)
		img->highest = paddr + memsz;
	return 0;
}

/* Spec 3.1.3: the file from header_addr's offset back to load_addr. */
static int plan_aout(size_t len, const char *name, const struct mb_header *h,
		     struct mb_image *img, struct err *e)
{
	uint32_t file_off, load_end, memsz;

	if (h->header_addr < h->load_addr || h->header_addr - h->load_addr > h->offset)
		return err_set(e, EINVAL, "%s: multiboot load_addr %#x is above header_addr %#x or before the file's start",
			       name, h->load_addr, h->header_addr);
	file_off = h->offset - (h->header_addr - h->load_addr);
	load_end = h->load_end_addr ? h->load_end_addr : h->load_addr + (uint32_t)(len - file_off);
	if (load_end < h->load_addr || load_end - h->load_addr > len - file_off)
		return err_set(e, EINVAL, "%s: multiboot load_end_addr %#x is before load_addr or past the end of the file",
			       name, h->load_end_addr);
	memsz = load_end - h->load_addr;
	if (h->bss_end_addr) {
		if (h->bss_end_addr < load_end)
			return err_set(e, EINVAL, "%s: multiboot bss_end_addr %#x is below load_end_addr %#x",
				       name, h->bss_end_addr, load_end);
		memsz = h->bss_end_addr - h->load_addr;
	}
	if (!memsz)
		return err_set(e, EINVAL, "%s: multiboot load_addr..load_end_addr is empty", name);
	return add_seg(img, name, h->load_addr, load_end - h->load_addr, memsz, file_off, e) ?:
	       (img->entry = h->entry_addr, 0);
}

static int plan_elf32(const uint8_t *b, size_t len, const char *name, struct mb_image *img,
		      struct err *e)
{
	Elf32_Ehdr eh;
	unsigned int i;
	int r;

	if (len < sizeof(eh) || memcmp(b, ELFMAG, SELFMAG))
		return err_set(e, EINVAL, "%s: multiboot header without address fields (flags bit 16) and not an ELF file", name);
	memcpy(&eh, b, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_386)
		return err_set(e, EINVAL, "%s: multiboot kernel is not a little-endian ELF32 i386 file (flags bit 16 clear)", name);
	if (eh.e_phentsize != sizeof(Elf32_Phdr) || !eh.e_phnum || eh.e_phoff > len ||
	    (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > len - eh.e_phoff)
		return err_set(e, EINVAL, "%s: ELF32 program headers (e_phoff %#x, e_phnum %u) lie outside the file",
			       name, eh.e_phoff, eh.e_phnum);
	for (i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;

		memcpy(&ph, b + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
			return err_set(e, EINVAL, "%s: ELF32 program header %u (p_offset %#x, p_filesz %#x) lies outside the file",
				       name, i, ph.p_offset, ph.p_filesz);
		r = add_seg(img, name, ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_offset, e);
		if (r)
			return r;
	}
	if (!img->nr)
		return err_set(e, EINVAL, "%s: no PT_LOAD segments", name);
	img->entry = eh.e_entry;
	return 0;
}

int multiboot_plan_image(const void *buf, size_t len, const char *name,
			 const struct mb_header *h, struct mb_image *img, struct err *e)
{
	int r;

	*img = (struct mb_image){ .lowest = UINT32_MAX };
	if (h->flags & MB_FLAG_AOUT_KLUDGE)
		r = plan_aout(len, name, h, img, e);
	else
		r = plan_elf32(buf, len, name, img, e);
	if (r)
		return r;
	if (img->entry < img->lowest || img->entry >= img->highest)
		return err_set(e, EINVAL, "%s: multiboot entry point %#x is outside the loaded image [%#x, %#x)",
			       name, img->entry, img->lowest, img->highest);
	return 0;
}

/* Bump allocator over the info area. */
struct area {
	uint8_t *base;
	size_t size, used;
	uint32_t gpa;
};

static long area_take(struct area *a, size_t n, size_t align)
{
	size_t at = (a->used + align - 1) & ~(align - 1);

	if (at > a->size || n > a->size - at)
		return -1;
	a->used = at + n;
	return (long)at;
}

static int area_str(struct area *a, const char *s, uint32_t *gpa, const char *what, struct err *e)
{
	size_t n = strlen(s) + 1;
	long at = area_take(a, n, 1);

	if (at < 0)
		return err_set(e, E2BIG, "multiboot information area (%zu bytes) has no room for the %s",
			       a->size, what);
	memcpy(a->base + at, s, n);
	*gpa = a->gpa + (uint32_t)at;
	return 0;
}

/* Spec 3.3: mem_lower from 0, mem_upper from 1 MiB to the first hole, in KiB. */
static void mem_sizes(const struct e820_map *m, uint32_t *lower, uint32_t *upper)
{
	unsigned int i;

	*lower = *upper = 0;
	for (i = 0; i < m->nr; i++) {
		const struct e820_entry *x = &m->e[i];

		if (x->type != E820_TYPE_RAM)
			continue;
		if (x->addr == 0)
			*lower = (uint32_t)((x->size < 640 * SZ_1K ? x->size : 640 * SZ_1K) / SZ_1K);
		if (x->addr <= GUEST_HIMEM_START && x->addr + x->size > GUEST_HIMEM_START) {
			uint64_t top = x->addr + x->size;

			if (top > SZ_4G)
				top = SZ_4G;
			*upper = (uint32_t)((top - GUEST_HIMEM_START) / SZ_1K);
		}
	}
}

long multiboot_build_info(uint8_t *area_buf, size_t size, uint32_t gpa,
			  const struct mb_info_input *in, struct err *e)
{
	struct area a = { .base = area_buf, .size = size, .gpa = gpa };
	uint32_t flags = MB_INFO_MEMORY | MB_INFO_MMAP | MB_INFO_LOADER_NAME;
	uint32_t lower, upper, s;
	long info, mods = 0, mmap;
	uint8_t *p;
	unsigned int i;
	int r;

	info = area_take(&a, MB_INFO_SIZE, 4);
	if (info < 0)
		return err_set(e, E2BIG, "multiboot information area (%zu bytes) is too small", size);
	memset(area_buf, 0, size);
	p = area_buf + info;
	mem_sizes(in->map, &lower, &upper);
	put32(p + MB_INFO_OFF_MEM_LOWER, lower);
	put32(p + MB_INFO_OFF_MEM_UPPER, upper);

	mmap = area_take(&a, (size_t)in->map->nr * MB_MMAP_ENTRY_SIZE, 4);
	if (mmap < 0)
		return err_set(e, E2BIG, "multiboot information area has no room for %u memory map entries",
			       in->map->nr);
	for (i = 0; i < in->map->nr; i++) {
		uint8_t *m = area_buf + mmap + i * MB_MMAP_ENTRY_SIZE;

		put32(m, MB_MMAP_ENTRY_SIZE - 4);	/* size excludes itself */
		put64(m + 4, in->map->e[i].addr);
		put64(m + 12, in->map->e[i].size);
		put32(m + 20, in->map->e[i].type);
	}
	put32(p + MB_INFO_OFF_MMAP_LENGTH, in->map->nr * MB_MMAP_ENTRY_SIZE);
	put32(p + MB_INFO_OFF_MMAP_ADDR, gpa + (uint32_t)mmap);

	if (in->nr_mods) {
		mods = area_take(&a, (size_t)in->nr_mods * MB_MOD_SIZE, 4);
		if (mods < 0)
			return err_set(e, E2BIG, "multiboot information area has no room for %u modules",
				       in->nr_mods);
		flags |= MB_INFO_MODS;
		put32(p + MB_INFO_OFF_MODS_COUNT, in->nr_mods);
		put32(p + MB_INFO_OFF_MODS_ADDR, gpa + (uint32_t)mods);
	}
	for (i = 0; i < in->nr_mods; i++) {
		uint8_t *m = area_buf + mods + i * MB_MOD_SIZE;

		r = area_str(&a, in->mods[i].string, &s, "module command line", e);
		if (r)
			return r;
		put32(m, in->mods[i].start);
		put32(m + 4, in->mods[i].end);
		put32(m + 8, s);
	}
	if (in->cmdline) {
		r = area_str(&a, in->cmdline, &s, "command line", e);
		if (r)
			return r;
		flags |= MB_INFO_CMDLINE;
		put32(p + MB_INFO_OFF_CMDLINE, s);
	}
	r = area_str(&a, "sevvm", &s, "boot loader name", e);
	if (r)
		return r;
	put32(p + MB_INFO_OFF_LOADER_NAME, s);
	put32(p + MB_INFO_OFF_FLAGS, flags);
	return (long)a.used;
}

int multiboot_split_modules(const char *spec, char **buf, const char **strings,
			    unsigned int max, struct err *e)
{
	size_t n = strlen(spec);
	char *out = malloc(n + 1), *w;
	unsigned int nr = 0;
	const char *c;

	*buf = out;
	if (!out)
		return err_set(e, ENOMEM, "--initrd: out of memory");
	w = out;
	strings[nr++] = w;
	for (c = spec; *c; c++) {
		if (*c == ',' && c[1] == ',') {
			*w++ = ',';
			c++;
			continue;
		}
		if (*c != ',') {
			*w++ = *c;
			continue;
		}
		*w++ = '\0';
		if (nr >= max)
			return err_set(e, E2BIG, "--initrd: more than %u multiboot modules", max);
		strings[nr++] = w;
	}
	*w = '\0';
	for (unsigned int i = 0; i < nr; i++)
		if (!strings[i][0] || strings[i][0] == ' ')
			return err_set(e, EINVAL, "--initrd: multiboot module %u has no file name", i + 1);
	return (int)nr;
}

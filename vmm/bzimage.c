// SPDX-License-Identifier: GPL-2.0
#include "vmm/bzimage.h"

#include <asm/bootparam.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include "vmm/layout.h"

#define LOADER_UNDEFINED 0xff

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

#define HDR(field) (BOOT_HDR_OFFSET + offsetof(struct setup_header, field))

int bzimage_parse(const void *buf, size_t len, const char *name,
		  struct bzimage *bz, struct err *e)
{
	const uint8_t *b = buf;
	size_t hdr_end;
	unsigned int sects;

	*bz = (struct bzimage){ .buf = b, .len = len };
	if (len < HDR(kernel_info_offset) + 4)
		return err_set(e, EINVAL, "%s: truncated: %zu bytes is too short for a bzImage setup header (needs %zu)",
			       name, len, HDR(kernel_info_offset) + 4);
	if (get16(b + HDR(boot_flag)) != 0xaa55)
		return err_set(e, EINVAL, "%s: bad magic: boot_flag at 0x1fe is %#06x, expected 0xaa55",
			       name, get16(b + HDR(boot_flag)));
	if (memcmp(b + BOOT_HDR_MAGIC_OFF, "HdrS", 4))
		return err_set(e, EINVAL, "%s: bad magic: header at 0x202 is not \"HdrS\"", name);

	bz->version = get16(b + HDR(version));
	if (bz->version < BOOT_PROTO_MIN)
		return err_set(e, ENOTSUP, "%s: boot protocol version %u.%02u is too old (need 2.10 or later)",
			       name, bz->version >> 8, bz->version & 0xff);

	/* The header ends at 0x202 + the jump's byte offset (boot.rst). */
	hdr_end = 0x202 + b[0x201];
	if (hdr_end > len || hdr_end < HDR(kernel_info_offset))
		hdr_end = HDR(kernel_info_offset) + 4;
	if (hdr_end > BOOT_HDR_OFFSET + sizeof(struct setup_header))
		hdr_end = BOOT_HDR_OFFSET + sizeof(struct setup_header);
	bz->hdr_len = hdr_end - BOOT_HDR_OFFSET;

	sects = b[HDR(setup_sects)];
	if (!sects)
		sects = 4;
	bz->setup_len = (size_t)(sects + 1) * 512;
	if (bz->setup_len >= len)
		return err_set(e, EINVAL, "%s: truncated: setup_sects says the kernel starts at %#zx, file is %zu bytes",
			       name, bz->setup_len, len);
	bz->kernel = b + bz->setup_len;
	bz->kernel_len = len - bz->setup_len;

	/* syssize counts 16-byte paragraphs of the protected-mode kernel. */
	if ((uint64_t)get32(b + HDR(syssize)) * 16 > bz->kernel_len)
		return err_set(e, EINVAL, "%s: truncated: syssize says %" PRIu64 " bytes of kernel, file has %zu",
			       name, (uint64_t)get32(b + HDR(syssize)) * 16, bz->kernel_len);

	bz->xloadflags = get16(b + HDR(xloadflags));
	if (!(bz->xloadflags & XLF_KERNEL_64))
		return err_set(e, ENOTSUP, "%s: xloadflags %#x lacks XLF_KERNEL_64: no 64-bit entry point",
			       name, bz->xloadflags);
	if (!(b[HDR(loadflags)] & LOADED_HIGH))
		return err_set(e, ENOTSUP, "%s: loadflags lack LOADED_HIGH (a zImage?)", name);

	bz->pref_address = get64(b + HDR(pref_address));
	bz->init_size = get32(b + HDR(init_size));
	bz->cmdline_size = get32(b + HDR(cmdline_size));
	bz->initrd_addr_max = get32(b + HDR(initrd_addr_max));
	if (!bz->pref_address)
		bz->pref_address = GUEST_KERNEL_DEFAULT;
	if (bz->init_size < bz->kernel_len)
		return err_set(e, EINVAL, "%s: init_size %#" PRIx64 " is smaller than the kernel (%#zx)",
			       name, bz->init_size, bz->kernel_len);
	if (!bz->initrd_addr_max)
		bz->initrd_addr_max = BOOT_INITRD_MAX_DEFAULT;
	return 0;
}

int linux_plan(uint64_t kernel_addr, uint64_t init_size, uint32_t initrd_addr_max,
	       uint32_t cmdline_size, const struct e820_map *map,
	       uint64_t initrd_size, const char *cmdline,
	       struct linux_layout *out, struct err *e)
{
	uint64_t ram_top = e820_ram_top_below(map, GUEST_MMIO_HOLE_START);
	uint64_t limit, top;
	size_t clen = strlen(cmdline);

	*out = (struct linux_layout){ .kernel_addr = kernel_addr,
				      .cmdline_addr = GUEST_CMDLINE, .cmdline_len = clen };
	if (clen > cmdline_size || clen >= GUEST_CMDLINE_MAX)
		return err_set(e, E2BIG, "command line is %zu bytes, longer than the kernel's cmdline_size of %u",
			       clen, cmdline_size);
	if (kernel_addr < GUEST_HIMEM_START)
		return err_set(e, EINVAL, "kernel load address %#" PRIx64 " is below 1 MiB", kernel_addr);
	if (kernel_addr + init_size > ram_top)
		return err_set(e, ENOMEM, "kernel needs [%#" PRIx64 ", %#" PRIx64 ") (init_size) but low RAM ends at %#"
			       PRIx64 ": give the guest more --memory", kernel_addr,
			       kernel_addr + init_size, ram_top);
	out->kernel_end = kernel_addr + init_size;
	if (!initrd_size)
		return 0;

	limit = (uint64_t)initrd_addr_max + 1;
	top = ram_top < limit ? ram_top : limit;
	if (initrd_size > top || ((top - initrd_size) & ~0xfffull) < out->kernel_end)
		return err_set(e, ENOMEM, "initrd too large for guest memory: %" PRIu64 " KiB, but only %" PRIu64
			       " KiB fit between the kernel's end (%#" PRIx64 ") and %#" PRIx64,
			       initrd_size >> 10, top > out->kernel_end ? (top - out->kernel_end) >> 10 : 0,
			       out->kernel_end, top);
	out->initrd_addr = (top - initrd_size) & ~0xfffull;
	out->initrd_size = initrd_size;
	return 0;
}

int linux_zero_page(void *zp, const uint8_t *hdr, size_t hdr_len,
		    const struct linux_layout *lay, const struct e820_map *map,
		    struct err *e)
{
	struct boot_params *bp = zp;
	struct setup_header *sh = &bp->hdr;
	unsigned int i;

	if (hdr_len > sizeof(*sh))
		return err_set(e, EINVAL, "setup header of %zu bytes is larger than struct setup_header", hdr_len);
	if (map->nr > E820_MAX_ENTRIES_ZEROPAGE)
		return err_set(e, EINVAL, "e820 map has %u entries, zero page holds %d",
			       map->nr, E820_MAX_ENTRIES_ZEROPAGE);
	memset(bp, 0, sizeof(*bp));
	if (hdr) {
		memcpy(sh, hdr, hdr_len);
	} else {
		/* vmlinux: no image header; describe ourselves like one. */
		sh->boot_flag = 0xaa55;
		sh->header = 0x53726448;	/* "HdrS" */
		sh->version = BOOT_PROTO_MIN;
		sh->kernel_alignment = 0x1000000;
		sh->loadflags = LOADED_HIGH;
	}
	sh->type_of_loader = LOADER_UNDEFINED;
	sh->cmd_line_ptr = (uint32_t)lay->cmdline_addr;
	sh->cmdline_size = (uint32_t)lay->cmdline_len;
	sh->ramdisk_image = (uint32_t)lay->initrd_addr;
	sh->ramdisk_size = (uint32_t)lay->initrd_size;
	sh->code32_start = (uint32_t)lay->kernel_addr;

	for (i = 0; i < map->nr; i++)
		bp->e820_table[i] = (struct boot_e820_entry){
			.addr = map->e[i].addr, .size = map->e[i].size, .type = map->e[i].type,
		};
	bp->e820_entries = (uint8_t)map->nr;
	return 0;
}

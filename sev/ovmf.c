// SPDX-License-Identifier: GPL-2.0
/*
 * The OVMF footer GUID table, read as QEMU reads it.
 *
 * QEMU (hw/i386/pc_sysfw_ovmf.c) does it in two steps:
 * pc_system_parse_ovmf_flash() checks the footer GUID 48 bytes before the
 * end of the flash ("32 bytes after the table + 16 bytes the GUID itself"),
 * takes the u16 before it as the table length and copies the table;
 * pc_system_ovmf_table_find() then walks the entries backwards from the
 * footer for each GUID it is asked about. Here the walk is done once, at
 * parse time, and every entry is recorded, so that a corrupt table is
 * reported as such instead of making some GUIDs silently absent.
 *
 * Every read is checked against [0, size): the image is untrusted input
 * (a user-supplied --firmware), and its measurement must not depend on
 * bytes outside it.
 */
#include "sev/ovmf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "vmm/util/le.h"

/* EFI GUIDs in their stored (little-endian) byte order. */
const uint8_t ovmf_guid_footer[OVMF_GUID_LEN] = {	/* 96b582de-1fb2-45f7-baea-a366c55a082d */
	0xde, 0x82, 0xb5, 0x96, 0xb2, 0x1f, 0xf7, 0x45,
	0xba, 0xea, 0xa3, 0x66, 0xc5, 0x5a, 0x08, 0x2d,
};
const uint8_t ovmf_guid_sev_es_reset[OVMF_GUID_LEN] = {	/* 00f771de-1a7e-4fcb-890e-68c77e2fb44e */
	0xde, 0x71, 0xf7, 0x00, 0x7e, 0x1a, 0xcb, 0x4f,
	0x89, 0x0e, 0x68, 0xc7, 0x7e, 0x2f, 0xb4, 0x4e,
};
const uint8_t ovmf_guid_hash_table[OVMF_GUID_LEN] = {	/* 7255371f-3a3b-4b04-927b-1da6efa8d454 */
	0x1f, 0x37, 0x55, 0x72, 0x3b, 0x3a, 0x04, 0x4b,
	0x92, 0x7b, 0x1d, 0xa6, 0xef, 0xa8, 0xd4, 0x54,
};
const uint8_t ovmf_guid_secret[OVMF_GUID_LEN] = {	/* 4c2eb361-7d9b-4cc3-8081-127c90d3d294 */
	0x61, 0xb3, 0x2e, 0x4c, 0x9b, 0x7d, 0xc3, 0x4c,
	0x80, 0x81, 0x12, 0x7c, 0x90, 0xd3, 0xd2, 0x94,
};
const uint8_t ovmf_guid_sev_metadata[OVMF_GUID_LEN] = {	/* dc886566-984a-4798-a75e-5585a7bf67cc */
	0x66, 0x65, 0x88, 0xdc, 0x4a, 0x98, 0x98, 0x47,
	0xa7, 0x5e, 0x55, 0x85, 0xa7, 0xbf, 0x67, 0xcc,
};
const uint8_t ovmf_guid_tdx_metadata[OVMF_GUID_LEN] = {	/* e47a6535-984a-4798-865e-4685a7bf8ec2 */
	0x35, 0x65, 0x7a, 0xe4, 0x4a, 0x98, 0x98, 0x47,
	0x86, 0x5e, 0x46, 0x85, 0xa7, 0xbf, 0x8e, 0xc2,
};

/*
 * pc_sysfw_ovmf.c: "bytes_after_table_footer = 32" (OVMF puts the 16-byte
 * reset vector and the VTF signature/padding there).
 */
#define AFTER_FOOTER	32
/* The u16 length and the GUID that end the footer and every entry. */
#define TRAILER		(2 + OVMF_GUID_LEN)
/* pc_system_parse_ovmf_flash() ignores a flash smaller than TARGET_PAGE_SIZE. */
#define MIN_IMAGE	4096
/* The image ends at 4 GiB: it cannot be larger. */
#define MAX_IMAGE	(1ull << 32)

int ovmf_table_parse(const uint8_t *img, size_t size, struct ovmf_table *t, struct err *e)
{
	size_t footer, end, remaining, len, total;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->image_size = size;
	/*
	 * QEMU returns silently for a small flash and then finds no table; a
	 * firmware that small is a mistake worth saying so about.
	 */
	if (size < MIN_IMAGE)
		return err_set(e, EINVAL, "OVMF table: image of %zu bytes is smaller than a %u-byte "
			       "page (QEMU does not look for a table in it)", size, MIN_IMAGE);
	if ((uint64_t)size > MAX_IMAGE)
		return err_set(e, EINVAL, "OVMF table: image of %zu bytes does not fit below 4 GiB",
			       size);

	/* size >= 4096, so footer >= 4046: the footer's 18 bytes are inside. */
	footer = size - AFTER_FOOTER - TRAILER;	/* offset of the footer's u16 length */
	t->table_offset = footer;
	if (memcmp(img + footer + 2, ovmf_guid_footer, OVMF_GUID_LEN))
		return err_set(e, ENOENT, "OVMF table: no footer GUID 96b582de-1fb2-45f7-baea-"
			       "a366c55a082d at offset %#zx: not an OVMF-style image",
			       footer + 2);

	/*
	 * The length covers the footer's own 18 bytes; QEMU subtracts them
	 * and refuses a negative rest or one reaching before the image
	 * ("OVMF table has invalid size").
	 */
	total = get_le16(img + footer);
	if (total < TRAILER)
		return err_set(e, EINVAL, "OVMF table: footer at offset %#zx: total length %zu is "
			       "below 18 (its own length field and GUID)", footer, total);
	remaining = total - TRAILER;
	if (remaining > footer)
		return err_set(e, EINVAL, "OVMF table: footer at offset %#zx: total length %zu "
			       "needs %zu bytes before it, only %zu precede it", footer, total,
			       remaining, footer);
	t->table_offset = footer - remaining;

	/*
	 * pc_system_ovmf_table_find(): from the footer backwards, each entry
	 * ends with { u16 len; GUID }, len counting its data too. QEMU gives up
	 * on "len < 18" (it would spin on 0) and on "len > tot_len"; it stops
	 * when fewer than 18 bytes remain, ignoring them.
	 * Invariant: t->table_offset + remaining == end <= footer, so every
	 * read below lies in [t->table_offset, footer).
	 */
	end = footer;
	while (remaining >= TRAILER) {
		struct ovmf_entry *en;
		size_t at = end - TRAILER;	/* the entry's u16 length */

		len = get_le16(img + at);
		if (len < TRAILER)
			return err_set(e, EINVAL, "OVMF table: entry at offset %#zx: length %zu is "
				       "below 18", at, len);
		if (len > remaining)
			return err_set(e, EINVAL, "OVMF table: entry at offset %#zx: length %zu is "
				       "larger than the %zu bytes left in the table (from offset "
				       "%#zx)", at, len, remaining, t->table_offset);
		if (t->nr == OVMF_MAX_ENTRIES)
			return err_set(e, E2BIG, "OVMF table: entry at offset %#zx: more than %u "
				       "entries", at, OVMF_MAX_ENTRIES);
		/* Collected from the footer down; put in file order below. */
		en = &t->e[t->nr++];
		memcpy(en->guid, img + at + 2, OVMF_GUID_LEN);
		en->offset = end - len;
		en->len = len - TRAILER;
		end -= len;
		remaining -= len;
	}
	for (i = 0; i < t->nr / 2; i++) {
		struct ovmf_entry tmp = t->e[i];

		t->e[i] = t->e[t->nr - 1 - i];
		t->e[t->nr - 1 - i] = tmp;
	}
	return 0;
}

const struct ovmf_entry *ovmf_find(const struct ovmf_table *t, const uint8_t guid[OVMF_GUID_LEN])
{
	unsigned int i;

	/* QEMU returns the first match of its backward walk: the last in file order. */
	for (i = t->nr; i-- > 0;)
		if (!memcmp(t->e[i].guid, guid, OVMF_GUID_LEN))
			return &t->e[i];
	return NULL;
}

/*
 * The entry's data must lie in the image the table was parsed from; this
 * holds for a table ovmf_table_parse() filled, and guards against one
 * paired with another image or changed by the caller.
 */
static int data_in_image(const struct ovmf_table *t, const struct ovmf_entry *en,
			 const char *name, struct err *e)
{
	if (en->offset > t->image_size || en->len > t->image_size - en->offset)
		return err_set(e, EINVAL, "OVMF table: %s at offset %#zx: its %zu bytes of data "
			       "lie outside the %zu-byte image", name, en->offset, en->len,
			       t->image_size);
	return 0;
}

int ovmf_sev_es_reset_addr(const struct ovmf_table *t, const uint8_t *img, uint32_t *addr,
			   struct err *e)
{
	const struct ovmf_entry *en = ovmf_find(t, ovmf_guid_sev_es_reset);
	int r;

	if (!en)
		return err_set(e, ENOENT, "OVMF table: no SEV-ES reset block (GUID "
			       "00f771de-1a7e-4fcb-890e-68c77e2fb44e)");
	/*
	 * QEMU (target/i386/sev.c, sev_es_find_reset_vector()) reads a
	 * SevInfoBlock { u32 reset_addr } without checking the length; a
	 * block of another size is not one this code understands.
	 */
	if (en->len != 4)
		return err_set(e, EINVAL, "OVMF table: SEV-ES reset block at offset %#zx: data is "
			       "%zu bytes, expected 4 (u32 reset_addr)", en->offset, en->len);
	r = data_in_image(t, en, "SEV-ES reset block", e);
	if (r)
		return r;
	/* sev_es_parse_reset_block(): "SEV-ES reset address is zero". */
	if (!get_le32(img + en->offset))
		return err_set(e, EINVAL, "OVMF table: SEV-ES reset block at offset %#zx: "
			       "reset_addr is 0", en->offset);
	*addr = get_le32(img + en->offset);
	return 0;
}

int ovmf_area(const struct ovmf_table *t, const uint8_t *img, const uint8_t guid[OVMF_GUID_LEN],
	      struct ovmf_area *a, struct err *e)
{
	const struct ovmf_entry *en = ovmf_find(t, guid);
	const char *name = ovmf_guid_name(guid);
	char text[37];
	int r;

	if (!name)
		name = ovmf_guid_str(guid, text);
	if (!en)
		return err_set(e, ENOENT, "OVMF table: no %s", name);
	/*
	 * QEMU casts the data to SevHashTableDescriptor { u32 base; u32 size }
	 * (sev_add_kernel_loader_hashes()) without a length check; more data
	 * is tolerated as QEMU tolerates it, less is refused.
	 */
	if (en->len < 8)
		return err_set(e, EINVAL, "OVMF table: %s at offset %#zx: data is %zu bytes, "
			       "expected 8 (u32 base, u32 size)", name, en->offset, en->len);
	r = data_in_image(t, en, name, e);
	if (r)
		return r;
	a->base = get_le32(img + en->offset);
	a->size = get_le32(img + en->offset + 4);
	return 0;
}

const char *ovmf_guid_name(const uint8_t guid[OVMF_GUID_LEN])
{
	static const struct {
		const uint8_t *guid;
		const char *name;
	} names[] = {
		{ ovmf_guid_footer, "footer" },
		{ ovmf_guid_sev_es_reset, "SEV-ES reset block" },
		{ ovmf_guid_hash_table, "SEV hash table block" },
		{ ovmf_guid_secret, "SEV secret block" },
		{ ovmf_guid_sev_metadata, "SEV metadata offset" },
		{ ovmf_guid_tdx_metadata, "TDX metadata offset" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!memcmp(guid, names[i].guid, OVMF_GUID_LEN))
			return names[i].name;
	return NULL;
}

/* EFI_GUID: u32, u16, u16 little-endian, then 8 bytes in order. */
char *ovmf_guid_str(const uint8_t g[OVMF_GUID_LEN], char buf[37])
{
	snprintf(buf, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 get_le32(g), get_le16(g + 4), get_le16(g + 6), g[8], g[9], g[10], g[11], g[12],
		 g[13], g[14], g[15]);
	return buf;
}

/* pc_system_flash_map(): the flash is mapped so that it ends at 4 GiB. */
uint64_t ovmf_gpa(size_t image_size, size_t off)
{
	return MAX_IMAGE - image_size + off;
}

size_t ovmf_reset_vector_offset(size_t image_size)
{
	return image_size - OVMF_RESET_VECTOR_LEN;
}

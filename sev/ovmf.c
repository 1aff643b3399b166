// SPDX-License-Identifier: GPL-2.0
/*
 * OVMF footer GUID table. Layout (pc_sysfw_ovmf.c): the last 32 bytes of
 * the image are skipped; before them sit a u16 total length and the footer
 * GUID; the total covers the whole table including those 18 bytes. The
 * entries are walked backwards from the length field: each ends with a u16
 * length (data + 18) and its GUID, its data just before.
 */
#include "sev/ovmf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "sev/le.h"

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

#define FOOTER_SKIP	32	/* reset vector, "VTF" signature, padding */
#define TRAILER		(2 + OVMF_GUID_LEN)
#define MIN_IMAGE	4096	/* QEMU parses only images of a page or more */

int ovmf_table_parse(const uint8_t *img, size_t size, struct ovmf_table *t, struct err *e)
{
	size_t end, body, total, len;

	memset(t, 0, sizeof(*t));
	t->image_size = size;
	if (size < MIN_IMAGE)
		return err_set(e, EINVAL, "firmware image of %zu bytes: smaller than a page", size);
	end = size - FOOTER_SKIP;	/* the footer's GUID ends here */
	if (memcmp(img + end - OVMF_GUID_LEN, ovmf_guid_footer, OVMF_GUID_LEN))
		return err_set(e, ENOENT, "no OVMF GUID table (no footer GUID at offset %#zx)",
			       end - OVMF_GUID_LEN);
	total = get_le16(img + end - TRAILER);
	if (total < TRAILER || total > end)
		return err_set(e, EINVAL, "OVMF table: footer length %zu at offset %#zx is %s", total,
			       end - TRAILER, total < TRAILER ? "below 18" : "beyond the image");
	body = total - TRAILER;
	end -= TRAILER;			/* the last entry ends at the footer's length */
	t->table_offset = end - body;
	while (body >= TRAILER) {
		struct ovmf_entry *en;

		len = get_le16(img + end - TRAILER);
		if (len < TRAILER || len > body)
			return err_set(e, EINVAL, "OVMF table: entry ending at offset %#zx: length %zu "
				       "is %s", end, len, len < TRAILER ? "below 18" :
				       "beyond the table");
		if (t->nr == OVMF_MAX_ENTRIES)
			return err_set(e, E2BIG, "OVMF table: more than %u entries", OVMF_MAX_ENTRIES);
		/* Collected backwards; reversed below into file order. */
		en = &t->e[t->nr++];
		memcpy(en->guid, img + end - OVMF_GUID_LEN, OVMF_GUID_LEN);
		en->offset = end - len;
		en->len = len - TRAILER;
		end -= len;
		body -= len;
	}
	for (unsigned int i = 0; i < t->nr / 2; i++) {
		struct ovmf_entry tmp = t->e[i];

		t->e[i] = t->e[t->nr - 1 - i];
		t->e[t->nr - 1 - i] = tmp;
	}
	return 0;
}

const struct ovmf_entry *ovmf_find(const struct ovmf_table *t, const uint8_t guid[OVMF_GUID_LEN])
{
	unsigned int i;

	/* QEMU takes the first match walking backwards: the last in file order. */
	for (i = t->nr; i-- > 0;)
		if (!memcmp(t->e[i].guid, guid, OVMF_GUID_LEN))
			return &t->e[i];
	return NULL;
}

int ovmf_sev_es_reset_addr(const struct ovmf_table *t, const uint8_t *img, uint32_t *addr,
			   struct err *e)
{
	const struct ovmf_entry *en = ovmf_find(t, ovmf_guid_sev_es_reset);

	if (!en)
		return err_set(e, ENOENT, "no SEV-ES reset block in the firmware's GUID table");
	if (en->len < 4)
		return err_set(e, EINVAL, "SEV-ES reset block at offset %#zx: %zu bytes of data, "
			       "expected 4", en->offset, en->len);
	*addr = get_le32(img + en->offset);
	if (!*addr)
		return err_set(e, EINVAL, "SEV-ES reset block at offset %#zx: the reset address is 0",
			       en->offset);
	return 0;
}

int ovmf_area(const struct ovmf_table *t, const uint8_t *img, const uint8_t guid[OVMF_GUID_LEN],
	      struct ovmf_area *a, struct err *e)
{
	const struct ovmf_entry *en = ovmf_find(t, guid);
	const char *name = ovmf_guid_name(guid);

	if (!name)
		name = "block";
	if (!en)
		return err_set(e, ENOENT, "no %s in the firmware's GUID table", name);
	if (en->len < 8)
		return err_set(e, EINVAL, "%s at offset %#zx: %zu bytes of data, expected base and "
			       "size (8)", name, en->offset, en->len);
	a->base = get_le32(img + en->offset);
	a->size = get_le32(img + en->offset + 4);
	return 0;
}

const char *ovmf_guid_name(const uint8_t guid[OVMF_GUID_LEN])
{
	static const struct { const uint8_t *guid; const char *name; } names[] = {
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

char *ovmf_guid_str(const uint8_t g[OVMF_GUID_LEN], char buf[37])
{
	snprintf(buf, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 get_le32(g), get_le16(g + 4), get_le16(g + 6), g[8], g[9], g[10], g[11], g[12],
		 g[13], g[14], g[15]);
	return buf;
}

uint64_t ovmf_gpa(size_t image_size, size_t off)
{
	return (1ull << 32) - image_size + off;
}

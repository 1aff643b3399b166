// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel hashes table (sev-reference Part A 3.3): header GUID
 * 9438d606-4f22-4cc9-b479-a793d411fd21 and u16 length 168, then entries of
 * { GUID; u16 len = 50; u8 sha256[32] } for cmdline, initrd and kernel.
 * Entries are found by GUID, as OVMF does; every length is checked against
 * the table and the area, since the area is guest memory the hypervisor
 * filled.
 */
#include "firmware/hash_table.h"

#define GUID_SIZE	16
#define HEADER_SIZE	(GUID_SIZE + 2)
#define ENTRY_SIZE	(GUID_SIZE + 2 + 32)

/* GUIDs as stored (EFI_GUID, little-endian fields). */
static const uint8_t table_guid[GUID_SIZE] = {
	0x06, 0xd6, 0x38, 0x94, 0x22, 0x4f, 0xc9, 0x4c,
	0xb4, 0x79, 0xa7, 0x93, 0xd4, 0x11, 0xfd, 0x21,
};
static const uint8_t cmdline_guid[GUID_SIZE] = {
	0xd8, 0x2d, 0xd0, 0x97, 0x20, 0xbd, 0x94, 0x4c,
	0xaa, 0x78, 0xe7, 0x71, 0x4d, 0x36, 0xab, 0x2a,
};
static const uint8_t initrd_guid[GUID_SIZE] = {
	0x31, 0xf7, 0xba, 0x44, 0x2f, 0x3a, 0xd7, 0x4b,
	0x9a, 0xf1, 0x41, 0xe2, 0x91, 0x69, 0x78, 0x1d,
};
static const uint8_t kernel_guid[GUID_SIZE] = {
	0x37, 0x94, 0xe7, 0x4d, 0xd2, 0xab, 0x7f, 0x42,
	0xb8, 0x35, 0xd5, 0xb1, 0x72, 0xd2, 0x04, 0x5b,
};

static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

static void copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	while (n--)
		*dst++ = *src++;
}

enum hash_table_state hash_table_parse(const uint8_t *area, size_t size,
				       struct kernel_hashes *h, const char **why)
{
	unsigned int found = 0, len, off;

	if (size < HEADER_SIZE || !same(area, table_guid, GUID_SIZE))
		return HASH_TABLE_ABSENT;
	len = (unsigned int)(area[16] | area[17] << 8);
	if (len != HASH_TABLE_LEN || len > size) {
		*why = "table length is not 168";
		return HASH_TABLE_MALFORMED;
	}
	for (off = HEADER_SIZE; off + HEADER_SIZE <= len;) {
		const uint8_t *e = area + off;
		unsigned int elen = (unsigned int)(e[16] | e[17] << 8);
		uint8_t *dst = NULL;
		unsigned int bit = 0;

		if (elen < HEADER_SIZE || off + elen > len) {
			*why = "entry length out of the table";
			return HASH_TABLE_MALFORMED;
		}
		if (same(e, cmdline_guid, GUID_SIZE)) {
			dst = h->cmdline;
			bit = 1;
		} else if (same(e, initrd_guid, GUID_SIZE)) {
			dst = h->initrd;
			bit = 2;
		} else if (same(e, kernel_guid, GUID_SIZE)) {
			dst = h->kernel;
			bit = 4;
		}
		if (dst) {
			if (elen != ENTRY_SIZE) {
				*why = "hash entry length is not 50";
				return HASH_TABLE_MALFORMED;
			}
			if (found & bit) {
				*why = "hash entry appears twice";
				return HASH_TABLE_MALFORMED;
			}
			copy(dst, e + HEADER_SIZE, 32);
			found |= bit;
		}
		off += elen;
	}
	if (found != 7) {
		*why = "cmdline, initrd or kernel entry missing";
		return HASH_TABLE_MALFORMED;
	}
	return HASH_TABLE_VALID;
}

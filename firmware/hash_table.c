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

static const uint8_t table_guid[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_TABLE;
static const uint8_t cmdline_guid[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_CMDLINE;
static const uint8_t initrd_guid[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_INITRD;
static const uint8_t kernel_guid[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_KERNEL;

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

	if (size < SEV_HASH_HEADER_LEN || !same(area, table_guid, SEV_HASH_GUID_LEN))
		return HASH_TABLE_ABSENT;
	len = (unsigned int)(area[16] | area[17] << 8);
	if (len != SEV_HASH_TABLE_LEN || len > size) {
		*why = "table length is not 168";
		return HASH_TABLE_MALFORMED;
	}
	for (off = SEV_HASH_HEADER_LEN; off + SEV_HASH_HEADER_LEN <= len;) {
		const uint8_t *e = area + off;
		unsigned int elen = (unsigned int)(e[16] | e[17] << 8);
		uint8_t *dst = NULL;
		unsigned int bit = 0;

		if (elen < SEV_HASH_HEADER_LEN || off + elen > len) {
			*why = "entry length out of the table";
			return HASH_TABLE_MALFORMED;
		}
		if (same(e, cmdline_guid, SEV_HASH_GUID_LEN)) {
			dst = h->cmdline;
			bit = 1;
		} else if (same(e, initrd_guid, SEV_HASH_GUID_LEN)) {
			dst = h->initrd;
			bit = 2;
		} else if (same(e, kernel_guid, SEV_HASH_GUID_LEN)) {
			dst = h->kernel;
			bit = 4;
		}
		if (dst) {
			if (elen != SEV_HASH_ENTRY_LEN) {
				*why = "hash entry length is not 50";
				return HASH_TABLE_MALFORMED;
			}
			if (found & bit) {
				*why = "hash entry appears twice";
				return HASH_TABLE_MALFORMED;
			}
			copy(dst, e + SEV_HASH_HEADER_LEN, 32);
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

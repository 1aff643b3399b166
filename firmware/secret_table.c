// SPDX-License-Identifier: GPL-2.0
/* The EFI secret table walk (see secret_table.h); bounds-checked: the table is outside input. */
#include "firmware/secret_table.h"

static const uint8_t secret_guid[16] = {
	0x42, 0xf5, 0x74, 0x1e, 0xdd, 0x71, 0x66, 0x4d,
	0x96, 0x3e, 0xef, 0x42, 0x87, 0xff, 0x17, 0x3b,
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum secret_table_state secret_table_walk(const uint8_t *area, size_t size, uint32_t *total,
					  void (*each)(const struct secret_entry *, void *),
					  void *opaque, const char **why)
{
	uint32_t off;
	unsigned int i;

	if (size < SECRET_HEADER_SIZE)
		return SECRET_TABLE_ABSENT;
	for (i = 0; i < sizeof(secret_guid); i++)
		if (area[i] != secret_guid[i])
			return SECRET_TABLE_ABSENT;
	*total = rd32(area + 16);
	if (*total < SECRET_HEADER_SIZE || *total > size) {
		*why = "table length is below 20 or beyond the secret area";
		return SECRET_TABLE_MALFORMED;
	}
	for (off = SECRET_HEADER_SIZE; off < *total;) {
		struct secret_entry e = { .guid = area + off };

		if (*total - off < SECRET_HEADER_SIZE) {
			*why = "entry header truncated by the table length";
			return SECRET_TABLE_MALFORMED;
		}
		e.len = rd32(area + off + 16);
		if (e.len < SECRET_HEADER_SIZE || e.len > *total - off) {
			*why = "entry length is below 20 or beyond the table";
			return SECRET_TABLE_MALFORMED;
		}
		if (each)
			each(&e, opaque);
		off += e.len;
	}
	return SECRET_TABLE_VALID;
}

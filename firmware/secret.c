// SPDX-License-Identifier: GPL-2.0
/* Reports the EFI secret table LAUNCH_SECRET put in the secret area. */
#include "firmware/boot.h"
#include "firmware/secret_table.h"
#include "firmware/sha256.h"

static void hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = "0123456789abcdef"[p[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[p[i] & 15];
	}
	out[2 * n] = 0;
}

/* The canonical text form of an EFI_GUID stored little-endian. */
static void guid_text(char out[37], const uint8_t *g)
{
	static const int order[16] = { 3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11 };
	unsigned int i, n = 0;

	for (i = 0; i < 16; i++) {
		if (order[i] < 0) {
			out[n++] = '-';
			continue;
		}
		hex(out + n, g + order[i], 1);
		n += 2;
	}
	for (i = 12; i < 16; i++, n += 2)
		hex(out + n, g + i, 1);
	out[n] = 0;
}

static void print_entry(const struct secret_entry *e, void *opaque)
{
	char g[37];

	guid_text(g, e->guid);
	fw_print(opaque, "secret entry %s len %u", g, e->len);
}

void secret_report(struct fw *fw)
{
	const uint8_t *area = (const uint8_t *)(uintptr_t)FW_SECRET;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char g[37], h[65];
	const char *why = "";
	struct sha256 sha;
	uint32_t total = 0;
	enum secret_table_state st;

	st = secret_table_walk(area, FW_SECRET_SIZE, &total, NULL, NULL, &why);
	if (st == SECRET_TABLE_ABSENT)
		return;
	if (st == SECRET_TABLE_MALFORMED) {
		fw_print(fw, "launch secret table at %#x is malformed: %s", FW_SECRET, why);
		return;
	}
	sha256_init(&sha);
	sha256_update(&sha, area, total);
	sha256_final(&sha, digest);
	guid_text(g, area);
	hex(h, digest, sizeof(digest));
	fw_print(fw, "launch secret table GUID %s size %u sha256 %s", g, total, h);
	secret_table_walk(area, FW_SECRET_SIZE, &total, print_entry, fw, &why);
}

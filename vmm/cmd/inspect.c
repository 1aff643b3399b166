// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm inspect [FIRMWARE]`, for firmware developers (without FIRMWARE,
 * sevvm's embedded firmware): where the image sits
 * below 4 GiB, its reset vector, every entry of its OVMF GUID table, and
 * what an SEV launch takes from it (QEMU hw/i386/pc_sysfw_ovmf.c,
 * target/i386/sev.c). A malformed table is reported with its offset.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include "sev/crypto.h"
#include "sev/kernel_hashes.h"
#include "sev/launch_log.h"
#include "sev/ovmf.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/options.h"
#include "vmm/fw_embedded.h"
#include "vmm/util/le.h"
#include "vmm/util/mapped_file.h"

static void print_entry(FILE *out, const struct ovmf_table *t, const uint8_t *img,
			const struct ovmf_entry *en)
{
	const char *name = ovmf_guid_name(en->guid);
	char g[37];
	size_t i;

	fprintf(out, "  %#9zx  %#010" PRIx64 "  %s  %-20s  %3zu bytes", en->offset,
		ovmf_gpa(t->image_size, en->offset), ovmf_guid_str(en->guid, g),
		name ? name : "(unknown)", en->len);
	if (en->len == 4) {
		fprintf(out, "  %#x", get_le32(img + en->offset));
	} else if (en->len == 8) {
		fprintf(out, "  base %#x size %#x", get_le32(img + en->offset),
			get_le32(img + en->offset + 4));
	} else if (en->len) {
		fprintf(out, " ");
		for (i = 0; i < en->len && i < 16; i++)
			fprintf(out, " %02x", img[en->offset + i]);
		if (en->len > 16)
			fprintf(out, " ...");
	}
	fputc('\n', out);
}

/* A {base, size} area as a launch sees it; @need is the least size it takes. */
static void print_area(FILE *out, const struct ovmf_table *t, const uint8_t *img,
		       const uint8_t guid[OVMF_GUID_LEN], const char *label, uint32_t need)
{
	struct ovmf_area a;
	struct err e = { 0 };

	fprintf(out, "%-18s ", label);
	if (ovmf_area(t, img, guid, &a, &e))
		fprintf(out, "none (%s)\n", e.msg);
	else if (!a.base || a.size < need)
		fprintf(out, "unusable: base %#x size %#x (a launch needs a base and %u bytes)\n",
			a.base, a.size, need);
	else
		fprintf(out, "%#x, %#x bytes\n", a.base, a.size);
}

/*
 * Any file is shown as far as it can be (no size check: a developer may
 * inspect an image a launch would refuse); @path NULL: the embedded image.
 */
static int inspect(const char *path, FILE *out, struct err *e)
{
	struct mapped_file f = { .fd = -1 };
	struct ovmf_table t;
	const uint8_t *img;
	const char *name = path ? path : FW_EMBEDDED_NAME;
	uint8_t sha[32];
	char hex[65];
	size_t rv, i, len;
	uint32_t reset;
	struct err re = { 0 };
	int r;

	if (path) {
		r = mapped_file_open(path, &f, e);
		if (r)
			return r;
		img = f.data;
		len = f.len;
	} else {
		img = fw_embedded_data();
		len = fw_embedded_size();
	}
	r = sev_sha256(img, len, sha);
	if (r) {
		err_set(e, EIO, "SHA-256 of %s", name);
		goto out;
	}
	fprintf(out, "image: %s, %zu bytes, mapped at [%#" PRIx64 ", 0x100000000)\n", name, len,
		ovmf_gpa(len, 0));
	fprintf(out, "sha256: %s\n", sev_hex(sha, sizeof(sha), hex));
	if (len >= OVMF_RESET_VECTOR_LEN) {
		rv = ovmf_reset_vector_offset(len);
		fprintf(out, "reset vector: offset %#zx (%#" PRIx64 "):", rv, ovmf_gpa(len, rv));
		for (i = 0; i < OVMF_RESET_VECTOR_LEN; i++)
			fprintf(out, " %02x", img[rv + i]);
		fputc('\n', out);
	}
	r = ovmf_table_parse(img, len, &t, e);
	if (r) {
		err_prefix(e, "%s: ", name);
		goto out;
	}
	fprintf(out, "OVMF GUID table: %u entries, offset %#zx\n", t.nr, t.table_offset);
	fprintf(out, "  %9s  %10s  %-36s  %-20s  %s\n", "offset", "address", "GUID", "entry", "data");
	for (i = 0; i < t.nr; i++)
		print_entry(out, &t, img, &t.e[i]);
	fprintf(out, "%-18s ", "SEV-ES reset:");
	if (ovmf_sev_es_reset_addr(&t, img, &reset, &re))
		fprintf(out, "none (%s)\n", re.msg);
	else
		fprintf(out, "%#x (APs start at CS base %#x, IP %#x)\n", reset, reset & 0xffff0000u,
			reset & 0xffffu);
	print_area(out, &t, img, ovmf_guid_hash_table, "SEV hash table:", SEV_HASH_TABLE_SIZE);
	print_area(out, &t, img, ovmf_guid_secret, "SEV secret area:", 1);
out:
	mapped_file_close(&f);
	return r;
}

int cmd_inspect(int argc, char **argv)
{
	struct err e = { 0 };

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		err_set(&e, EINVAL, "usage: sevvm inspect [FIRMWARE]");
		return cmd_fail(NULL, &e);
	}
	if (inspect(argc == 2 ? argv[1] : NULL, stdout, &e) < 0)
		return cmd_fail(NULL, &e);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm inspect FIRMWARE`, for firmware developers: where the image sits
 * below 4 GiB, its reset vector, every entry of its OVMF GUID table, and
 * what an SEV launch takes from it (QEMU hw/i386/pc_sysfw_ovmf.c,
 * target/i386/sev.c). A malformed table is reported with its offset.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include "sev/kernel_hashes.h"
#include "sev/ovmf.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/options.h"
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

static int inspect(const char *path, FILE *out, struct err *e)
{
	struct mapped_file f;
	struct ovmf_table t;
	const uint8_t *img;
	size_t rv, i;
	uint32_t reset;
	struct err re = { 0 };
	int r = mapped_file_open(path, &f, e);

	if (r)
		return r;
	img = f.data;
	fprintf(out, "image: %s, %zu bytes, mapped at [%#" PRIx64 ", 0x100000000)\n", path, f.len,
		ovmf_gpa(f.len, 0));
	if (f.len >= OVMF_RESET_VECTOR_LEN) {
		rv = ovmf_reset_vector_offset(f.len);
		fprintf(out, "reset vector: offset %#zx (%#" PRIx64 "):", rv, ovmf_gpa(f.len, rv));
		for (i = 0; i < OVMF_RESET_VECTOR_LEN; i++)
			fprintf(out, " %02x", img[rv + i]);
		fputc('\n', out);
	}
	r = ovmf_table_parse(img, f.len, &t, e);
	if (r) {
		err_prefix(e, "%s: ", path);
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

	if (argc != 2 || argv[1][0] == '-') {
		err_set(&e, EINVAL, "usage: sevvm inspect FIRMWARE");
		return cmd_fail(NULL, &e);
	}
	if (inspect(argv[1], stdout, &e) < 0)
		return cmd_fail(NULL, &e);
	return 0;
}

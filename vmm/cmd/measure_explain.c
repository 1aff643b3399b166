// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm measure --explain LOG`: why a launch's measurement is not the one
 * the owner expected. LOG (a --launch-log file, or a --dump-measured
 * directory) says what the launch measured; the other options are those
 * of `sevvm measure` for the expected launch. Both are lists of measured
 * items in order (sev/measured.h); each expected item is paired with the
 * launch's item of the same name (a VMSA: of the same vCPU), marked equal
 * or different, and a difference is put in words: which hashes of the
 * kernel hashes table differ, which VMSA fields (APM vol. 2 table B-4)
 * with both values, and the known causes behind them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sev/kernel_hashes_abi.h"
#include "sev/launch_log.h"
#include "sev/launch_log_read.h"
#include "sev/measured.h"
#include "sev/vmsa_fields.h"
#include "vmm/cmd/measure.h"
#include "vmm/util/mapped_file.h"

/* KVM_SEV_INIT2 VM types copy these after reset (sev/vmsa.h); legacy init leaves 0. */
#define RESET_MXCSR	0x1f80u
#define RESET_FCW	0x37fu
#define VMSA_FPU_START	0x400u	/* x87_dp: the x87/SSE state begins */
#define VMSA_FPU_END	0x670u

static const char *item_name(const struct sev_measured_item *it, char *buf, size_t len)
{
	if (it->kind == SEV_MEASURED_VMSA)
		snprintf(buf, len, "VMSA of vCPU %u", it->cpu);
	else
		snprintf(buf, len, "%s", it->what);
	return buf;
}

static bool item_equal(const struct sev_measured_item *a, const struct sev_measured_item *b)
{
	return a->gpa == b->gpa && a->len == b->len && !memcmp(a->sha256, b->sha256, 32);
}

/* The launch's item for expected item @x: same kind and name (a VMSA: same vCPU). */
static struct sev_measured_item *pair(const struct sev_measured *launch, bool *used,
				      const struct sev_measured_item *x)
{
	unsigned int i;

	for (i = 0; i < launch->nr; i++) {
		const struct sev_measured_item *a = &launch->items[i];

		if (used[i] || a->kind != x->kind)
			continue;
		if (x->kind == SEV_MEASURED_VMSA ? a->cpu == x->cpu : !strcmp(a->what, x->what)) {
			used[i] = true;
			return &launch->items[i];
		}
	}
	return NULL;
}

static uint64_t le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static const struct sev_measured_item *find_region(const struct sev_measured *m,
						   const char *what)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		if (m->items[i].kind == SEV_MEASURED_REGION && !strcmp(m->items[i].what, what))
			return &m->items[i];
	return NULL;
}

/* The kernel hashes table: which of its entries differ, by their GUIDs. */
static void explain_hash_table(FILE *out, const uint8_t *a, const uint8_t *x)
{
	static const struct {
		const char *name;
		uint8_t guid[SEV_HASH_GUID_LEN];
	} entries[] = {
		{ "cmdline", SEV_HASH_GUID_CMDLINE }, { "initrd", SEV_HASH_GUID_INITRD },
		{ "kernel", SEV_HASH_GUID_KERNEL },
	};
	unsigned int i, k;
	char ha[65], hx[65];

	if (memcmp(a, x, SEV_HASH_HEADER_LEN))
		fprintf(out, "      the table's header (GUID and length) differs\n");
	for (k = 0; k < 3; k++) {
		const uint8_t *ea = NULL, *ex = NULL;

		/* Each side's entry of this GUID, wherever it sits (QEMU's order is fixed). */
		for (i = 0; i < 3; i++) {
			const uint8_t *pa = a + SEV_HASH_HEADER_LEN + i * SEV_HASH_ENTRY_LEN;
			const uint8_t *px = x + SEV_HASH_HEADER_LEN + i * SEV_HASH_ENTRY_LEN;

			if (!memcmp(pa, entries[k].guid, SEV_HASH_GUID_LEN))
				ea = pa;
			if (!memcmp(px, entries[k].guid, SEV_HASH_GUID_LEN))
				ex = px;
		}
		if (!ea || !ex) {
			fprintf(out, "      the %s entry is missing from the %s table\n", entries[k].name,
				!ea ? "launch's" : "expected");
			continue;
		}
		if (memcmp(ea + SEV_HASH_HEADER_LEN, ex + SEV_HASH_HEADER_LEN, 32))
			fprintf(out, "      the %s hash differs: launch %s, expected %s\n",
				entries[k].name, sev_hex(ea + SEV_HASH_HEADER_LEN, 32, ha),
				sev_hex(ex + SEV_HASH_HEADER_LEN, 32, hx));
	}
}

/* A command line region: the two strings, up to their NULs. */
static void print_string(FILE *out, const uint8_t *p, uint64_t len)
{
	uint64_t i;

	fputc('"', out);
	for (i = 0; i < len && p[i]; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?', out);
	fputc('"', out);
}

static void explain_bytes(FILE *out, const struct sev_measured_item *a,
			  const struct sev_measured_item *x)
{
	uint64_t n = a->len < x->len ? a->len : x->len, i, first = n, count = 0;

	for (i = 0; i < n; i++)
		if (a->data[i] != x->data[i]) {
			if (first == n)
				first = i;
			count++;
		}
	if (count)
		fprintf(out, "      %" PRIu64 " byte(s) differ, the first at +%#" PRIx64
			" (GPA %#" PRIx64 "): launch 0x%02x, expected 0x%02x\n", count, first,
			x->gpa + first, a->data[first], x->data[first]);
}

/*
 * The zero page's fields a loader writes (Linux boot protocol,
 * Documentation/arch/x86/boot.rst and zero-page.rst), the ones that
 * differ with both values.
 */
static void explain_zero_page(FILE *out, const uint8_t *a, const uint8_t *x)
{
	static const struct { const char *name; uint16_t off, size; } f[] = {
		{ "ext_ramdisk_image", 0x0c0, 4 }, { "ext_ramdisk_size", 0x0c4, 4 },
		{ "ext_cmd_line_ptr", 0x0c8, 4 }, { "e820_entries", 0x1e8, 1 },
		{ "type_of_loader", 0x210, 1 }, { "loadflags", 0x211, 1 },
		{ "code32_start", 0x214, 4 }, { "ramdisk_image", 0x218, 4 },
		{ "ramdisk_size", 0x21c, 4 }, { "cmd_line_ptr", 0x228, 4 },
		{ "e820_table", 0x2d0, 20 * 128 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!memcmp(a + f[i].off, x + f[i].off, f[i].size))
			continue;
		if (f[i].size > 8)
			fprintf(out, "      %s (%#x) differs\n", f[i].name, f[i].off);
		else
			fprintf(out, "      %s (%#x): launch %#" PRIx64 ", expected %#" PRIx64 "\n",
				f[i].name, f[i].off, le(a + f[i].off, f[i].size),
				le(x + f[i].off, f[i].size));
		if (!strncmp(f[i].name, "ramdisk", 7) || !strncmp(f[i].name, "ext_ramdisk", 11))
			fprintf(out, "      likely cause: a different initrd (its size or place)\n");
	}
}

static void explain_region(FILE *out, const struct sev_measured_item *a,
			   const struct sev_measured_item *x)
{
	char ha[65], hx[65];

	if (a->gpa != x->gpa)
		fprintf(out, "      the launch measured it at GPA %#" PRIx64 ", expected %#" PRIx64 "\n",
			a->gpa, x->gpa);
	if (a->len != x->len)
		fprintf(out, "      the launch measured %" PRIu64 " bytes, expected %" PRIu64 "\n",
			a->len, x->len);
	if (!memcmp(a->sha256, x->sha256, 32))
		return;
	if (!strcmp(x->what, "kernel hashes table") && a->data && x->data &&
	    a->len == SEV_HASH_TABLE_SIZE && x->len == SEV_HASH_TABLE_SIZE) {
		explain_hash_table(out, a->data, x->data);
		fprintf(out, "      likely cause: the firmware was given another kernel, initrd "
			"or command line than the expected one (or another --hash-table)\n");
		return;
	}
	if (a->data && x->data) {
		explain_bytes(out, a, x);
		if (!strcmp(x->what, "zero page") && a->len == 4096 && x->len == 4096)
			explain_zero_page(out, a->data, x->data);
		if (!strcmp(x->what, "command line")) {
			fprintf(out, "      launch   ");
			print_string(out, a->data, a->len);
			fprintf(out, "\n      expected ");
			print_string(out, x->data, x->len);
			fputc('\n', out);
		}
		return;
	}
	fprintf(out, "      the contents differ: SHA-256 %s in the launch, %s expected\n",
		sev_hex(a->sha256, 32, ha), sev_hex(x->sha256, 32, hx));
	if (!strcmp(x->what, "firmware"))
		fprintf(out, "      likely cause: a different firmware image\n");
	else if (!strcmp(x->what, "kernel") || !strcmp(x->what, "initrd"))
		fprintf(out, "      likely cause: a different %s file\n", x->what);
}

/* CPUID(1).EAX in words (AMD64 APM vol. 3, CPUID Fn0000_0001_EAX). */
static void print_signature(FILE *out, uint32_t sig)
{
	unsigned int fam = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;

	if (fam == 0xf) {
		fam += (sig >> 20) & 0xff;
		model |= ((sig >> 16) & 0xf) << 4;
	}
	fprintf(out, "%#x (family %#x, model %#x, stepping %u)", sig, fam, model, sig & 0xf);
}

static void print_value(FILE *out, const uint8_t *p, const struct sev_vmsa_field *f)
{
	unsigned int i;

	if (f->size <= 8) {
		fprintf(out, "0x%" PRIx64, le(p + f->off, f->size));
		return;
	}
	for (i = 0; i < f->size && i < 16; i++)
		fprintf(out, "%02x", p[f->off + i]);
	if (f->size > 16)
		fprintf(out, "...");
}

/* The VMSA fields that differ; their count. */
static unsigned int vmsa_fields_differ(FILE *out, const uint8_t *a, const uint8_t *x)
{
	const struct sev_vmsa_field *f;
	unsigned int n = 0;
	size_t nr, i, b;

	f = sev_vmsa_fields(&nr);
	for (i = 0; i < nr; i++) {
		if (!memcmp(a + f[i].off, x + f[i].off, f[i].size))
			continue;
		n++;
		fprintf(out, "      %s (0x%x, %u bytes): launch ", f[i].name, f[i].off, f[i].size);
		if (f[i].size <= 16) {
			print_value(out, a, &f[i]);
			fprintf(out, ", expected ");
			print_value(out, x, &f[i]);
			fputc('\n', out);
			continue;
		}
		for (b = 0; a[f[i].off + b] == x[f[i].off + b]; b++)
			;
		fprintf(out, "0x%02x, expected 0x%02x at +0x%zx (the first differing byte)\n",
			a[f[i].off + b], x[f[i].off + b], b);
	}
	return n;
}

static bool differs(const uint8_t *a, const uint8_t *x, unsigned int off, unsigned int len)
{
	return memcmp(a + off, x + off, len) != 0;
}

static bool all_zero(const uint8_t *p, unsigned int off, unsigned int len)
{
	while (len--)
		if (p[off++])
			return false;
	return true;
}

/* The known reasons two VMSAs differ (sev-reference Part A 4.1, Part C 1.5). */
static void vmsa_causes(FILE *out, const struct sev_measured_item *a,
			const struct sev_measured_item *x, const struct sev_measured *launch,
			const struct sev_measured *expected)
{
	const struct sev_vmsa_field *rdx = sev_vmsa_field_at(0x310);
	const struct sev_vmsa_field *feat = sev_vmsa_field_at(0x3b0);
	const struct sev_measured_item *fa, *fx;
	const uint8_t *pa = a->data, *px = x->data;

	if (differs(pa, px, VMSA_FPU_START, VMSA_FPU_END - VMSA_FPU_START) &&
	    (all_zero(pa, VMSA_FPU_START, VMSA_FPU_END - VMSA_FPU_START) ||
	     all_zero(px, VMSA_FPU_START, VMSA_FPU_END - VMSA_FPU_START))) {
		bool launch_legacy = all_zero(pa, VMSA_FPU_START, VMSA_FPU_END - VMSA_FPU_START);

		fprintf(out, "      likely cause: INIT vs INIT2: the %s VMSA has no x87/SSE state, "
			"as the legacy KVM_SEV_ES_INIT builds it; KVM_SEV_INIT2 VM types copy it "
			"(mxcsr %#x, x87_fcw %#x after reset); measure with --sev-init %s\n",
			launch_legacy ? "launch's" : "expected", RESET_MXCSR, RESET_FCW,
			launch_legacy ? "legacy" : "init2");
	}
	/* The reset state's RDX (a direct boot's entry state has 0 there). */
	if (differs(pa, px, rdx->off, rdx->size) && le(pa + rdx->off, 8) && le(px + rdx->off, 8) &&
	    le(pa + rdx->off, 8) <= UINT32_MAX && le(px + rdx->off, 8) <= UINT32_MAX) {
		fprintf(out, "      likely cause: another CPU signature in rdx (CPUID(1).EAX): "
			"the launch's vCPUs are ");
		print_signature(out, (uint32_t)le(pa + rdx->off, 4));
		fprintf(out, ", the expected ");
		print_signature(out, (uint32_t)le(px + rdx->off, 4));
		fprintf(out, "; measure with --cpu-sig %#x\n", (uint32_t)le(pa + rdx->off, 4));
	}
	if (differs(pa, px, feat->off, feat->size))
		fprintf(out, "      likely cause: other VMSA features given to KVM_SEV_INIT2 "
			"(0x20 is DebugSwap, which kvm_amd.debug_swap set on host kernels 6.6-6.9)\n");
	/* An AP starts at the firmware's SEV-ES reset block: CS base and IP. */
	if (differs(pa, px, 0x010, 16) || differs(pa, px, 0x178, 8)) {
		fa = find_region(launch, "firmware");
		fx = find_region(expected, "firmware");
		if (fa && fx && memcmp(fa->sha256, fx->sha256, 32))
			fprintf(out, "      likely cause: a different firmware image, whose SEV-ES "
				"reset block puts the %s elsewhere (launch %#" PRIx64 ":%#" PRIx64
				", expected %#" PRIx64 ":%#" PRIx64 ")\n", a->cpu ? "APs" : "BSP",
				le(pa + 0x018, 8), le(pa + 0x178, 8), le(px + 0x018, 8),
				le(px + 0x178, 8));
	}
}

static void explain_vmsa(FILE *out, const struct sev_measured_item *a,
			 const struct sev_measured_item *x, const struct sev_measured *launch,
			 const struct sev_measured *expected)
{
	char ha[65], hx[65];

	if (!a->data || !x->data) {
		fprintf(out, "      the page differs (SHA-256 %s in the launch, %s expected); the "
			"log has no VMSA bytes to compare field by field\n",
			sev_hex(a->sha256, 32, ha), sev_hex(x->sha256, 32, hx));
		return;
	}
	if (vmsa_fields_differ(out, a->data, x->data))
		vmsa_causes(out, a, x, launch, expected);
}

static unsigned int count_vmsas(const struct sev_measured *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < m->nr; i++)
		n += m->items[i].kind == SEV_MEASURED_VMSA;
	return n;
}

static void print_item(FILE *out, const struct sev_measured_item *it, const char *mark)
{
	char name[SEV_REGION_NAME_MAX + 32];

	if (it->kind == SEV_MEASURED_VMSA)
		fprintf(out, "  %-18s %9" PRIu64 "  %-32s %s\n", "-", it->len,
			item_name(it, name, sizeof(name)), mark);
	else
		fprintf(out, "  0x%-16" PRIx64 " %9" PRIu64 "  %-32s %s\n", it->gpa, it->len,
			item_name(it, name, sizeof(name)), mark);
}

static void print_summary(FILE *out, const char *who, const struct sev_measured *m)
{
	char hex[65];

	fprintf(out, "%-9s launch digest %s (%s%s%s): regions %u, VMSAs %u\n", who,
		m->have_digest ? sev_hex(m->digest, 32, hex) : "not recorded",
		m->mode[0] ? m->mode : "mode not recorded", m->init[0] ? ", " : "", m->init,
		m->nr - count_vmsas(m), count_vmsas(m));
}

int measure_explain_items(FILE *out, const struct sev_measured *launch,
			  const struct sev_measured *expected, struct err *e)
{
	unsigned int i, ndiff = 0, va = count_vmsas(launch), vx = count_vmsas(expected);
	bool *used = calloc(launch->nr ? launch->nr : 1, sizeof(*used));

	if (!used)
		return err_set(e, ENOMEM, "measure --explain");
	fprintf(out, "\n  %-18s %9s  %s\n", "GPA", "length", "what");
	for (i = 0; i < expected->nr; i++) {
		const struct sev_measured_item *x = &expected->items[i];
		struct sev_measured_item *a = pair(launch, used, x);

		if (a && item_equal(a, x)) {
			print_item(out, x, "equal");
			continue;
		}
		ndiff++;
		if (!a) {
			print_item(out, x, "missing from the launch");
			if (x->kind == SEV_MEASURED_VMSA && va != vx)
				fprintf(out, "      likely cause: a different vCPU count: the launch "
					"measured %u VMSA(s), the expected launch %u (--cpus)\n", va, vx);
			continue;
		}
		print_item(out, x, "different");
		if (x->kind == SEV_MEASURED_VMSA)
			explain_vmsa(out, a, x, launch, expected);
		else
			explain_region(out, a, x);
	}
	for (i = 0; i < launch->nr; i++) {
		if (used[i])
			continue;
		ndiff++;
		print_item(out, &launch->items[i], "only in the launch");
		if (launch->items[i].kind == SEV_MEASURED_VMSA && va != vx)
			fprintf(out, "      likely cause: a different vCPU count: the launch measured "
				"%u VMSA(s), the expected launch %u (--cpus)\n", va, vx);
	}
	free(used);
	return (int)ndiff;
}

static int read_launch(const char *path, const struct sev_measured *expected,
		       struct sev_measured *launch, struct err *e)
{
	struct mapped_file f;
	struct stat st;
	int r;

	if (stat(path, &st))
		return err_sys(e, errno, "%s", path);
	if (S_ISDIR(st.st_mode)) {
		r = sev_measured_read_dump(launch, path, expected, e);
		return r ? err_prefix(e, "%s: ", path) : 0;
	}
	r = mapped_file_open(path, &f, e);
	if (r)
		return r;
	r = sev_launch_log_read(f.data, f.len, launch, e);
	mapped_file_close(&f);
	return r ? err_prefix(e, "%s: ", path) : 0;
}

int sevvm_measure_explain(const struct vm_config *cfg, const struct measure_config *m,
			  FILE *out, struct err *e)
{
	struct measure_config mc = *m;
	struct sev_measured expected, launch;
	uint8_t digest[32];
	int ndiff, r;

	sev_measured_init(&expected);
	sev_measured_init(&launch);
	mc.record = &expected;
	mc.explain = NULL;
	r = sevvm_measure(cfg, &mc, NULL, digest, e);
	if (!r)
		r = read_launch(m->explain, &expected, &launch, e);
	if (r)
		goto out;
	print_summary(out, "launch:", &launch);
	print_summary(out, "expected:", &expected);
	if (launch.mode[0] && strcmp(launch.mode, expected.mode))
		fprintf(out, "note: the launch was %s, the expected one %s\n", launch.mode,
			expected.mode);
	if (launch.init[0] && strcmp(launch.init, expected.init) && !strcmp(expected.mode, "sev-es"))
		fprintf(out, "note: the launch's init command was %s, the expected one %s "
			"(--sev-init)\n", launch.init, expected.init);
	ndiff = measure_explain_items(out, &launch, &expected, e);
	if (ndiff < 0) {
		r = ndiff;
		goto out;
	}
	if (!ndiff && launch.have_digest && memcmp(launch.digest, expected.digest, 32)) {
		fprintf(out, "\nthe launch digests differ although every item is equal: "
			"the log's digest does not cover these items\n");
		ndiff = 1;
	}
	if (ndiff)
		fprintf(out, "\nlaunches differ: %d of %u measured items\n", ndiff,
			expected.nr > launch.nr ? expected.nr : launch.nr);
	else
		fprintf(out, "\nlaunches match: %u measured items, launch digest equal\n", expected.nr);
	r = ndiff ? 1 : 0;
out:
	sev_measured_free(&expected);
	sev_measured_free(&launch);
	return r;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI tables (vmm/acpi/) against an independent Python reader
 * (tests/acpi/decode.py) and iasl, and the PM device (devices/acpi_pm.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devices/acpi_pm.h"
#include "devices/pci.h"
#include "firmware/acpi_loader.h"
#include "tests/unit/unit.h"
#include "vmm/acpi/acpi.h"
#include "vmm/acpi/acpi_abi.h"
#include "vmm/acpi/aml.h"
#include "vmm/layout.h"

static void write_file(const char *dir, const char *name, const void *p, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, len, f), len);
	fclose(f);
}

static uint8_t *read_file(const char *dir, const char *name, size_t *len)
{
	char path[256];
	uint8_t *buf = malloc(1 << 16);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* Writes the blobs and commands as fw_cfg would carry them. */
static void dump(const struct acpi_linker *l, const char *dir)
{
	struct err e = { 0 };
	uint8_t *cmds;
	size_t len;

	ck_assert_int_eq(acpi_linker_commands(l, &cmds, &len, &e), 0);
	write_file(dir, "etc_acpi_tables", l->file[ACPI_FILE_TABLES].data,
		   l->file[ACPI_FILE_TABLES].len);
	write_file(dir, "etc_acpi_rsdp", l->file[ACPI_FILE_RSDP].data, l->file[ACPI_FILE_RSDP].len);
	write_file(dir, "etc_table-loader", cmds, len);
	free(cmds);
}

static void rm_dir(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/*
 * For several vCPU counts: the Python reader runs the table-loader
 * commands, checks every table, and its loaded blobs equal the bytes
 * sevvm's own loader puts into guest memory at the same addresses.
 */
START_TEST(acpi_tables_match_python_decoder)
{
	static const unsigned int counts[] = { 1, 2, 7, 64, ACPI_MAX_CPUS - 1 };
	/* RAM ends below 4 GiB: 4 MiB, 512 MiB, 2 GiB, 2.5 GiB, the 3 GiB hole. */
	static const uint64_t low_ram[] = { 4ull << 20, 512ull << 20, 2ull << 30, 5ull << 29,
					    3ull << 30 };
	const uint64_t addr[ACPI_FILES] = {
		[ACPI_FILE_TABLES] = GUEST_ACPI_TABLES, [ACPI_FILE_RSDP] = GUEST_ACPI_RSDP,
	};
	unsigned int n = counts[_i], f;
	char dir[] = "/tmp/sevvm-acpi-XXXXXX", cmd[512], line[256], want[64];
	struct acpi_linker l;
	struct err e = { 0 };
	uint8_t *out[ACPI_FILES];
	bool saw_madt = false;
	FILE *p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(acpi_build(&l, &(struct acpi_config){
		.ncpus = n, .pci_mmio_base = pci_mmio_base_for(low_ram[_i]) }, &e), 0);
	dump(&l, dir);
	snprintf(cmd, sizeof(cmd), "python3 tests/acpi/decode.py %s %u %#llx %#llx %#llx", dir, n,
		 (unsigned long long)GUEST_ACPI_TABLES, (unsigned long long)GUEST_ACPI_RSDP,
		 (unsigned long long)low_ram[_i]);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	snprintf(want, sizeof(want), "APIC lapics=%u\n", n);
	while (fgets(line, sizeof(line), p)) {
		ck_assert_msg(strncmp(line, "FAIL", 4), "%u CPUs: %s", n, line);
		if (!strcmp(line, want))
			saw_madt = true;
	}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_msg(saw_madt, "decoder did not report %u local APICs", n);

	for (f = 0; f < ACPI_FILES; f++)
		out[f] = calloc(1, l.file[f].len);
	ck_assert_int_eq(acpi_linker_apply(&l, addr, out, &e), 0);
	for (f = 0; f < ACPI_FILES; f++) {
		size_t len;
		uint8_t *py = read_file(dir, f == ACPI_FILE_TABLES ? "loaded.etc_acpi_tables" :
					"loaded.etc_acpi_rsdp", &len);

		ck_assert_uint_eq(len, l.file[f].len);
		ck_assert_msg(!memcmp(py, out[f], len), "%s differs from the Python loader's",
			      acpi_file_name((enum acpi_file)f));
		free(py);
		free(out[f]);
	}
	acpi_linker_free(&l);
	rm_dir(dir);
}
END_TEST

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* Finds a table by signature in the loaded tables blob (8-byte aligned). */
static const struct acpi_header *find(const uint8_t *b, size_t len, const char *sig)
{
	size_t off;

	for (off = 0; off + sizeof(struct acpi_header) <= len; off += 8)
		if (!memcmp(b + off, sig, 4))
			break;
	ck_assert_msg(off + sizeof(struct acpi_header) <= len, "no %s table", sig);
	return (const struct acpi_header *)(b + off);
}

/* Every table's length field and checksum, and the MADT's size per vCPU count. */
START_TEST(acpi_lengths_checksums_madt)
{
	const uint64_t addr[ACPI_FILES] = { [ACPI_FILE_TABLES] = 0x100000, [ACPI_FILE_RSDP] = 0xe0000 };
	static const char *const sigs[] = { "DSDT", "FACP", "APIC", "XSDT" };
	unsigned int n = (unsigned int)_i, i;
	struct acpi_linker l;
	struct err e = { 0 };
	uint8_t *out[ACPI_FILES];
	const struct acpi_header *h;
	const struct acpi_rsdp *rsdp;

	ck_assert_int_eq(acpi_build(&l, &(struct acpi_config){ .ncpus = n }, &e), 0);
	for (i = 0; i < ACPI_FILES; i++)
		out[i] = calloc(1, l.file[i].len);
	ck_assert_int_eq(acpi_linker_apply(&l, addr, out, &e), 0);
	for (i = 0; i < 4; i++) {
		h = find(out[ACPI_FILE_TABLES], l.file[ACPI_FILE_TABLES].len, sigs[i]);
		ck_assert_uint_le((const uint8_t *)h - out[ACPI_FILE_TABLES] + h->length,
				  l.file[ACPI_FILE_TABLES].len);
		ck_assert_msg(sum((const uint8_t *)h, h->length) == 0, "%s checksum", sigs[i]);
	}
	h = find(out[ACPI_FILE_TABLES], l.file[ACPI_FILE_TABLES].len, "APIC");
	ck_assert_uint_eq(h->length, 44 + 8 * n + 12 + 10 + 6);
	ck_assert_uint_eq(find(out[ACPI_FILE_TABLES], l.file[ACPI_FILE_TABLES].len, "FACP")->length,
			  276);
	ck_assert_uint_eq(find(out[ACPI_FILE_TABLES], l.file[ACPI_FILE_TABLES].len, "XSDT")->length,
			  36 + 2 * 8);
	rsdp = (const struct acpi_rsdp *)out[ACPI_FILE_RSDP];
	ck_assert_uint_eq(sum(out[ACPI_FILE_RSDP], 20), 0);
	ck_assert_uint_eq(sum(out[ACPI_FILE_RSDP], 36), 0);
	ck_assert_uint_eq(rsdp->xsdt_address,
			  addr[ACPI_FILE_TABLES] +
			  (uint64_t)((const uint8_t *)find(out[ACPI_FILE_TABLES],
				     l.file[ACPI_FILE_TABLES].len, "XSDT") - out[ACPI_FILE_TABLES]));
	for (i = 0; i < ACPI_FILES; i++)
		free(out[i]);
	acpi_linker_free(&l);
}
END_TEST

/* Debian's iasl disassembles the DSDT without errors and finds what we put there. */
START_TEST(acpi_dsdt_iasl_disassembles)
{
	const uint64_t addr[ACPI_FILES] = { [ACPI_FILE_TABLES] = 0x100000, [ACPI_FILE_RSDP] = 0xe0000 };
	char dir[] = "/tmp/sevvm-iasl-XXXXXX", cmd[512];
	struct acpi_linker l;
	struct err e = { 0 };
	uint8_t *out[ACPI_FILES];
	const struct acpi_header *h;
	unsigned int i;
	uint8_t *dsl;
	size_t len;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(acpi_build(&l, &(struct acpi_config){ .ncpus = 2 }, &e), 0);
	for (i = 0; i < ACPI_FILES; i++)
		out[i] = calloc(1, l.file[i].len);
	ck_assert_int_eq(acpi_linker_apply(&l, addr, out, &e), 0);
	h = find(out[ACPI_FILE_TABLES], l.file[ACPI_FILE_TABLES].len, "DSDT");
	write_file(dir, "dsdt.dat", h, h->length);
	snprintf(cmd, sizeof(cmd), "cd %s && iasl -d dsdt.dat >iasl.log 2>&1 && "
		 "! grep -Eiq 'error|warning' iasl.log", dir);
	ck_assert_msg(system(cmd) == 0, "iasl -d failed or complained (see %s/iasl.log)", dir);
	dsl = read_file(dir, "dsdt.dsl", &len);
	dsl[len < (1 << 16) ? len : len - 1] = 0;
	ck_assert_ptr_nonnull(strstr((char *)dsl, "EisaId (\"PNP0A03\")"));
	ck_assert_ptr_nonnull(strstr((char *)dsl, "EisaId (\"PNP0501\")"));
	ck_assert_ptr_nonnull(strstr((char *)dsl, "Name (\\_S5, Package (0x04)"));
	ck_assert_ptr_nonnull(strstr((char *)dsl, "0xE0000000"));
	ck_assert_ptr_nonnull(strstr((char *)dsl, "0x0001FFFF"));
	free(dsl);
	for (i = 0; i < ACPI_FILES; i++)
		free(out[i]);
	acpi_linker_free(&l);
	rm_dir(dir);
}
END_TEST

/* A 32-bit pointer cannot reach a table above 4 GiB; misalignment is refused. */
START_TEST(acpi_linker_refuses_bad_addresses)
{
	uint64_t addr[ACPI_FILES] = { [ACPI_FILE_TABLES] = 0x100000000ull, [ACPI_FILE_RSDP] = 0xe0000 };
	struct acpi_linker l;
	struct err e = { 0 };
	uint8_t *out[ACPI_FILES];
	unsigned int i;

	ck_assert_int_eq(acpi_build(&l, &(struct acpi_config){ .ncpus = 1 }, &e), 0);
	for (i = 0; i < ACPI_FILES; i++)
		out[i] = calloc(1, l.file[i].len);
	ck_assert_int_lt(acpi_linker_apply(&l, addr, out, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "does not fit 4 bytes"));
	addr[ACPI_FILE_TABLES] = 0x100020;
	ck_assert_int_lt(acpi_linker_apply(&l, addr, out, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "64-byte aligned"));
	for (i = 0; i < ACPI_FILES; i++)
		free(out[i]);
	acpi_linker_free(&l);
	ck_assert_int_lt(acpi_build(&l, &(struct acpi_config){ .ncpus = 0 }, &e), 0);
	ck_assert_int_lt(acpi_build(&l, &(struct acpi_config){ .ncpus = ACPI_MAX_CPUS }, &e), 0);
}
END_TEST

/* PkgLength takes 1 byte up to 63, 2 up to 4095 (ACPI 6.4, 20.2.4). */
START_TEST(aml_pkglength_encodings)
{
	static const struct { size_t body; uint8_t enc[3]; unsigned int n; } cases[] = {
		{ 62, { 63 }, 1 },
		{ 63, { 0x40 | (65 & 0xf), 65 >> 4 }, 2 },
		{ 4093, { 0x40 | 0xf, 0xff }, 2 },
		{ 4094, { 0x80 | (4097 & 0xf), (4097 >> 4) & 0xff, 4097 >> 12 }, 3 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct aml a;
		uint8_t *zeros = calloc(1, cases[i].body);
		size_t m;

		aml_init(&a);
		m = aml_open_package(&a, 0);
		a.len = m;	/* drop NumElements: measure the body alone */
		aml_bytes(&a, zeros, cases[i].body);
		aml_close(&a, m);
		ck_assert_int_eq(a.error, 0);
		ck_assert_uint_eq(a.len, 1 + cases[i].n + cases[i].body);
		ck_assert_mem_eq(a.buf + 1, cases[i].enc, cases[i].n);
		aml_free(&a);
		free(zeros);
	}
}
END_TEST

START_TEST(aml_names_and_integers)
{
	static const uint8_t want[] = {
		0x5c, 0x2e, '_', 'S', 'B', '_', 'P', 'C', 'I', '0',	/* \_SB.PCI0 */
		0x00, 0x01, 0x0a, 0x07, 0x0b, 0x00, 0x01,		/* 0, 1, 7, 0x100 */
		0x0c, 0x00, 0x00, 0x00, 0xe0,				/* 0xe0000000 */
		0x0e, 0, 0, 0, 0, 1, 0, 0, 0,				/* 1 << 32 */
		0x0c, 0x41, 0xd0, 0x0a, 0x03,				/* EisaId PNP0A03 */
	};
	struct aml a;

	aml_init(&a);
	aml_name(&a, "\\_SB.PCI0");
	aml_integer(&a, 0);
	aml_integer(&a, 1);
	aml_integer(&a, 7);
	aml_integer(&a, 0x100);
	aml_integer(&a, 0xe0000000);
	aml_integer(&a, 1ull << 32);
	aml_eisaid(&a, "PNP0A03");
	ck_assert_int_eq(a.error, 0);
	ck_assert_uint_eq(a.len, sizeof(want));
	ck_assert_mem_eq(a.buf, want, sizeof(want));
	aml_name(&a, "pci0");
	ck_assert_int_ne(a.error, 0);
	aml_free(&a);
	aml_init(&a);
	aml_name(&a, "TOOLONG");
	ck_assert_int_ne(a.error, 0);
	aml_free(&a);
}
END_TEST

/* The PM device with a clock the test sets. */
struct pm_probe {
	uint64_t ns;
	unsigned int power_offs;
	int sci, sci_calls;
};

static void probe_power_off(void *opaque)
{
	((struct pm_probe *)opaque)->power_offs++;
}

static void probe_sci(void *opaque, int level)
{
	struct pm_probe *p = opaque;

	p->sci = level;
	p->sci_calls++;
}

static uint64_t probe_now(void *opaque)
{
	return ((struct pm_probe *)opaque)->ns;
}

static const struct acpi_pm_ops probe_ops = {
	.power_off = probe_power_off, .set_sci = probe_sci, .now_ns = probe_now,
};

static uint32_t pm_read(struct acpi_pm *pm, unsigned int off, unsigned int len)
{
	uint32_t v = 0;

	acpi_pm_io(pm, off, &v, len, false);
	return v;
}

static void pm_write(struct acpi_pm *pm, unsigned int off, unsigned int len, uint32_t v)
{
	acpi_pm_io(pm, off, &v, len, true);
}

/* 3.579545 MHz: one second of the clock is 3579545 ticks, modulo 2^24. */
START_TEST(acpi_pm_timer_frequency)
{
	struct pm_probe p = { .ns = 5000000000ull };
	struct acpi_pm pm;
	uint32_t t0, t1;

	acpi_pm_init(&pm, &probe_ops, &p);
	t0 = pm_read(&pm, ACPI_PM_TMR, 4);
	ck_assert_uint_eq(t0, (5ull * 3579545) & 0xffffff);
	p.ns += 1000000000ull;
	t1 = pm_read(&pm, ACPI_PM_TMR, 4);
	ck_assert_uint_eq((t1 - t0) & 0xffffff, 3579545);
	/* 1 ms is 3579.545 ticks: 3579 whole ones. */
	p.ns = 1000000;
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM_TMR, 4), 3579);
	/* Far into the clock (a year) the counter still wraps at 24 bits. */
	p.ns = 365ull * 86400 * 1000000000ull;
	ck_assert_uint_eq(acpi_pm_timer_at(p.ns),
			  (uint32_t)((365ull * 86400 * 3579545) & 0xffffff));
	ck_assert_uint_le(pm_read(&pm, ACPI_PM_TMR, 4), 0xffffff);
	acpi_pm_destroy(&pm);
}
END_TEST

/* PM1_CNT: SCI_EN reads 1, SLP_EN reads 0, only S5 with SLP_EN powers off. */
START_TEST(acpi_pm1_control_writes)
{
	struct pm_probe p = { .ns = 1 };
	struct acpi_pm pm;

	acpi_pm_init(&pm, &probe_ops, &p);
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_CNT, 2) & ACPI_PM1_SCI_EN, ACPI_PM1_SCI_EN);
	/* ACPICA writes SLP_TYP first, then SLP_TYP | SLP_EN. */
	pm_write(&pm, ACPI_PM1_CNT, 2, 7u << 10);
	ck_assert_uint_eq(p.power_offs, 0);
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_CNT, 2), (7u << 10) | ACPI_PM1_SCI_EN);
	pm_write(&pm, ACPI_PM1_CNT, 2, 5u << 10 | ACPI_PM1_SLP_EN);
	ck_assert_uint_eq(p.power_offs, 0);
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_CNT, 2) & ACPI_PM1_SLP_EN, 0);
	pm_write(&pm, ACPI_PM1_CNT, 2, 7u << 10 | ACPI_PM1_SLP_EN);
	ck_assert_uint_eq(p.power_offs, 1);
	/* A byte write to the high half alone does the same. */
	pm_write(&pm, ACPI_PM1_CNT + 1, 1, (7u << 2) | (ACPI_PM1_SLP_EN >> 8));
	ck_assert_uint_eq(p.power_offs, 2);
	/* Accesses beyond the block read as all-ones and change nothing. */
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM_LEN - 2, 4), 0xffffffff);
	acpi_pm_destroy(&pm);
}
END_TEST

/* PM1_STS is write-1-to-clear; an enabled status raises the SCI until cleared. */
START_TEST(acpi_pm1_status_and_sci)
{
	struct pm_probe p = { .ns = 0 };
	struct acpi_pm pm;

	acpi_pm_init(&pm, &probe_ops, &p);
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_STS, 2), 0);
	/* Bit 23 of the counter flips after 2^23 ticks, 2.34 s. */
	p.ns = 2400000000ull;
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_STS, 2), ACPI_PM1_TMR_STS);
	ck_assert_int_eq(p.sci_calls, 0);
	pm_write(&pm, ACPI_PM1_EN, 2, 0xffff);
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_EN, 2), ACPI_PM1_EN_MASK);
	ck_assert_int_eq(p.sci, 1);
	pm_write(&pm, ACPI_PM1_STS, 2, ACPI_PM1_PWRBTN_STS);	/* another bit: no effect */
	ck_assert_int_eq(p.sci, 1);
	pm_write(&pm, ACPI_PM1_STS, 2, ACPI_PM1_TMR_STS);
	ck_assert_int_eq(p.sci, 0);
	ck_assert_int_eq(p.sci_calls, 2);
	ck_assert_uint_eq(pm_read(&pm, ACPI_PM1_STS, 4) & 0xffff, 0);
	acpi_pm_destroy(&pm);
}
END_TEST

static unsigned int resets;

static void count_reset(void *opaque)
{
	(void)opaque;
	resets++;
}

/* 0xcf9 takes byte writes as the reset register; CONFIG_ADDRESS is untouched. */
START_TEST(pci_reset_control_register)
{
	struct pci_bus bus;
	uint32_t addr = 0x80000000;
	uint8_t v;

	pci_bus_init(&bus);
	bus.reset = count_reset;
	resets = 0;
	pci_conf1_io(&bus, 0, &addr, 4, true);
	v = 0x02;
	pci_conf1_io(&bus, 1, &v, 1, true);
	ck_assert_uint_eq(resets, 0);
	v = PCI_RESET_CONTROL_RESET;
	pci_conf1_io(&bus, 1, &v, 1, true);
	ck_assert_uint_eq(resets, 1);
	v = 0;
	pci_conf1_io(&bus, 1, &v, 1, false);
	ck_assert_uint_eq(v, PCI_RESET_CONTROL_RESET);
	addr = 0;
	pci_conf1_io(&bus, 0, &addr, 4, false);
	ck_assert_uint_eq(addr, 0x80000000);
	pci_bus_destroy(&bus);
}
END_TEST

/* The firmware's loader (firmware/acpi_loader.c) on sevvm's blobs. */
struct fw_files {
	const struct acpi_linker *l;
	uint8_t *buf[ACPI_FILES];
	uint64_t addr[ACPI_FILES];
};

static int fw_alloc(void *opaque, const char *name, uint32_t align, uint8_t zone,
		    struct acpi_loader_file *f)
{
	struct fw_files *x = opaque;
	unsigned int i;

	for (i = 0; i < ACPI_FILES; i++) {
		if (strcmp(name, acpi_file_name((enum acpi_file)i)))
			continue;
		ck_assert_uint_eq(zone, i == ACPI_FILE_RSDP ? ACPI_LOADER_ZONE_FSEG :
				  ACPI_LOADER_ZONE_HIGH);
		ck_assert_uint_eq(x->addr[i] % align, 0);
		x->buf[i] = malloc(x->l->file[i].len);
		memcpy(x->buf[i], x->l->file[i].data, x->l->file[i].len);
		f->data = x->buf[i];
		f->addr = x->addr[i];
		f->size = (uint32_t)x->l->file[i].len;
		return 0;
	}
	return -1;
}

/* It loads the same bytes as sevvm's own loader, and names a bad command. */
START_TEST(acpi_firmware_loader_matches)
{
	struct fw_files x = { .addr = { [ACPI_FILE_TABLES] = 0x7fe0000, [ACPI_FILE_RSDP] = 0x7fdf000 } };
	struct acpi_linker l;
	struct acpi_loader fl;
	struct err e = { 0 };
	uint8_t *cmds, *out[ACPI_FILES];
	size_t len;
	unsigned int i;

	ck_assert_int_eq(acpi_build(&l, &(struct acpi_config){ .ncpus = 3 }, &e), 0);
	ck_assert_int_eq(acpi_linker_commands(&l, &cmds, &len, &e), 0);
	x.l = &l;
	ck_assert_int_eq(acpi_loader_run(&fl, cmds, len, fw_alloc, &x), 0);
	ck_assert_uint_eq(fl.nr, ACPI_FILES);
	ck_assert_uint_eq(acpi_loader_file(&fl, "etc/acpi/rsdp")->addr, 0x7fdf000);
	for (i = 0; i < ACPI_FILES; i++)
		out[i] = calloc(1, l.file[i].len);
	ck_assert_int_eq(acpi_linker_apply(&l, x.addr, out, &e), 0);
	for (i = 0; i < ACPI_FILES; i++) {
		ck_assert(!memcmp(out[i], x.buf[i], l.file[i].len));
		free(out[i]);
		free(x.buf[i]);
		x.buf[i] = NULL;
	}

	/* A command past the blobs: ADD_CHECKSUM of the RSDP over 37 bytes. */
	for (i = 0; i * ACPI_LOADER_ENTRY < len; i++) {
		uint8_t *c = cmds + i * ACPI_LOADER_ENTRY;
		uint32_t v = 37;

		if (c[0] == ACPI_LOADER_ADD_CHECKSUM && !strcmp((char *)c + 4, "etc/acpi/rsdp")) {
			memcpy(c + 4 + ACPI_LOADER_NAME + 8, &v, 4);
			break;
		}
	}
	ck_assert_int_lt(acpi_loader_run(&fl, cmds, len, fw_alloc, &x), 0);
	ck_assert_uint_eq(fl.bad_entry, i);
	ck_assert_str_eq(fl.why, "ADD_CHECKSUM: range outside its file");
	for (i = 0; i < ACPI_FILES; i++)
		free(x.buf[i]);
	ck_assert_int_lt(acpi_loader_run(&fl, cmds, len - 1, fw_alloc, &x), 0);
	ck_assert_str_eq(fl.why, "size not a multiple of 128 bytes");
	free(cmds);
	acpi_linker_free(&l);
}
END_TEST

Suite *acpi_suite(void)
{
	Suite *s = suite_create("acpi");
	TCase *tc = tcase_create("acpi");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, acpi_tables_match_python_decoder, 0, 5);
	tcase_add_loop_test(tc, acpi_lengths_checksums_madt, 1, 9);
	tcase_add_test(tc, acpi_dsdt_iasl_disassembles);
	tcase_add_test(tc, acpi_linker_refuses_bad_addresses);
	tcase_add_test(tc, acpi_firmware_loader_matches);
	tcase_add_test(tc, aml_pkglength_encodings);
	tcase_add_test(tc, aml_names_and_integers);
	tcase_add_test(tc, acpi_pm_timer_frequency);
	tcase_add_test(tc, acpi_pm1_control_writes);
	tcase_add_test(tc, acpi_pm1_status_and_sci);
	tcase_add_test(tc, pci_reset_control_register);
	suite_add_tcase(s, tc);
	return s;
}

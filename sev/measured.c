// SPDX-License-Identifier: GPL-2.0
#include "sev/measured.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vmm/util/mapped_file.h"

void sev_measured_init(struct sev_measured *m)
{
	*m = (struct sev_measured){ 0 };
}

void sev_measured_free(struct sev_measured *m)
{
	unsigned int i;

	for (i = 0; i < m->nr; i++)
		free(m->items[i].data);
	free(m->items);
	sev_measured_init(m);
}

static struct sev_measured_item *new_item(struct sev_measured *m, struct err *e)
{
	struct sev_measured_item *it;

	if (m->nr >= SEV_MEASURED_ITEMS_MAX) {
		err_set(e, E2BIG, "more than %u measured items", SEV_MEASURED_ITEMS_MAX);
		return NULL;
	}
	if (m->nr == m->cap) {
		unsigned int cap = m->cap ? m->cap * 2 : 16;

		it = realloc(m->items, cap * sizeof(*it));
		if (!it) {
			err_set(e, ENOMEM, "measured items");
			return NULL;
		}
		m->items = it;
		m->cap = cap;
	}
	it = &m->items[m->nr];
	*it = (struct sev_measured_item){ 0 };
	return it;
}

int sev_measured_add_hashed(struct sev_measured *m, uint64_t gpa, uint64_t len, const char *what,
			    const uint8_t sha256[32], const uint8_t *data, struct err *e)
{
	struct sev_measured_item *it = new_item(m, e);

	if (!it)
		return -e->code;
	it->kind = SEV_MEASURED_REGION;
	it->gpa = gpa;
	it->len = len;
	snprintf(it->what, sizeof(it->what), "%s", what);
	memcpy(it->sha256, sha256, 32);
	if (data && len <= SEV_MEASURED_DATA_MAX) {
		it->data = malloc(len ? len : 1);
		if (!it->data)
			return err_set(e, ENOMEM, "measured region %s", what);
		memcpy(it->data, data, len);
	}
	m->nr++;
	return 0;
}

int sev_measured_add_region(struct sev_measured *m, uint64_t gpa, uint64_t len, const char *what,
			    const void *bytes, struct err *e)
{
	uint8_t sum[32];

	if (!EVP_Digest(bytes, len, sum, NULL, EVP_sha256(), NULL))
		return err_set(e, EIO, "SHA-256 of region %s failed", what);
	return sev_measured_add_hashed(m, gpa, len, what, sum, bytes, e);
}

int sev_measured_add_vmsa(struct sev_measured *m, unsigned int cpu,
			  const uint8_t page[SEV_VMSA_PAGE], struct err *e)
{
	struct sev_measured_item *it;
	int r = sev_measured_add_region(m, 0, SEV_VMSA_PAGE, "VMSA", page, e);

	if (r)
		return r;
	it = &m->items[m->nr - 1];
	it->kind = SEV_MEASURED_VMSA;
	it->cpu = cpu;
	return 0;
}

FILE *sev_dump_open(const char *dir, const char *name, struct err *e)
{
	char path[4096];
	FILE *f;

	if (mkdir(dir, 0700) && errno != EEXIST) {
		err_sys(e, errno, "--dump-measured %s", dir);
		return NULL;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		err_set(e, ENAMETOOLONG, "--dump-measured %s: path too long", dir);
		return NULL;
	}
	f = fopen(path, "we");
	if (!f)
		err_sys(e, errno, "--dump-measured %s", path);
	return f;
}

/* DIR/NAME of a dump, mapped. */
static int dump_map(const char *dir, const char *name, struct mapped_file *f, struct err *e)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return err_set(e, ENAMETOOLONG, "%s: path too long", dir);
	return mapped_file_open(path, f, e);
}

static bool dump_has(const char *dir, const char *name)
{
	char path[4096];

	return (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) < sizeof(path) &&
	       !access(path, F_OK);
}

/* measured.bin cut at @layout's region boundaries. */
static int dump_regions(struct sev_measured *m, const struct mapped_file *f,
			const struct sev_measured *layout, EVP_MD_CTX *ld, struct err *e)
{
	const uint8_t *p = f->data;
	uint64_t off = 0, left = f->len;
	unsigned int i;
	int r = 0;

	EVP_DigestUpdate(ld, p, f->len);
	for (i = 0; i < layout->nr && left && !r; i++) {
		const struct sev_measured_item *l = &layout->items[i];
		uint64_t n = l->len < left ? l->len : left;

		if (l->kind != SEV_MEASURED_REGION)
			continue;
		r = sev_measured_add_region(m, l->gpa, n, l->what, p + off, e);
		off += n;
		left -= n;
	}
	if (!r && left)
		r = sev_measured_add_region(m, 0, left, "bytes past the expected regions",
					    p + off, e);
	return r;
}

int sev_measured_read_dump(struct sev_measured *m, const char *dir,
			   const struct sev_measured *layout, struct err *e)
{
	EVP_MD_CTX *ld = EVP_MD_CTX_new();
	struct mapped_file f;
	unsigned int cpu;
	char name[64];
	int r;

	if (!ld || !EVP_DigestInit_ex(ld, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(ld);
		return err_set(e, ENOMEM, "SHA-256");
	}
	r = dump_map(dir, "measured.bin", &f, e);
	if (!r) {
		r = dump_regions(m, &f, layout, ld, e);
		mapped_file_close(&f);
	}
	/* vmsa-cpu0.bin, vmsa-cpu1.bin, ... up to the first one missing. */
	for (cpu = 0; !r && cpu < SEV_MEASURED_ITEMS_MAX; cpu++) {
		snprintf(name, sizeof(name), "vmsa-cpu%u.bin", cpu);
		if (!dump_has(dir, name))
			break;
		r = dump_map(dir, name, &f, e);
		if (r)
			break;
		if (f.len != SEV_VMSA_PAGE)
			r = err_set(e, EINVAL, "%s: %zu bytes, expected a %u-byte VMSA page", name,
				    f.len, SEV_VMSA_PAGE);
		else
			r = sev_measured_add_vmsa(m, cpu, f.data, e);
		if (!r)
			EVP_DigestUpdate(ld, f.data, f.len);
		mapped_file_close(&f);
	}
	if (!r && EVP_DigestFinal_ex(ld, m->digest, NULL))
		m->have_digest = true;
	EVP_MD_CTX_free(ld);
	return r;
}

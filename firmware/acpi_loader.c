// SPDX-License-Identifier: GPL-2.0
/* The linker/loader commands (see acpi_loader.h). */
#include "firmware/acpi_loader.h"

#define CMD_ALLOCATE		1
#define CMD_ADD_POINTER		2
#define CMD_ADD_CHECKSUM	3

static uint64_t rd_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* A file name field: NUL-terminated within its 56 bytes. */
static int get_name(const uint8_t *p, char *out)
{
	unsigned int i;

	for (i = 0; i < ACPI_LOADER_NAME; i++) {
		out[i] = (char)p[i];
		if (!p[i])
			return 0;
	}
	return -1;
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const struct acpi_loader_file *acpi_loader_file(const struct acpi_loader *l, const char *name)
{
	unsigned int i;

	for (i = 0; i < l->nr; i++)
		if (same(l->file[i].name, name))
			return &l->file[i];
	return NULL;
}

static struct acpi_loader_file *find(struct acpi_loader *l, const uint8_t *field)
{
	char name[ACPI_LOADER_NAME];

	if (get_name(field, name))
		return NULL;
	return (struct acpi_loader_file *)acpi_loader_file(l, name);
}

static int fail(struct acpi_loader *l, unsigned int entry, const char *why)
{
	l->bad_entry = entry;
	l->why = why;
	return -1;
}

static int allocate(struct acpi_loader *l, unsigned int i, const uint8_t *p,
		    acpi_loader_alloc_fn alloc, void *opaque)
{
	struct acpi_loader_file *f = &l->file[l->nr];
	uint32_t align = (uint32_t)rd_le(p + ACPI_LOADER_NAME, 4);

	if (l->nr == ACPI_LOADER_MAX_FILES)
		return fail(l, i, "ALLOCATE: too many files");
	if (get_name(p, f->name))
		return fail(l, i, "ALLOCATE: file name not terminated");
	if (acpi_loader_file(l, f->name))
		return fail(l, i, "ALLOCATE: file allocated twice");
	if (!align || (align & (align - 1)))
		return fail(l, i, "ALLOCATE: alignment not a power of two");
	if (alloc(opaque, f->name, align, p[ACPI_LOADER_NAME + 4], f))
		return fail(l, i, "ALLOCATE: no such file or no room for it");
	if (f->addr & (align - 1))
		return fail(l, i, "ALLOCATE: placed misaligned");
	l->nr++;
	return 0;
}

static int add_pointer(struct acpi_loader *l, unsigned int i, const uint8_t *p)
{
	struct acpi_loader_file *dst = find(l, p), *src = find(l, p + ACPI_LOADER_NAME);
	uint32_t off = (uint32_t)rd_le(p + 2 * ACPI_LOADER_NAME, 4);
	uint8_t size = p[2 * ACPI_LOADER_NAME + 4];
	uint64_t v, max;
	unsigned int k;

	if (!dst || !src)
		return fail(l, i, "ADD_POINTER: file not allocated");
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return fail(l, i, "ADD_POINTER: size not 1, 2, 4 or 8");
	if (off > dst->size || size > dst->size - off)
		return fail(l, i, "ADD_POINTER: pointer outside its file");
	v = rd_le(dst->data + off, size);
	max = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
	if (v >= src->size || src->addr > max - v)
		return fail(l, i, "ADD_POINTER: value does not fit the pointer");
	v += src->addr;
	for (k = 0; k < size; k++)
		dst->data[off + k] = (uint8_t)(v >> (8 * k));
	return 0;
}

static int add_checksum(struct acpi_loader *l, unsigned int i, const uint8_t *p)
{
	struct acpi_loader_file *f = find(l, p);
	uint32_t off = (uint32_t)rd_le(p + ACPI_LOADER_NAME, 4);
	uint32_t start = (uint32_t)rd_le(p + ACPI_LOADER_NAME + 4, 4);
	uint32_t len = (uint32_t)rd_le(p + ACPI_LOADER_NAME + 8, 4);
	uint8_t sum = 0;
	uint32_t k;

	if (!f)
		return fail(l, i, "ADD_CHECKSUM: file not allocated");
	if (off >= f->size || start > f->size || len > f->size - start)
		return fail(l, i, "ADD_CHECKSUM: range outside its file");
	f->data[off] = 0;
	for (k = 0; k < len; k++)
		sum = (uint8_t)(sum + f->data[start + k]);
	f->data[off] = (uint8_t)-sum;
	return 0;
}

int acpi_loader_run(struct acpi_loader *l, const uint8_t *cmds, size_t len,
		    acpi_loader_alloc_fn alloc, void *opaque)
{
	unsigned int i, n = (unsigned int)(len / ACPI_LOADER_ENTRY);
	int r = 0;

	l->nr = 0;
	l->why = "";
	if (len % ACPI_LOADER_ENTRY)
		return fail(l, n, "size not a multiple of 128 bytes");
	for (i = 0; !r && i < n; i++) {
		const uint8_t *e = cmds + (size_t)i * ACPI_LOADER_ENTRY;

		switch (rd_le(e, 4)) {
		case CMD_ALLOCATE:
			r = allocate(l, i, e + 4, alloc, opaque);
			break;
		case CMD_ADD_POINTER:
			r = add_pointer(l, i, e + 4);
			break;
		case CMD_ADD_CHECKSUM:
			r = add_checksum(l, i, e + 4);
			break;
		default:
			/*
			 * Padding (0) and commands this loader does not know
			 * (WRITE_POINTER for vmgenid, say) are skipped, as
			 * OVMF and SeaBIOS skip them.
			 */
			break;
		}
	}
	return r;
}

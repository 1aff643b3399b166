// SPDX-License-Identifier: GPL-2.0
/* The two ACPI blobs, their pointer and checksum commands, and running them. */
#include "vmm/acpi/linker.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t align;
	uint8_t zone;
} files[ACPI_FILES] = {
	/* The FACS must be 64-byte aligned (ACPI 6.4, 5.2.10). */
	[ACPI_FILE_TABLES] = { "etc/acpi/tables", 64, ACPI_LOADER_ZONE_HIGH },
	/* The RSDP sits on a 16-byte boundary of the scanned area (5.2.5.1). */
	[ACPI_FILE_RSDP] = { "etc/acpi/rsdp", 16, ACPI_LOADER_ZONE_FSEG },
};

/*
 * ACPI's pointers are little-endian (ACPI 6.4, 5.2), @size 4 or 8 bytes.
 * Byte by byte rather than memcpy into a uint64_t: that copy's size is
 * known only at run time, so _FORTIFY_SOURCE makes it a __memcpy_chk call,
 * whose libc page nothing else of a direct boot touches.
 */
static uint64_t get_le(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	while (size--)
		v = v << 8 | p[size];
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

const char *acpi_file_name(enum acpi_file f)
{
	return f < ACPI_FILES ? files[f].name : "?";
}

void acpi_linker_init(struct acpi_linker *l)
{
	*l = (struct acpi_linker){ .error = 0 };
}

void acpi_linker_free(struct acpi_linker *l)
{
	unsigned int i;

	for (i = 0; i < ACPI_FILES; i++)
		free(l->file[i].data);
	acpi_linker_init(l);
}

size_t acpi_blob_alloc(struct acpi_linker *l, enum acpi_file f, size_t len, size_t align)
{
	struct acpi_blob *b = &l->file[f];
	size_t off = (b->len + align - 1) & ~(align - 1);

	if (l->error)
		return SIZE_MAX;
	if (off + len > UINT32_MAX) {
		l->error = -ENOSPC;
		return SIZE_MAX;
	}
	if (off + len > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		uint8_t *p;

		while (cap < off + len)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p) {
			l->error = -ENOMEM;
			return SIZE_MAX;
		}
		b->data = p;
		b->cap = cap;
	}
	memset(b->data + b->len, 0, off + len - b->len);
	b->len = off + len;
	return off;
}

size_t acpi_blob_append(struct acpi_linker *l, enum acpi_file f, const void *p, size_t len)
{
	size_t off = acpi_blob_alloc(l, f, len, 1);

	if (off != SIZE_MAX)
		memcpy(l->file[f].data + off, p, len);
	return off;
}

void acpi_linker_add_pointer(struct acpi_linker *l, enum acpi_file dst, uint32_t offset,
			     uint8_t size, enum acpi_file src, uint32_t src_offset)
{
	struct acpi_blob *b = &l->file[dst];
	uint64_t v = src_offset;

	if (l->error)
		return;
	if (l->nr_ptr == ACPI_LINKER_MAX_POINTERS || (size != 4 && size != 8) ||
	    (uint64_t)offset + size > b->len) {
		l->error = -ENOSPC;
		return;
	}
	/* Before loading, the pointer holds the offset inside @src. */
	put_le(b->data + offset, v, size);
	l->ptr[l->nr_ptr++] = (struct acpi_pointer){ .dst = dst, .src = src,
						     .offset = offset, .size = size };
}

void acpi_linker_add_checksum(struct acpi_linker *l, enum acpi_file f, uint32_t offset,
			      uint32_t start, uint32_t len)
{
	if (l->error)
		return;
	if (l->nr_csum == ACPI_LINKER_MAX_CHECKSUMS) {
		l->error = -ENOSPC;
		return;
	}
	l->csum[l->nr_csum++] = (struct acpi_checksum){ .file = f, .offset = offset,
						       .start = start, .len = len };
}

static uint8_t sum8(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s = (uint8_t)(s + *p++);
	return s;
}

int acpi_linker_apply(const struct acpi_linker *l, const uint64_t addr[ACPI_FILES],
		      uint8_t *const out[ACPI_FILES], struct err *e)
{
	unsigned int i;

	if (l->error)
		return err_set(e, -l->error, "ACPI tables: building failed");
	for (i = 0; i < ACPI_FILES; i++) {
		if (addr[i] & (files[i].align - 1))
			return err_set(e, EINVAL, "ACPI: %s at %#" PRIx64 " is not %u-byte aligned",
				       files[i].name, addr[i], files[i].align);
		memcpy(out[i], l->file[i].data, l->file[i].len);
	}
	for (i = 0; i < l->nr_ptr; i++) {
		const struct acpi_pointer *p = &l->ptr[i];
		uint64_t v, max = p->size == 8 ? UINT64_MAX : UINT32_MAX;

		if ((uint64_t)p->offset + p->size > l->file[p->dst].len)
			return err_set(e, EINVAL, "ACPI: pointer %u at %s+%#x leaves the blob", i,
				       files[p->dst].name, p->offset);
		v = get_le(out[p->dst] + p->offset, p->size);
		if (v >= l->file[p->src].len || addr[p->src] > max - v)
			return err_set(e, EINVAL, "ACPI: pointer %u (%s+%#" PRIx64 ") does not fit %u bytes",
				       i, files[p->src].name, v, p->size);
		v += addr[p->src];
		put_le(out[p->dst] + p->offset, v, p->size);
	}
	for (i = 0; i < l->nr_csum; i++) {
		const struct acpi_checksum *c = &l->csum[i];
		uint8_t *b = out[c->file];
		size_t len = l->file[c->file].len;

		if (c->offset >= len || c->start > len || c->len > len - c->start)
			return err_set(e, EINVAL, "ACPI: checksum %u of %s [%#x, +%#x) leaves the blob",
				       i, files[c->file].name, c->start, c->len);
		b[c->offset] = 0;
		b[c->offset] = (uint8_t)-sum8(b + c->start, c->len);
	}
	return 0;
}

static uint8_t *loader_entry(uint8_t *buf, unsigned int n, uint32_t command)
{
	uint8_t *p = buf + (size_t)n * ACPI_LOADER_ENTRY_SIZE;

	memcpy(p, &command, 4);
	return p + 4;
}

/* File names are NUL-padded to 56 bytes; every name here is shorter. */
static void put_name(uint8_t *p, enum acpi_file f)
{
	strncpy((char *)p, files[f].name, ACPI_LOADER_FILE_SIZE - 1);
}

int acpi_linker_commands(const struct acpi_linker *l, uint8_t **buf, size_t *len,
			 struct err *e)
{
	unsigned int n = 0, i, total = ACPI_FILES + l->nr_ptr + l->nr_csum;
	uint8_t *b, *p;

	if (l->error)
		return err_set(e, -l->error, "ACPI tables: building failed");
	b = calloc(total, ACPI_LOADER_ENTRY_SIZE);
	if (!b)
		return err_set(e, ENOMEM, "ACPI table-loader");
	for (i = 0; i < ACPI_FILES; i++) {
		p = loader_entry(b, n++, ACPI_LOADER_ALLOCATE);
		put_name(p, (enum acpi_file)i);
		memcpy(p + ACPI_LOADER_FILE_SIZE, &files[i].align, 4);
		p[ACPI_LOADER_FILE_SIZE + 4] = files[i].zone;
	}
	for (i = 0; i < l->nr_ptr; i++) {
		p = loader_entry(b, n++, ACPI_LOADER_ADD_POINTER);
		put_name(p, l->ptr[i].dst);
		put_name(p + ACPI_LOADER_FILE_SIZE, l->ptr[i].src);
		memcpy(p + 2 * ACPI_LOADER_FILE_SIZE, &l->ptr[i].offset, 4);
		p[2 * ACPI_LOADER_FILE_SIZE + 4] = l->ptr[i].size;
	}
	for (i = 0; i < l->nr_csum; i++) {
		p = loader_entry(b, n++, ACPI_LOADER_ADD_CHECKSUM);
		put_name(p, l->csum[i].file);
		memcpy(p + ACPI_LOADER_FILE_SIZE, &l->csum[i].offset, 4);
		memcpy(p + ACPI_LOADER_FILE_SIZE + 4, &l->csum[i].start, 4);
		memcpy(p + ACPI_LOADER_FILE_SIZE + 8, &l->csum[i].len, 4);
	}
	*buf = b;
	*len = (size_t)total * ACPI_LOADER_ENTRY_SIZE;
	return 0;
}

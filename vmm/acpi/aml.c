// SPDX-License-Identifier: GPL-2.0
/* AML encoding, ACPI 6.4 chapter 20 (grammar) and 6.4 (resource data types). */
#include "vmm/acpi/aml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_SCOPE_OP		0x10
#define AML_BUFFER_OP		0x11
#define AML_PACKAGE_OP		0x12
#define AML_DUAL_NAME_PREFIX	0x2e
#define AML_MULTI_NAME_PREFIX	0x2f
#define AML_ROOT_CHAR		0x5c
#define AML_EXT_OP_PREFIX	0x5b
#define AML_DEVICE_OP		0x82	/* after AML_EXT_OP_PREFIX */

#define PKGLENGTH_MAX		0x0fffffff	/* 28 bits in four bytes */

void aml_init(struct aml *a)
{
	*a = (struct aml){ .error = 0 };
}

void aml_free(struct aml *a)
{
	free(a->buf);
	aml_init(a);
}

static int reserve(struct aml *a, size_t more)
{
	size_t cap = a->cap ? a->cap : 256;
	uint8_t *p;

	if (a->error)
		return -1;
	if (a->len + more <= a->cap)
		return 0;
	while (cap < a->len + more)
		cap *= 2;
	p = realloc(a->buf, cap);
	if (!p) {
		a->error = -ENOMEM;
		return -1;
	}
	a->buf = p;
	a->cap = cap;
	return 0;
}

void aml_bytes(struct aml *a, const void *p, size_t len)
{
	if (reserve(a, len))
		return;
	memcpy(a->buf + a->len, p, len);
	a->len += len;
}

static void byte(struct aml *a, uint8_t b)
{
	aml_bytes(a, &b, 1);
}

static void le(struct aml *a, uint64_t v, unsigned int n)
{
	while (n--) {
		byte(a, (uint8_t)v);
		v >>= 8;
	}
}

/* NameSeg: a lead character A-Z or '_', then A-Z, 0-9 or '_' (20.2.2). */
static int name_seg(struct aml *a, const char *s, size_t n)
{
	char seg[4] = { '_', '_', '_', '_' };
	size_t i;

	if (!n || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || c == '_' || (i && c >= '0' && c <= '9')))
			return -1;
		seg[i] = c;
	}
	aml_bytes(a, seg, 4);
	return 0;
}

void aml_name(struct aml *a, const char *path)
{
	const char *p = path, *dot;
	unsigned int nseg = 1;

	if (*p == '\\') {
		byte(a, AML_ROOT_CHAR);
		p++;
	}
	for (dot = p; (dot = strchr(dot, '.')); dot++)
		nseg++;
	if (nseg == 2) {
		byte(a, AML_DUAL_NAME_PREFIX);
	} else if (nseg > 2) {
		byte(a, AML_MULTI_NAME_PREFIX);
		byte(a, (uint8_t)nseg);
	}
	while (!a->error) {
		dot = strchr(p, '.');
		if (name_seg(a, p, dot ? (size_t)(dot - p) : strlen(p))) {
			a->error = -EINVAL;
			return;
		}
		if (!dot)
			break;
		p = dot + 1;
	}
}

void aml_integer(struct aml *a, uint64_t v)
{
	if (v == 0) {
		byte(a, AML_ZERO_OP);
	} else if (v == 1) {
		byte(a, AML_ONE_OP);
	} else if (v <= UINT8_MAX) {
		byte(a, AML_BYTE_PREFIX);
		le(a, v, 1);
	} else if (v <= UINT16_MAX) {
		byte(a, AML_WORD_PREFIX);
		le(a, v, 2);
	} else if (v <= UINT32_MAX) {
		byte(a, AML_DWORD_PREFIX);
		le(a, v, 4);
	} else {
		byte(a, AML_QWORD_PREFIX);
		le(a, v, 8);
	}
}

void aml_string(struct aml *a, const char *s)
{
	byte(a, AML_STRING_PREFIX);
	aml_bytes(a, s, strlen(s) + 1);
}

/*
 * EISA ID: three letters in 5 bits each ('A' = 1) and four hex digits, stored
 * big-endian in a DWord (ACPI 6.4, 19.6.35 EISAID).
 */
void aml_eisaid(struct aml *a, const char *id)
{
	uint32_t v = 0;
	unsigned int i;

	if (strlen(id) != 7) {
		a->error = -EINVAL;
		return;
	}
	for (i = 0; i < 3; i++)
		v = v << 5 | (uint32_t)((id[i] - 'A' + 1) & 0x1f);
	for (i = 3; i < 7; i++) {
		char c = id[i];

		v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : c - 'A' + 10);
	}
	byte(a, AML_DWORD_PREFIX);
	le(a, __builtin_bswap32(v), 4);
}

void aml_name_decl(struct aml *a, const char *path)
{
	byte(a, AML_NAME_OP);
	aml_name(a, path);
}

static size_t mark(const struct aml *a)
{
	return a->len;
}

size_t aml_open_scope(struct aml *a, const char *path)
{
	size_t m;

	byte(a, AML_SCOPE_OP);
	m = mark(a);
	aml_name(a, path);
	return m;
}

size_t aml_open_device(struct aml *a, const char *path)
{
	size_t m;

	byte(a, AML_EXT_OP_PREFIX);
	byte(a, AML_DEVICE_OP);
	m = mark(a);
	aml_name(a, path);
	return m;
}

size_t aml_open_package(struct aml *a, uint8_t count)
{
	size_t m;

	byte(a, AML_PACKAGE_OP);
	m = mark(a);
	byte(a, count);
	return m;
}

/*
 * PkgLength (20.2.4) counts itself and what follows: one byte up to 63, else
 * a lead byte with the count of following bytes in bits 6-7 and the low
 * nibble of the length, then the remaining bits eight at a time.
 */
void aml_close(struct aml *a, size_t m)
{
	size_t body = a->len - m, total;
	uint8_t enc[4];
	unsigned int n, i;

	if (a->error)
		return;
	n = body + 1 <= 0x3f ? 1 : body + 2 <= 0xfff ? 2 : body + 3 <= 0xfffff ? 3 : 4;
	total = body + n;
	if (total > PKGLENGTH_MAX) {
		a->error = -EINVAL;
		return;
	}
	if (n == 1) {
		enc[0] = (uint8_t)total;
	} else {
		enc[0] = (uint8_t)((n - 1) << 6 | (total & 0xf));
		for (i = 1; i < n; i++)
			enc[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
	}
	if (reserve(a, n))
		return;
	memmove(a->buf + m + n, a->buf + m, body);
	memcpy(a->buf + m, enc, n);
	a->len += n;
}

/*
 * A Buffer: PkgLength, then BufferSize as an integer, then the bytes. The
 * size goes in as a DWord so the mark stays fixed while descriptors follow.
 */
size_t aml_open_resources(struct aml *a)
{
	size_t m;

	byte(a, AML_BUFFER_OP);
	m = mark(a);
	byte(a, AML_DWORD_PREFIX);
	le(a, 0, 4);
	return m;
}

/* End Tag (6.4.2.9) with checksum 0 ("the checksum is treated as correct"). */
void aml_close_resources(struct aml *a, size_t m)
{
	uint32_t size;

	byte(a, 0x79);
	byte(a, 0x00);
	if (a->error)
		return;
	size = (uint32_t)(a->len - m - 5);
	memcpy(a->buf + m + 1, &size, 4);
	aml_close(a, m);
}

/* I/O Port Descriptor (6.4.2.5): 16-bit decode. */
void aml_res_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align, uint8_t len)
{
	byte(a, 0x47);
	byte(a, 0x01);
	le(a, min, 2);
	le(a, max, 2);
	byte(a, align);
	byte(a, len);
}

/* IRQ Descriptor without the information byte (6.4.2.1): edge, active high. */
void aml_res_irq_noflags(struct aml *a, uint16_t mask)
{
	byte(a, 0x22);
	le(a, mask, 2);
}

/* General flags of address space descriptors: producer, min and max fixed. */
#define AML_ADDR_MIN_FIXED	(1u << 2)
#define AML_ADDR_MAX_FIXED	(1u << 3)

/* Word Address Space Descriptor (6.4.3.5.3) for a bus number range. */
/* Word Address Space Descriptor (6.4.3.5.3) of @type with @flags, fixed bounds. */
static void res_word(struct aml *a, uint8_t type, uint8_t flags, uint16_t min, uint16_t max)
{
	byte(a, 0x88);
	le(a, 13, 2);			/* length of what follows */
	byte(a, type);
	byte(a, AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED);
	byte(a, flags);			/* type-specific flags */
	le(a, 0, 2);			/* granularity */
	le(a, min, 2);
	le(a, max, 2);
	le(a, 0, 2);			/* translation offset */
	le(a, (uint16_t)(max - min + 1), 2);
}

void aml_res_word_bus(struct aml *a, uint16_t min, uint16_t max)
{
	res_word(a, 2, 0, min, max);	/* bus number range */
}

/* I/O range; type-specific flags 3: ISA and non-ISA ports (EntireRange). */
void aml_res_word_io(struct aml *a, uint16_t min, uint16_t max)
{
	res_word(a, 1, 3, min, max);
}

/* DWord Address Space Descriptor (6.4.3.5.2): non-cacheable, read-write memory. */
void aml_res_dword_memory(struct aml *a, uint32_t min, uint32_t max)
{
	byte(a, 0x87);
	le(a, 23, 2);
	byte(a, 0);			/* resource type: memory */
	byte(a, AML_ADDR_MIN_FIXED | AML_ADDR_MAX_FIXED);
	byte(a, 0x01);			/* read-write, non-cacheable */
	le(a, 0, 4);
	le(a, min, 4);
	le(a, max, 4);
	le(a, 0, 4);
	le(a, max - min + 1, 4);
}

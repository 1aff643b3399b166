/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small encoder for ACPI Machine Language (ACPI 6.4, chapter 20), enough
 * for sevvm's DSDT: names, integers, strings, packages, buffers, scopes,
 * devices, and the resource descriptors of chapter 6.4.
 *
 * Nested objects are opened and closed: aml_open_*() writes the opcode and
 * returns a mark, aml_close() inserts the PkgLength in front of what was
 * written since. Allocation failures are sticky in @error.
 */
#ifndef SEVVM_ACPI_AML_H
#define SEVVM_ACPI_AML_H

#include <stddef.h>
#include <stdint.h>

struct aml {
	uint8_t *buf;
	size_t len, cap;
	int error;		/* -ENOMEM, or -EINVAL for a bad name */
};

void aml_init(struct aml *a);
void aml_free(struct aml *a);

void aml_bytes(struct aml *a, const void *p, size_t len);
/* NameString: "\\_SB_.PCI0", "_HID"; segments shorter than 4 get '_'. */
void aml_name(struct aml *a, const char *path);
/* The shortest integer encoding: ZeroOp, OneOp or a Byte/Word/DWord/QWord constant. */
void aml_integer(struct aml *a, uint64_t v);
void aml_string(struct aml *a, const char *s);
/* A 7-character PNP ID ("PNP0A03") compressed as EISAID() does, as a DWord. */
void aml_eisaid(struct aml *a, const char *id);
/* NameOp: Name(path, <the object written next>). */
void aml_name_decl(struct aml *a, const char *path);

size_t aml_open_scope(struct aml *a, const char *path);
size_t aml_open_device(struct aml *a, const char *path);
/* Package(@count){...}: the elements follow. */
size_t aml_open_package(struct aml *a, uint8_t count);
/* ResourceTemplate(): a Buffer of descriptors; aml_close_resources() ends it. */
size_t aml_open_resources(struct aml *a);
void aml_close(struct aml *a, size_t mark);
void aml_close_resources(struct aml *a, size_t mark);

/* Resource descriptors (ACPI 6.4, 6.4.2 small and 6.4.3 large items). */
void aml_res_io(struct aml *a, uint16_t min, uint16_t max, uint8_t align, uint8_t len);
void aml_res_irq_noflags(struct aml *a, uint16_t mask);
void aml_res_word_bus(struct aml *a, uint16_t min, uint16_t max);
void aml_res_word_io(struct aml *a, uint16_t min, uint16_t max);
void aml_res_dword_memory(struct aml *a, uint32_t min, uint32_t max);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GUID table at the end of an OVMF image (OvmfPkg ResetVectorVtf0.asm
 * "OVMF GUIDed structure table"), read the way QEMU reads it
 * (hw/i386/pc_sysfw_ovmf.c): the SEV-ES AP reset address, the kernel hash
 * table and launch secret areas, and the SEV/TDX metadata offsets.
 *
 * Layout, from the end of the image (which is mapped to end at 4 GiB):
 *
 *   [size-16, size)      reset vector (guest 0xfffffff0)
 *   [size-32, size)      32 bytes QEMU skips ("bytes_after_table_footer")
 *   [size-48, size-32)   footer GUID 96b582de-1fb2-45f7-baea-a366c55a082d
 *   [size-50, size-48)   u16 total length of the table, footer included
 *   body                 total - 18 bytes ending at size-50, a sequence of
 *                        { data[len - 18]; u16 len; GUID } walked backwards
 *
 * GUIDs are stored in the EFI (little-endian) byte order.
 */
#ifndef SEVVM_SEV_OVMF_H
#define SEVVM_SEV_OVMF_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define OVMF_GUID_LEN		16
#define OVMF_MAX_ENTRIES	64
#define OVMF_RESET_VECTOR_LEN	16

struct ovmf_entry {
	uint8_t guid[OVMF_GUID_LEN];
	size_t offset;		/* of the entry's data in the image */
	size_t len;		/* data length (entry len - 18) */
};

struct ovmf_table {
	size_t image_size;
	size_t table_offset;	/* first byte of the table body */
	unsigned int nr;
	struct ovmf_entry e[OVMF_MAX_ENTRIES];	/* in file order (lowest offset first) */
};

/* The data of the hash table and secret blocks (QEMU's SevHashTableDescriptor). */
struct ovmf_area {
	uint32_t base, size;
};

extern const uint8_t ovmf_guid_footer[OVMF_GUID_LEN];
extern const uint8_t ovmf_guid_sev_es_reset[OVMF_GUID_LEN];
extern const uint8_t ovmf_guid_hash_table[OVMF_GUID_LEN];
extern const uint8_t ovmf_guid_secret[OVMF_GUID_LEN];
extern const uint8_t ovmf_guid_sev_metadata[OVMF_GUID_LEN];
extern const uint8_t ovmf_guid_tdx_metadata[OVMF_GUID_LEN];

/*
 * Parses the footer table of @img (@size bytes). Returns 0 (an empty table,
 * nr 0, is valid); -ENOENT when the image has no footer GUID (not an
 * OVMF-style image; @t is then an empty table); -EINVAL with a message
 * naming the offset and the field for a truncated or corrupt table, for an
 * image smaller than a 4096-byte page (QEMU ignores those) or one larger
 * than the 4 GiB it is mapped below; -E2BIG for more than OVMF_MAX_ENTRIES
 * entries. An entry's offset in messages is that of its u16 length field.
 */
int ovmf_table_parse(const uint8_t *img, size_t size, struct ovmf_table *t, struct err *e);

/*
 * The entry with @guid, or NULL. With duplicates, the one nearest the
 * footer (highest offset): the one QEMU's backward walk finds first.
 */
const struct ovmf_entry *ovmf_find(const struct ovmf_table *t, const uint8_t guid[OVMF_GUID_LEN]);

/*
 * The SEV-ES reset block's u32 AP reset address: -ENOENT if absent,
 * -EINVAL if its data is not 4 bytes or the address is 0.
 */
int ovmf_sev_es_reset_addr(const struct ovmf_table *t, const uint8_t *img, uint32_t *addr,
			   struct err *e);

/*
 * A {u32 base; u32 size} block (hash table or secret): -ENOENT if absent,
 * -EINVAL if its data is shorter than 8 bytes. base and size may be 0: the
 * caller decides (QEMU's hash table needs base != 0 and size >= 176).
 */
int ovmf_area(const struct ovmf_table *t, const uint8_t *img, const uint8_t guid[OVMF_GUID_LEN],
	      struct ovmf_area *a, struct err *e);

/*
 * "SEV-ES reset block", "SEV hash table block", "SEV secret block",
 * "SEV metadata offset", "TDX metadata offset", "footer"; NULL otherwise.
 */
const char *ovmf_guid_name(const uint8_t guid[OVMF_GUID_LEN]);

/* The text form (8-4-4-4-12, lower case) of a GUID stored little-endian; returns @buf. */
char *ovmf_guid_str(const uint8_t guid[OVMF_GUID_LEN], char buf[37]);

/* The guest-physical address of image offset @off: 4 GiB - image_size + off. */
uint64_t ovmf_gpa(size_t image_size, size_t off);

/* The offset of the 16-byte reset vector (guest 0xfffffff0): image_size - 16 (size >= 16). */
size_t ovmf_reset_vector_offset(size_t image_size);

#endif

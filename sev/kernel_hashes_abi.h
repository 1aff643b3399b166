/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layout of QEMU's kernel hashes table (target/i386/sev.c
 * PaddedSevHashTable; sev-reference Part A 3.3) as both sides see it: sevvm
 * builds and measures it (sev/kernel_hashes.c), sevvm's firmware checks the
 * blobs against it (firmware/hash_table.c). Constants only, so that
 * freestanding code can include it. GUIDs in the EFI (little-endian) byte
 * order, as initialisers.
 */
#ifndef SEVVM_SEV_KERNEL_HASHES_ABI_H
#define SEVVM_SEV_KERNEL_HASHES_ABI_H

#define SEV_HASH_GUID_LEN	16
#define SEV_HASH_HEADER_LEN	(SEV_HASH_GUID_LEN + 2)		/* GUID, u16 length */
#define SEV_HASH_ENTRY_LEN	(SEV_HASH_HEADER_LEN + 32)	/* ... and a SHA-256 */
/* 16 + 2 + 3 * 50 = 168 bytes, zero-padded to 16-byte granularity. */
#define SEV_HASH_TABLE_LEN	(SEV_HASH_HEADER_LEN + 3 * SEV_HASH_ENTRY_LEN)
#define SEV_HASH_TABLE_SIZE	176

/* 9438d606-4f22-4cc9-b479-a793d411fd21 */
#define SEV_HASH_GUID_TABLE	{ 0x06, 0xd6, 0x38, 0x94, 0x22, 0x4f, 0xc9, 0x4c, \
				  0xb4, 0x79, 0xa7, 0x93, 0xd4, 0x11, 0xfd, 0x21 }
/* 97d02dd8-bd20-4c94-aa78-e7714d36ab2a */
#define SEV_HASH_GUID_CMDLINE	{ 0xd8, 0x2d, 0xd0, 0x97, 0x20, 0xbd, 0x94, 0x4c, \
				  0xaa, 0x78, 0xe7, 0x71, 0x4d, 0x36, 0xab, 0x2a }
/* 44baf731-3a2f-4bd7-9af1-41e29169781d */
#define SEV_HASH_GUID_INITRD	{ 0x31, 0xf7, 0xba, 0x44, 0x2f, 0x3a, 0xd7, 0x4b, \
				  0x9a, 0xf1, 0x41, 0xe2, 0x91, 0x69, 0x78, 0x1d }
/* 4de79437-abd2-427f-b835-d5b172d2045b */
#define SEV_HASH_GUID_KERNEL	{ 0x37, 0x94, 0xe7, 0x4d, 0xd2, 0xab, 0x7f, 0x42, \
				  0xb8, 0x35, 0xd5, 0xb1, 0x72, 0xd2, 0x04, 0x5b }

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* Uncompressed ELF64 x86-64 kernels (vmlinux): PT_LOAD segments by p_paddr. */
#ifndef SEVVM_ELF_H
#define SEVVM_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define ELF_MAX_SEGS 16

struct elf_seg {
	uint64_t paddr, filesz, memsz;
	const uint8_t *data;	/* borrowed from the file buffer */
};

struct elf_image {
	uint64_t entry;		/* physical entry point */
	uint64_t lowest, highest;	/* span of all segments */
	struct elf_seg seg[ELF_MAX_SEGS];
	unsigned int nr;
};

int elf_is_elf(const void *buf, size_t len);
int elf_parse(const void *buf, size_t len, const char *name, struct elf_image *img,
	      struct err *e);

#endif

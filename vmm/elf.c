// SPDX-License-Identifier: GPL-2.0
#include "vmm/elf.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

int elf_is_elf(const void *buf, size_t len)
{
	return len >= SELFMAG && !memcmp(buf, ELFMAG, SELFMAG);
}

int elf_parse(const void *buf, size_t len, const char *name, struct elf_image *img,
	      struct err *e)
{
	const uint8_t *b = buf;
	Elf64_Ehdr eh;
	unsigned int i;

	*img = (struct elf_image){ .lowest = UINT64_MAX };
	if (len < sizeof(eh))
		return err_set(e, EINVAL, "%s: truncated ELF header (%zu bytes)", name, len);
	memcpy(&eh, b, sizeof(eh));
	if (!elf_is_elf(b, len) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return err_set(e, EINVAL, "%s: not a little-endian ELF64 file", name);
	if (eh.e_machine != EM_X86_64)
		return err_set(e, EINVAL, "%s: e_machine %u is not x86-64", name, eh.e_machine);
	if (eh.e_type != ET_EXEC)
		return err_set(e, EINVAL, "%s: e_type %u is not an executable", name, eh.e_type);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum ||
	    eh.e_phoff > len || (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > len - eh.e_phoff)
		return err_set(e, EINVAL, "%s: program headers (e_phoff %#" PRIx64 ", e_phnum %u) lie outside the file",
			       name, (uint64_t)eh.e_phoff, eh.e_phnum);

	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		struct elf_seg *s;

		memcpy(&ph, b + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > len ||
		    ph.p_filesz > len - ph.p_offset || ph.p_paddr + ph.p_memsz < ph.p_paddr)
			return err_set(e, EINVAL, "%s: program header %u (p_offset %#" PRIx64 ", p_filesz %#" PRIx64
				       ") lies outside the file or wraps", name, i,
				       (uint64_t)ph.p_offset, (uint64_t)ph.p_filesz);
		if (img->nr >= ELF_MAX_SEGS)
			return err_set(e, EINVAL, "%s: more than %d PT_LOAD segments", name, ELF_MAX_SEGS);
		s = &img->seg[img->nr++];
		*s = (struct elf_seg){ .paddr = ph.p_paddr, .filesz = ph.p_filesz,
				       .memsz = ph.p_memsz, .data = b + ph.p_offset };
		if (s->paddr < img->lowest)
			img->lowest = s->paddr;
		if (s->paddr + s->memsz > img->highest)
			img->highest = s->paddr + s->memsz;
	}
	if (!img->nr)
		return err_set(e, EINVAL, "%s: no PT_LOAD segments", name);
	img->entry = eh.e_entry;
	if (img->entry < img->lowest || img->entry >= img->highest)
		return err_set(e, EINVAL, "%s: entry point %#" PRIx64 " is outside the loaded segments", name,
			       img->entry);
	return 0;
}

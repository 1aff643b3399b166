/* SPDX-License-Identifier: GPL-2.0 */
/* A whole input file mapped read-only (kernel, firmware, initrd). */
#ifndef SEVVM_MAPPED_FILE_H
#define SEVVM_MAPPED_FILE_H

#include <stddef.h>
#include "vmm/util/err.h"

struct mapped_file {
	const char *name;
	void *data;
	size_t len;
	int fd;		/* kept open for pread(2) of what may change under us; -1: none */
};

/*
 * Maps @name; refuses what is not a regular, non-empty file. A file that
 * shrinks while mapped raises SIGBUS on the pages past its new end: read
 * what is served long after opening (fw_cfg) through @fd instead.
 */
int mapped_file_open(const char *name, struct mapped_file *f, struct err *e);
void mapped_file_close(struct mapped_file *f);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of kernel, initrd and command-line hashes that QEMU measures
 * after the firmware for measured direct boot (QEMU target/i386/sev.c,
 * PaddedSevHashTable), and that OVMF's BlobVerifierLibSevHashes and
 * sevvm's firmware check before booting. The same bytes are built by
 * sevctl, sev-snp-measure and virt-qemu-sev-validate.
 */
#ifndef SEVVM_SEV_KERNEL_HASHES_H
#define SEVVM_SEV_KERNEL_HASHES_H

#include <stdint.h>
#include "sev/kernel_hashes_abi.h"
#include "vmm/util/err.h"


/*
 * Builds the table: the SHA-256 of the kernel file as it is on disk (QEMU
 * does not patch the setup header under SEV), of the initrd file (or of
 * nothing without one), and of the command line with its NUL (a lone NUL
 * without one). Entries in the order cmdline, initrd, kernel.
 */
int sev_kernel_hashes_build(const char *kernel, const char *initrd, const char *cmdline,
			    uint8_t table[SEV_HASH_TABLE_SIZE], struct err *e);

/*
 * The table from @table_file (176 bytes, as the guest owner computed it;
 * header and entries checked) or, without one, built from the files.
 */
int sev_kernel_hashes_get(const char *table_file, const char *kernel, const char *initrd,
			  const char *cmdline, uint8_t table[SEV_HASH_TABLE_SIZE], struct err *e);

/* SHA-256 of a whole (non-empty) file. */
int sev_sha256_file(const char *path, uint8_t out[32], uint64_t *size, struct err *e);

#endif

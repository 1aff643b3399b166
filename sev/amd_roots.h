/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD's published ARK (root) and ASK (SEV signing key) certificates, one
 * pair per EPYC product, embedded in sevvm at build time from
 * sev/amd-roots/ (provenance and SHA-256s in its README). They are the
 * roots `platform verify` and `owner session` end a platform's chain at
 * (sev/chain_trust.h). Formats: AMD SEV API 55766 appendix B.1.
 */
#ifndef SEVVM_SEV_AMD_ROOTS_H
#define SEVVM_SEV_AMD_ROOTS_H

#include <stddef.h>
#include <stdint.h>

#define AMD_ROOTS_NR	5

struct amd_root {
	const char *product;	/* "naples", as --product takes it */
	const char *name;	/* "Naples", for messages */
	const uint8_t *ark, *ask;
	size_t ark_len, ask_len;
};

/* Root @i (0 .. AMD_ROOTS_NR - 1, oldest product first) into *out: 0, or -ENOENT. */
int amd_root_get(unsigned int i, struct amd_root *out);
/* The root of @product (case-insensitive) into *out: 0, or -ENOENT. */
int amd_root_find(const char *product, struct amd_root *out);
/* "naples, rome, milan, genoa, turin", for messages. */
const char *amd_root_products(void);

#endif

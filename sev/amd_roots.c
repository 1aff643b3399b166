// SPDX-License-Identifier: GPL-2.0
/*
 * The certificate files of sev/amd-roots/, assembled into .rodata with
 * .incbin (vmm/util/incbin.h), so the bytes sevvm trusts are the files the
 * repository carries (and the README's SHA-256s describe).
 */
#include "sev/amd_roots.h"

#include <errno.h>
#include <strings.h>
#include "vmm/util/incbin.h"

#define AMD_ROOT_PAIR(p)							\
	INCBIN(sevvm_amd_ark_##p, "sev/amd-roots/" #p "/ark.cert");		\
	INCBIN(sevvm_amd_ask_##p, "sev/amd-roots/" #p "/ask.cert")

AMD_ROOT_PAIR(naples);
AMD_ROOT_PAIR(rome);
AMD_ROOT_PAIR(milan);
AMD_ROOT_PAIR(genoa);
AMD_ROOT_PAIR(turin);

struct amd_root_blobs {
	const char *product, *name;
	const uint8_t *ark, *ask;
	const uint64_t *ark_len, *ask_len;
};

#define AMD_ROOT_ENTRY(p, n) {							\
	.product = #p, .name = n,						\
	.ark = sevvm_amd_ark_##p, .ask = sevvm_amd_ask_##p,			\
	.ark_len = &sevvm_amd_ark_##p##_len, .ask_len = &sevvm_amd_ask_##p##_len,	\
}

static const struct amd_root_blobs roots[AMD_ROOTS_NR] = {
	AMD_ROOT_ENTRY(naples, "Naples"),
	AMD_ROOT_ENTRY(rome, "Rome"),
	AMD_ROOT_ENTRY(milan, "Milan"),
	AMD_ROOT_ENTRY(genoa, "Genoa"),
	AMD_ROOT_ENTRY(turin, "Turin"),
};

int amd_root_get(unsigned int i, struct amd_root *out)
{
	const struct amd_root_blobs *b;

	if (i >= AMD_ROOTS_NR)
		return -ENOENT;
	b = &roots[i];
	*out = (struct amd_root){
		.product = b->product, .name = b->name, .ark = b->ark, .ask = b->ask,
		.ark_len = (size_t)*b->ark_len, .ask_len = (size_t)*b->ask_len,
	};
	return 0;
}

int amd_root_find(const char *product, struct amd_root *out)
{
	unsigned int i;

	for (i = 0; i < AMD_ROOTS_NR; i++) {
		if (!strcasecmp(product, roots[i].product))
			return amd_root_get(i, out);
	}
	return -ENOENT;
}

const char *amd_root_products(void)
{
	return "naples, rome, milan, genoa, turin";
}

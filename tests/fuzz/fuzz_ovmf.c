// SPDX-License-Identifier: GPL-2.0
/*
 * OVMF's GUID table at the end of the image: ovmf_table_parse(), then the
 * lookups sevvm makes (SEV-ES reset vector, hash table and secret areas).
 */
#include "sev/ovmf.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovmf_table t;
	struct ovmf_area a;
	struct err e;
	uint32_t addr;
	char s[37];
	unsigned int i;

	if (ovmf_table_parse(data, size, &t, &e))
		return 0;
	for (i = 0; i < t.nr; i++) {
		ovmf_guid_name(t.e[i].guid);
		ovmf_guid_str(t.e[i].guid, s);
	}
	ovmf_sev_es_reset_addr(&t, data, &addr, &e);
	ovmf_area(&t, data, ovmf_guid_hash_table, &a, &e);
	ovmf_area(&t, data, ovmf_guid_secret, &a, &e);
	return 0;
}

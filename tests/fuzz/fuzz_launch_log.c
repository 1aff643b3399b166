// SPDX-License-Identifier: GPL-2.0
/*
 * A launch log as `sevvm measure --explain LOG` reads it (outside input:
 * sev/launch_log_read.c), then the comparison --explain prints, against
 * a firmware SEV-ES launch of two vCPUs: each item the log describes meets
 * the explanation code (hashes table entries, VMSA fields, zero page).
 * Input: the log's bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sev/kernel_hashes_abi.h"
#include "sev/launch_log_read.h"
#include "vmm/cmd/measure.h"
#include "tests/fuzz/fuzz.h"

static struct sev_measured expected;
static FILE *devnull;

/* The expected launch: a firmware, a kernel hashes table, a zero page, two VMSAs. */
static void make_expected(void)
{
	static const uint8_t guid[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_TABLE;
	static uint8_t fw[8192], table[SEV_HASH_TABLE_SIZE], zp[4096], vmsa[SEV_VMSA_PAGE];
	struct err e;

	memset(fw, 0x90, sizeof(fw));
	memcpy(table, guid, sizeof(guid));
	zp[0x21c] = 0x10;
	vmsa[0x310] = 0x12;
	vmsa[0x408] = 0x80;
	sev_measured_init(&expected);
	if (sev_measured_add_region(&expected, 0xffffe000, sizeof(fw), "firmware", fw, &e) ||
	    sev_measured_add_region(&expected, 0x840000, sizeof(table), "kernel hashes table",
				    table, &e) ||
	    sev_measured_add_region(&expected, 0x7000, sizeof(zp), "zero page", zp, &e) ||
	    sev_measured_add_vmsa(&expected, 0, vmsa, &e) ||
	    sev_measured_add_vmsa(&expected, 1, vmsa, &e))
		abort();
	snprintf(expected.mode, sizeof(expected.mode), "sev-es");
	devnull = fopen("/dev/null", "we");
	if (!devnull)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_measured m;
	struct err e;

	if (!devnull)
		make_expected();
	sev_measured_init(&m);
	if (!sev_launch_log_read((const char *)data, size, &m, &e))
		measure_explain_items(devnull, &m, &expected, &e);
	sev_measured_free(&m);
	return 0;
}

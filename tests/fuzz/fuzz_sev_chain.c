// SPDX-License-Identifier: GPL-2.0
/*
 * A whole certificate chain (ARK, ASK, CEK, OCA, PEK, PDH) through
 * sev_chain_verify(): six lengths (2 bytes each, capped at each slot's
 * room), then the certificates back to back.
 */
#include "sev/sev_cert_chain.h"
#include "tests/fuzz/fuzz.h"

/* Room for either format: SEV_CERT_SIZE (2084) > AMD_CERT_MAX (1600). */
#define SLOT	SEV_CERT_SIZE

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	static uint8_t buf[SEV_CHAIN_NR][SLOT];
	size_t want[SEV_CHAIN_NR];
	struct sev_chain ch;
	uint8_t ark_id[16];
	struct err e;
	unsigned int i;

	for (i = 0; i < SEV_CHAIN_NR; i++)
		want[i] = fuzz_take(&in, 2) % (SLOT + 1);
	for (i = 0; i < SEV_CHAIN_NR; i++) {
		size_t n = want[i] < in.left ? want[i] : in.left;

		/* Copies, so ASan sees the end of each certificate. */
		ch.cert[i] = buf[i] + SLOT - n;
		memcpy(buf[i] + SLOT - n, in.p, n);
		ch.len[i] = n;
		in.p += n;
		in.left -= n;
	}
	sev_chain_verify(&ch, ark_id, &e);
	return 0;
}

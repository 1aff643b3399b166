// SPDX-License-Identifier: GPL-2.0
/*
 * One certificate, first byte choosing the format: SEV (CEK, OCA, PEK, PDH;
 * API 55766 appendix C) through sev_cert_parse() and sev_cert_pubkey(), or
 * AMD (ARK, ASK; appendix B) through amd_cert_parse(). sev_cert_parse()
 * starts with sev_cert_pubkey() on the same bytes, so that runs too.
 */
#include "sev/cert.h"
#include "sev/sev_cert_chain.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sev_cert_info si;
	struct amd_cert_info ai;
	struct err e;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (!amd_cert_parse(data + 1, size - 1, "ARK", &ai, &e))
			amd_cert_info_free(&ai);
		return 0;
	}
	if (!sev_cert_parse(data + 1, size - 1, "PEK", &si, &e))
		sev_cert_info_free(&si);
	return 0;
}

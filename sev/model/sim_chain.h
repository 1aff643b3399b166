/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software model's certificate chain: ARK and ASK (RSA-4096, AMD
 * format, RSA-PSS SHA-384), CEK, OCA and PEK (P-384, ECDSA SHA-384) and the
 * PDH that LAUNCH_START's session unwrap uses, every key derived from the
 * model's seed (sev/sim_keys.h). They are TEST KEYS: the ARK's and ASK's
 * key ids spell it, and every output that shows them says so.
 */
#ifndef SEVVM_SEV_SIM_CHAIN_H
#define SEVVM_SEV_SIM_CHAIN_H

#include <stdbool.h>
#include <stdint.h>
#include "sev/sev_cert_chain.h"

/* The model's ARK and ASK key ids: ASCII, so any dump shows what they are. */
#define SEV_SIM_ARK_ID	"sevvm TEST ARK\0"
#define SEV_SIM_ASK_ID	"sevvm TEST ASK\0"

/*
 * Builds the chain from @seed around @pdh (the model's PDH key pair);
 * @api_major/@api_minor go into the PEK and PDH certificates.
 */
int sev_sim_chain_build(const uint8_t seed[32], EVP_PKEY *pdh, uint8_t api_major,
			uint8_t api_minor, struct sev_chain_certs *out, struct err *e);
/* Whether @ark_id is the model's (test keys). */
bool sev_sim_chain_is_test(const uint8_t ark_id[16]);

#endif

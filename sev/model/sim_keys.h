/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The software model's keys, derived deterministically from its seed and a
 * label ("sevvm-sim PDH", "sevvm-sim ARK", ...): the same seed always gives
 * the same keys, so the model's PDH and its certificate chain are stable
 * across runs. They are TEST KEYS: the seed is public.
 */
#ifndef SEVVM_SEV_SIM_KEYS_H
#define SEVVM_SEV_SIM_KEYS_H

#include <openssl/evp.h>
#include <stdint.h>

/* A P-384 key pair: d = HMAC-SHA384(seed, label) mod (n - 1) + 1. NULL on failure. */
EVP_PKEY *sev_sim_p384_key(const uint8_t seed[32], const char *label);

/*
 * An RSA key pair of @bits (2048 or 4096), e = 65537: p and q are the first
 * primes at or above numbers drawn from HMAC-SHA384(seed, label || i)
 * (top two bits and the low bit set). NULL on failure.
 */
EVP_PKEY *sev_sim_rsa_key(const uint8_t seed[32], const char *label, unsigned int bits);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV certificate (AMD SEV API 55766 Appendix C; sev-reference Part C
 * 2.4): 2084 bytes, every integer little-endian. Only what the launch needs:
 * reading the P-384 public key of a GODH/PDH certificate and writing an
 * unsigned one. Signatures are neither made nor checked (the firmware does
 * not validate the GODH's).
 */
#ifndef SEVVM_SEV_CERT_H
#define SEVVM_SEV_CERT_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define SEV_CERT_SIZE		2084	/* 0x824 */

/* Field offsets. */
#define SEV_CERT_OFF_VERSION	0x000
#define SEV_CERT_OFF_API_MAJOR	0x004
#define SEV_CERT_OFF_API_MINOR	0x005
#define SEV_CERT_OFF_USAGE	0x008
#define SEV_CERT_OFF_ALGO	0x00c
#define SEV_CERT_OFF_CURVE	0x010
#define SEV_CERT_OFF_QX		0x014
#define SEV_CERT_OFF_QY		0x05c
#define SEV_CERT_ECC_COORD	72	/* LE, zero above the curve's size */
#define SEV_CERT_OFF_SIG1_USAGE	0x414
#define SEV_CERT_OFF_SIG1_ALGO	0x418
#define SEV_CERT_OFF_SIG2_USAGE	0x61c
#define SEV_CERT_OFF_SIG2_ALGO	0x620

/* pub_key_usage / sig_usage. */
#define SEV_USAGE_ARK		0x0000u
#define SEV_USAGE_ASK		0x0013u
#define SEV_USAGE_INVALID	0x1000u	/* an empty signature slot */
#define SEV_USAGE_OCA		0x1001u
#define SEV_USAGE_PEK		0x1002u
#define SEV_USAGE_PDH		0x1003u
#define SEV_USAGE_CEK		0x1004u

/* pub_key_algo / sig_algo. */
#define SEV_ALGO_INVALID	0x000u
#define SEV_ALGO_RSA_SHA256	0x001u
#define SEV_ALGO_ECDSA_SHA256	0x002u
#define SEV_ALGO_ECDH_SHA256	0x003u
#define SEV_ALGO_RSA_SHA384	0x101u
#define SEV_ALGO_ECDSA_SHA384	0x102u
#define SEV_ALGO_ECDH_SHA384	0x103u

#define SEV_CURVE_P256		1u
#define SEV_CURVE_P384		2u

/*
 * Parses the ECDH/ECDSA P-384 public key of a version-1 certificate; checks
 * the length, version, algorithm, curve and that the point is on P-384.
 * *out is a new key the caller frees. Returns 0 or -EINVAL with a message
 * naming the field and its offset.
 */
int sev_cert_pubkey(const uint8_t *cert, size_t len, EVP_PKEY **out, struct err *e);

/*
 * Writes an unsigned version-1 certificate for the P-384 public key of @key
 * (both signature slots usage INVALID, algo 0). @algo must be an ECDH or
 * ECDSA algorithm. Returns 0 or -errno.
 */
int sev_cert_from_pubkey(EVP_PKEY *key, uint32_t usage, uint32_t algo, uint8_t api_major,
			 uint8_t api_minor, uint8_t out[SEV_CERT_SIZE], struct err *e);

#endif

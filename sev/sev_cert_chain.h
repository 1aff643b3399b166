/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV platform's certificate chain (AMD SEV API 55766 Appendix B and C;
 * sev-reference Part C 2.4 and 2.5):
 *
 *   ARK (AMD root, RSA, self-signed) -> ASK (AMD SEV key, RSA) -> CEK
 *   (chip endorsement key, SEV format, ECDSA P-384) -> PEK (platform
 *   endorsement key) <- OCA (owner's certificate authority, self-signed)
 *   and PEK -> PDH (platform Diffie-Hellman key, the key LAUNCH_START uses).
 *
 * Parsing bounds-checks every field and names it in errors; signatures are
 * checked with OpenSSL: ECDSA (SHA-256 for algo 0x2, SHA-384 for 0x102) for
 * SEV certificates, RSASSA-PSS (salt = digest length, MGF1 with the same
 * hash) for ARK/ASK and for the ASK's signature on the CEK. Signatures and
 * RSA numbers are stored little-endian.
 */
#ifndef SEVVM_SEV_CERT_CHAIN_H
#define SEVVM_SEV_CERT_CHAIN_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>
#include "sev/cert.h"
#include "vmm/util/err.h"

#define AMD_CERT_MAX		1600	/* 4096-bit: 0x40 + 3 * 512 */
#define AMD_CERT_OFF_KEY_ID	0x04
#define AMD_CERT_OFF_CERT_ID	0x14
#define AMD_CERT_OFF_USAGE	0x24
#define AMD_CERT_OFF_PUBEXP_SIZE 0x38
#define AMD_CERT_OFF_MOD_SIZE	0x3c
#define AMD_CERT_OFF_PUBEXP	0x40
#define SEV_CERT_SIGNED_LEN	0x414	/* a SEV certificate signs bytes 0..0x413 */
#define SEV_CERT_OFF_SIG1	0x41c
#define SEV_CERT_OFF_SIG2	0x624
#define SEV_CERT_SIG_SIZE	0x200

/* The chain, root first; the names are the ones errors and files use. */
enum sev_chain_idx {
	SEV_CHAIN_ARK, SEV_CHAIN_ASK, SEV_CHAIN_CEK, SEV_CHAIN_OCA, SEV_CHAIN_PEK,
	SEV_CHAIN_PDH, SEV_CHAIN_NR,
};
extern const char *const sev_chain_names[SEV_CHAIN_NR];	/* "ARK", ..., "PDH" */

/* A parsed SEV-format certificate (CEK, OCA, PEK, PDH). */
struct sev_cert_info {
	uint8_t api_major, api_minor;
	uint32_t usage, algo;
	uint32_t sig_usage[2], sig_algo[2];
	EVP_PKEY *key;		/* the P-384 public key */
};

/* A parsed AMD-format certificate (ARK, ASK). */
struct amd_cert_info {
	uint8_t key_id[16], certifying_id[16];
	uint32_t usage, pubexp_bits, modulus_bits;
	size_t signed_len, len;	/* bytes before the signature; the whole */
	EVP_PKEY *key;		/* the RSA public key */
};

/* @name ("PEK", a file name) prefixes every error. Free with *_info_free(). */
int sev_cert_parse(const uint8_t *c, size_t len, const char *name, struct sev_cert_info *out,
		   struct err *e);
void sev_cert_info_free(struct sev_cert_info *ci);
int amd_cert_parse(const uint8_t *c, size_t len, const char *name, struct amd_cert_info *out,
		   struct err *e);
void amd_cert_info_free(struct amd_cert_info *ai);

/*
 * Signs bytes 0..0x413 of the SEV certificate @c into signature slot @slot
 * (0 or 1) with @signer: ECDSA P-384 (algo 0x2/0x102) or RSA-PSS (0x1/0x101)
 * for an ASK signing a CEK.
 */
int sev_cert_sign(uint8_t c[SEV_CERT_SIZE], unsigned int slot, EVP_PKEY *signer,
		  uint32_t signer_usage, uint32_t algo, struct err *e);
/*
 * Writes an AMD-format certificate of the RSA key @key signed by @signer
 * (itself when self-signed) with RSA-PSS SHA-384 (4096-bit keys) or SHA-256
 * (2048-bit). *len gets the size.
 */
int amd_cert_build(EVP_PKEY *key, const uint8_t key_id[16], const uint8_t certifying_id[16],
		   uint32_t usage, EVP_PKEY *signer, uint8_t out[AMD_CERT_MAX], size_t *len,
		   struct err *e);

/*
 * ARK -> ASK alone: the ARK self-signed, the ASK naming it as its certifier
 * and signed by it, both usages right (the first half of
 * sev_chain_verify()). Errors name the "ARK" or the "ASK".
 */
int amd_cert_pair_verify(const uint8_t *ark, size_t ark_len, const uint8_t *ask,
			 size_t ask_len, struct err *e);

struct sev_chain {
	const uint8_t *cert[SEV_CHAIN_NR];
	size_t len[SEV_CHAIN_NR];
};

/* Storage for a whole chain (the model's, or files read back). */
struct sev_chain_certs {
	uint8_t sev[SEV_CHAIN_NR][SEV_CERT_SIZE];	/* CEK, OCA, PEK, PDH (SEV format) */
	uint8_t amd[2][AMD_CERT_MAX];			/* ARK, ASK */
	size_t amd_len[2];
};

/* The certificates of @c, for sev_chain_verify(). */
void sev_chain_certs_view(const struct sev_chain_certs *c, struct sev_chain *view);

/*
 * Checks ARK (self-signed) -> ASK -> CEK -> PEK <- OCA (self-signed), and
 * PEK -> PDH, each certificate's usage, and that the ASK names the ARK as
 * its certifier. The first failure is named ("PEK: the signature by the
 * CEK (slot 2) does not verify"). *ark_id gets the ARK's key id. Any
 * self-signed ARK passes: whether it is a root to trust is
 * sev/chain_trust.h's question.
 */
int sev_chain_verify(const struct sev_chain *ch, uint8_t ark_id[16], struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software model of the SEV firmware (AMD SEV API 55766): the platform
 * state machine (UNINIT/INIT/WORKING, 5.1.2), guest contexts with their
 * state machine (UNINIT/LUPDATE/LSECRET/RUNNING, 6.1.1), policy checks, the
 * length and alignment rules of each command, the launch digest and the
 * HMAC measurement (6.5), the session unwrap of LAUNCH_START (ECDH P-384 with
 * the model's PDH and the SEV KDF) and LAUNCH_SECRET (6.6). It encrypts
 * nothing: guest memory stays plaintext. Every command returns the
 * firmware's status code (sev/status.h).
 *
 * "Physical addresses" are the guest-physical addresses of the data; the
 * buffers themselves are host pointers.
 */
#ifndef SEVVM_SEV_SIM_FW_H
#define SEVVM_SEV_SIM_FW_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stdint.h>
#include "sev/status.h"
#include "vmm/util/err.h"

#define SEV_FW_MAX_GUESTS	8
#define SEV_MEASURE_LEN		48	/* MEASURE[32] || MNONCE[16] */
#define SEV_SESSION_LEN		128
#define SEV_SECRET_HDR_LEN	52	/* FLAGS u32 || IV[16] || MAC[32] */
#define SEV_VMSA_SIZE		4096

/* Guest policy bits (55766 3; sev-reference Part C 3.4). */
#define SEV_POLICY_NODBG	0x01u
#define SEV_POLICY_NOKS		0x02u
#define SEV_POLICY_ES		0x04u
#define SEV_POLICY_NOSEND	0x08u
#define SEV_POLICY_DOMAIN	0x10u
#define SEV_POLICY_SEV		0x20u
#define SEV_POLICY_API_MAJOR(p)	(((p) >> 16) & 0xffu)
#define SEV_POLICY_API_MINOR(p)	(((p) >> 24) & 0xffu)

struct sev_fw_config {
	uint8_t api_major, api_minor, build;
	bool es;			/* platform supports SEV-ES (CONFIG_ES) */
	uint8_t seed[32];		/* the model's keys (PDH) derive from it */
	/* Randomness for TEK/TIK, MNONCE; NULL = RAND_bytes. Tests inject. */
	int (*rand)(void *opaque, uint8_t *buf, size_t len);
	void *rand_opaque;
};

struct sev_fw_guest {
	bool in_use;
	uint32_t handle, policy;
	enum sev_guest_state state;
	uint8_t tek[16], tik[16];
	EVP_MD_CTX *ld;			/* running launch digest (SHA-256) */
	uint8_t digest[32];		/* GCTX.LD, fixed by LAUNCH_MEASURE */
	uint8_t measure[32];		/* the HMAC, kept for LAUNCH_SECRET */
	uint64_t bytes_measured;	/* everything hashed into ld */
};

struct sev_fw {
	struct sev_fw_config cfg;
	enum sev_platform_state state;
	EVP_PKEY *pdh;			/* P-384 key pair derived from cfg.seed */
	struct sev_fw_guest guests[SEV_FW_MAX_GUESTS];
	uint32_t next_handle;		/* handles start at 1 */
};

struct sev_fw_platform_status {
	uint8_t api_major, api_minor, state, owner;
	uint32_t config;		/* bit 0: ES */
	uint8_t build;
	uint32_t guest_count;
};

/* Creates the model in state UNINIT and derives its PDH key from cfg->seed. */
int sev_fw_create(struct sev_fw *fw, const struct sev_fw_config *cfg, struct err *e);
void sev_fw_destroy(struct sev_fw *fw);

/* Platform commands. */
enum sev_status sev_fw_init(struct sev_fw *fw);			/* UNINIT -> INIT */
enum sev_status sev_fw_shutdown(struct sev_fw *fw);		/* -> UNINIT, all guests gone */
enum sev_status sev_fw_platform_status(struct sev_fw *fw, struct sev_fw_platform_status *st);
/* The PDH public key (for sev/cert.c to wrap in a certificate). */
EVP_PKEY *sev_fw_pdh(struct sev_fw *fw);

/*
 * LAUNCH_START: *handle 0 creates a new guest context (and returns its
 * handle); non-zero asks to share that guest's keys (NOKS must be clear in
 * both policies). With @godh/@session (both or neither; the GODH certificate
 * in the SEV format of sev/cert.h, the 128-byte session of Part C 2.3),
 * TEK/TIK are unwrapped and POLICY_MAC is checked; without them they are
 * generated.
 */
enum sev_status sev_fw_launch_start(struct sev_fw *fw, uint32_t *handle, uint32_t policy,
				    const uint8_t *godh, size_t godh_len,
				    const uint8_t *session, size_t session_len);
/* Hashes @len bytes at guest-physical @paddr; both must be 16-byte aligned. */
enum sev_status sev_fw_launch_update_data(struct sev_fw *fw, uint32_t handle,
					  uint64_t paddr, const void *data, uint32_t len);
/* SEV-ES only (policy ES): one page-aligned 4096-byte VMSA. */
enum sev_status sev_fw_launch_update_vmsa(struct sev_fw *fw, uint32_t handle,
					  uint64_t paddr, const void *vmsa, uint32_t len);
/*
 * LUPDATE -> LSECRET. *len < 48 gives INVALID_LENGTH with *len = 48 (the
 * probe); otherwise writes MEASURE || MNONCE.
 */
enum sev_status sev_fw_launch_measure(struct sev_fw *fw, uint32_t handle,
				      uint8_t *out, uint32_t *len);
/*
 * Checks the header's MAC with TIK (over 0x01 || FLAGS || IV || GUEST_LEN ||
 * TRANS_LEN || TRANS || MEASURE), then writes AES-128-CTR(TEK, IV)(TRANS)
 * to @guest. Lengths must match and be 16-byte multiples.
 */
enum sev_status sev_fw_launch_secret(struct sev_fw *fw, uint32_t handle,
				     const uint8_t *hdr, uint32_t hdr_len,
				     const uint8_t *trans, uint32_t trans_len,
				     uint64_t guest_paddr, uint8_t *guest, uint32_t guest_len);
enum sev_status sev_fw_launch_finish(struct sev_fw *fw, uint32_t handle);	/* -> RUNNING */
enum sev_status sev_fw_guest_status(struct sev_fw *fw, uint32_t handle, uint32_t *policy,
				    enum sev_guest_state *state);
/* Refused with POLICY_FAILURE under NODBG; 16-byte aligned, copies plaintext. */
enum sev_status sev_fw_dbg_decrypt(struct sev_fw *fw, uint32_t handle, uint64_t src_paddr,
				   const void *src, void *dst, uint32_t len);
enum sev_status sev_fw_dbg_encrypt(struct sev_fw *fw, uint32_t handle, uint64_t dst_paddr,
				   const void *src, void *dst, uint32_t len);
enum sev_status sev_fw_decommission(struct sev_fw *fw, uint32_t handle);

/* Introspection for the launch log and for tests (not firmware commands). */
int sev_fw_running_digest(struct sev_fw *fw, uint32_t handle, uint8_t out[32]);
int sev_fw_guest_keys(struct sev_fw *fw, uint32_t handle, uint8_t tek[16], uint8_t tik[16]);

#endif

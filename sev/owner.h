/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest owner's side of an SEV launch, everything that runs on the
 * owner's machine: the session for LAUNCH_START (sev-reference Part C 2.3,
 * as sevctl and the virtee sev crate build it), the launch secret packet
 * for LAUNCH_SECRET (55766 6.6; Part C 2.2) and its payload, the EFI secret
 * table that Linux's efi_secret driver reads. The firmware's side of the
 * same operations is sev/sim_fw.c; the primitives are sev/crypto.c.
 */
#ifndef SEVVM_SEV_OWNER_H
#define SEVVM_SEV_OWNER_H

#include <stddef.h>
#include <stdint.h>
#include "sev/cert.h"
#include "vmm/util/err.h"

#define SEV_OWNER_SESSION_LEN	128
#define SEV_OWNER_SECRET_HDR	52	/* FLAGS u32 || IV[16] || MAC[32] */
#define SEV_GUID_LEN		16

/* The secret table's header GUID (Linux drivers/virt/coco/efi_secret). */
#define SEV_SECRET_TABLE_GUID	"1e74f542-71dd-4d66-963e-ef4287ff173b"

/* Randomness: NULL means RAND_bytes; tests inject a fixed source. */
typedef int (*sev_owner_rand_fn)(void *opaque, uint8_t *buf, size_t len);

struct sev_owner_session {
	uint8_t tek[16], tik[16];
	uint8_t godh[SEV_CERT_SIZE];		/* the owner's DH certificate */
	uint8_t session[SEV_OWNER_SESSION_LEN];	/* NONCE|WRAP_TK|WRAP_IV|WRAP_MAC|POLICY_MAC */
};

/*
 * A new session for the platform whose PDH certificate is @pdh: a fresh
 * P-384 GODH key, random TEK, TIK, NONCE and WRAP_IV; TEK || TIK wrapped
 * under the keys derived from ECDH(GODH, PDH), and POLICY_MAC. The PDH must
 * be a version-1 certificate with usage PDH and a P-384 ECDH key.
 * Wipe @s with sev_owner_session_wipe().
 */
int sev_owner_session_new(const uint8_t *pdh, size_t pdh_len, uint32_t policy,
			  sev_owner_rand_fn rnd, void *opaque, struct sev_owner_session *s,
			  struct err *e);
void sev_owner_session_wipe(struct sev_owner_session *s);

/* "1e74f542-71dd-4d66-963e-ef4287ff173b" into the EFI (mixed-endian) byte order. */
int sev_guid_parse(const char *s, uint8_t out[SEV_GUID_LEN]);

struct sev_secret_entry {
	uint8_t guid[SEV_GUID_LEN];
	const uint8_t *data;
	size_t len;
};

/*
 * The EFI secret table: header GUID || u32 total length, then each entry
 * GUID || u32 (20 + len) || data, zero-padded to a 16-byte multiple as
 * sevctl pads (round up; nothing added when already aligned). *out is
 * malloc'd; the caller wipes and frees it.
 */
int sev_secret_table(const struct sev_secret_entry *ents, size_t nr, uint8_t **out,
		     size_t *len, struct err *e);

/*
 * The LAUNCH_SECRET packet for @plain (16-byte multiple): TRANS =
 * AES-128-CTR(TEK, IV)(plain) into @trans, and the header FLAGS(0) || IV ||
 * MAC with MAC = HMAC-SHA256(TIK, 0x01 || FLAGS || IV || u32 len || u32 len
 * || TRANS || MEASURE). IV is random.
 */
int sev_secret_package(const uint8_t tek[16], const uint8_t tik[16], const uint8_t measure[32],
		       const uint8_t *plain, size_t len, sev_owner_rand_fn rnd, void *opaque,
		       uint8_t hdr[SEV_OWNER_SECRET_HDR], uint8_t *trans, struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a platform's certificate chain must end. sev_chain_verify() checks
 * the signatures of ARK -> ASK -> CEK -> PEK <- OCA and PEK -> PDH, but any
 * self-signed ARK passes it, and an ARK's key id is a field anyone can
 * copy. Here the chain ends at a root chosen by the owner, never by DIR:
 *
 *   AMD    the ARK and ASK AMD publishes for the product (sev/amd_roots.h),
 *          embedded in sevvm: --product NAME, or the product whose ARK
 *          signed the ASK in DIR (without ask.cert, whose ASK signed the
 *          CEK). An ark.cert or ask.cert in DIR that differs from the
 *          embedded one is reported and ignored.
 *   owner  an ARK the owner names (--ark FILE), with the ASK in DIR.
 *   test   the TEST root of sevvm's software model (sev/backend.h), only
 *          when the owner allows it (--allow-test-root).
 *
 * Any other chain fails, and so does one whose PDH the chain does not sign.
 */
#ifndef SEVVM_SEV_CHAIN_TRUST_H
#define SEVVM_SEV_CHAIN_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sev/sev_cert_chain.h"
#include "vmm/util/err.h"

/* The files of a chain in a directory: "ark.cert", ..., "pdh.cert". */
extern const char *const sev_chain_files[SEV_CHAIN_NR];

enum sev_root_kind { SEV_ROOT_AMD, SEV_ROOT_OWNER, SEV_ROOT_TEST };

struct sev_trust_opts {
	const char *product;	/* AMD's root of this product; NULL: found from DIR */
	const char *ark_path;	/* the owner's own trusted root instead of AMD's */
	bool allow_test_root;	/* the software model's TEST root verifies */
};

#define SEV_TRUST_NOTES_MAX	2
#define SEV_TRUST_NOTE_LEN	160

struct sev_trust_result {
	enum sev_root_kind root;
	const char *product;		/* SEV_ROOT_AMD: "Milan" */
	const char *ark_path;		/* SEV_ROOT_OWNER: the --ark file */
	uint8_t ark_id[16];		/* the key id of the ARK the chain ends at */
	uint8_t ark_sha256[32];		/* and the SHA-256 of that certificate */
	unsigned int nr_notes;		/* what in DIR was ignored, and why */
	char notes[SEV_TRUST_NOTES_MAX][SEV_TRUST_NOTE_LEN];
	uint8_t pdh[SEV_CERT_SIZE];	/* the PDH certificate the chain signs */
};

/* sev_chain_verify_dir(): the chain does not end at the chosen root. */
#define SEV_TRUST_INVALID	1

/*
 * Reads the chain in @dir (sev_chain_files; ark.cert and ask.cert may be
 * absent when the root is AMD's) and @o->ark_path, and verifies the chain
 * up to the root @o chooses. Returns 0 with *res filled; SEV_TRUST_INVALID
 * when the chain does not verify up to that root (the message names the
 * certificate and the reason); -errno when a file cannot be read or @o is
 * contradictory.
 */
int sev_chain_verify_dir(const char *dir, const struct sev_trust_opts *o,
			 struct sev_trust_result *res, struct err *e);

/* One line on where the verified chain ends ("chain valid up to AMD's Milan ARK ..."). */
const char *sev_trust_describe(const struct sev_trust_result *res, char *buf, size_t len);

/* Reads @path, a regular file of at most @max bytes, into @buf. */
int sev_chain_file_read(const char *path, uint8_t *buf, size_t max, size_t *len,
			struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-over to the guest owner during a launch (`run --attest-cmd`):
 * after LAUNCH_MEASURE and before LAUNCH_SECRET, sevvm runs the owner's
 * command with the measurement and the platform's parameters in its
 * environment, and takes the secret header and payload it writes into a
 * private directory. sevvm itself has no network code: whatever reaches
 * the owner (ssh, an HTTPS client, a local verifier) is the command's.
 */
#ifndef SEVVM_SEV_ATTEST_H
#define SEVVM_SEV_ATTEST_H

#include <limits.h>
#include <stdint.h>
#include "vmm/util/err.h"

/* The files the command writes into $SEVVM_LAUNCH_DIR (base64, as QEMU takes them). */
#define SEV_ATTEST_HEADER_FILE	"secret_header.b64"
#define SEV_ATTEST_SECRET_FILE	"secret.b64"

struct sev_attest_info {
	const uint8_t *measurement;	/* MEASURE[32] || MNONCE[16] */
	uint8_t api_major, api_minor, build;
	uint32_t policy;
	const char *backend;		/* "kvm" or "sim" */
	uint64_t secret_gpa;
};

/*
 * Creates the private directory @dir (mode 0700), then runs
 * `/bin/sh -c CMD` with stdin from /dev/null, stdout onto stderr, and the
 * environment plus SEVVM_MEASUREMENT (base64 of the 48 bytes),
 * SEVVM_API_MAJOR, SEVVM_API_MINOR, SEVVM_API (MAJ.MIN), SEVVM_BUILD,
 * SEVVM_POLICY (0x hex), SEVVM_SECRET_GPA, SEVVM_BACKEND, SEVVM_LAUNCH_DIR
 * and SEVVM (this sevvm's path). Fails when the command does not exit 0 or
 * did not write both files. @dir is set (and must be removed with
 * sev_attest_cleanup()) even on failure once created, else empty.
 */
int sev_attest_run(const char *cmd, const struct sev_attest_info *in, char dir[PATH_MAX],
		   struct err *e);
/* Removes @dir and everything in it; nothing when @dir is empty. */
void sev_attest_cleanup(char dir[PATH_MAX]);

#endif

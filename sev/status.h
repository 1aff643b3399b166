/* SPDX-License-Identifier: GPL-2.0 */
/* SEV firmware status codes (AMD SEV API 55766, 4.4) and their names; platform and guest states. */
#ifndef SEVVM_SEV_STATUS_H
#define SEVVM_SEV_STATUS_H

#include <stddef.h>
#include <stdint.h>

/* The platform's state (55766, PLATFORM_STATUS) and a guest's (GUEST_STATUS). */
enum sev_platform_state { SEV_PSTATE_UNINIT = 0, SEV_PSTATE_INIT = 1, SEV_PSTATE_WORKING = 2 };
enum sev_guest_state {
	SEV_GSTATE_UNINIT = 0, SEV_GSTATE_LUPDATE = 1, SEV_GSTATE_LSECRET = 2,
	SEV_GSTATE_RUNNING = 3,
};

enum sev_status {
	SEV_SUCCESS			= 0x00,
	SEV_INVALID_PLATFORM_STATE	= 0x01,
	SEV_INVALID_GUEST_STATE		= 0x02,
	SEV_INVALID_CONFIG		= 0x03,
	SEV_INVALID_LENGTH		= 0x04,
	SEV_ALREADY_OWNED		= 0x05,
	SEV_INVALID_CERTIFICATE		= 0x06,
	SEV_POLICY_FAILURE		= 0x07,
	SEV_INACTIVE			= 0x08,
	SEV_INVALID_ADDRESS		= 0x09,
	SEV_BAD_SIGNATURE		= 0x0a,
	SEV_BAD_MEASUREMENT		= 0x0b,
	SEV_ASID_OWNED			= 0x0c,
	SEV_INVALID_ASID		= 0x0d,
	SEV_WBINVD_REQUIRED		= 0x0e,
	SEV_DF_FLUSH_REQUIRED		= 0x0f,
	SEV_INVALID_GUEST		= 0x10,
	SEV_INVALID_COMMAND		= 0x11,
	SEV_ACTIVE			= 0x12,
	SEV_HWERROR_PLATFORM		= 0x13,
	SEV_HWERROR_UNSAFE		= 0x14,
	SEV_UNSUPPORTED			= 0x15,
	SEV_INVALID_PARAM		= 0x16,
	SEV_RESOURCE_LIMIT		= 0x17,
	SEV_SECURE_DATA_INVALID		= 0x18,
};

/* "INVALID_GUEST_STATE"; "UNKNOWN" for codes the table lacks. */
const char *sev_status_name(uint32_t code);
/* "INVALID_GUEST_STATE (0x02)" into @buf; returns @buf. */
const char *sev_status_str(uint32_t code, char *buf, size_t len);

#endif

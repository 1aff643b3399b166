// SPDX-License-Identifier: GPL-2.0
#include "sev/status.h"

#include <stdio.h>

/* Names as in the SEV API spec 55766 table 4.4 and Linux psp-sev.h. */
static const char *const names[] = {
	[0x00] = "SUCCESS", [0x01] = "INVALID_PLATFORM_STATE",
	[0x02] = "INVALID_GUEST_STATE", [0x03] = "INVALID_CONFIG",
	[0x04] = "INVALID_LENGTH", [0x05] = "ALREADY_OWNED",
	[0x06] = "INVALID_CERTIFICATE", [0x07] = "POLICY_FAILURE",
	[0x08] = "INACTIVE", [0x09] = "INVALID_ADDRESS",
	[0x0a] = "BAD_SIGNATURE", [0x0b] = "BAD_MEASUREMENT",
	[0x0c] = "ASID_OWNED", [0x0d] = "INVALID_ASID",
	[0x0e] = "WBINVD_REQUIRED", [0x0f] = "DF_FLUSH_REQUIRED",
	[0x10] = "INVALID_GUEST", [0x11] = "INVALID_COMMAND",
	[0x12] = "ACTIVE", [0x13] = "HWERROR_PLATFORM",
	[0x14] = "HWERROR_UNSAFE", [0x15] = "UNSUPPORTED",
	[0x16] = "INVALID_PARAM", [0x17] = "RESOURCE_LIMIT",
	[0x18] = "SECURE_DATA_INVALID", [0x19] = "INVALID_PAGE_SIZE",
	[0x1a] = "INVALID_PAGE_STATE", [0x1b] = "INVALID_MDATA_ENTRY",
	[0x1c] = "INVALID_PAGE_OWNER", [0x1d] = "AEAD_OFLOW",
	[0x1f] = "RING_BUFFER_EXIT", [0x20] = "RMP_INIT_REQUIRED",
	[0x21] = "BAD_SVN", [0x22] = "BAD_VERSION",
	[0x23] = "SHUTDOWN_REQUIRED", [0x24] = "UPDATE_FAILED",
	[0x25] = "RESTORE_REQUIRED", [0x26] = "RMP_INITIALIZATION_FAILED",
	[0x27] = "INVALID_KEY",
};

const char *sev_status_name(uint32_t code)
{
	if (code < sizeof(names) / sizeof(names[0]) && names[code])
		return names[code];
	return "UNKNOWN";
}

const char *sev_status_str(uint32_t code, char *buf, size_t len)
{
	snprintf(buf, len, "%s (0x%02x)", sev_status_name(code), code);
	return buf;
}

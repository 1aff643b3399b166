// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware image the build made, assembled in with .incbin. The
 * Makefile names the file in SEVVM_FW_IMAGE and makes this object depend
 * on it, so a rebuilt firmware is rebuilt into sevvm.
 */
#include "vmm/fw_embedded.h"

#include <errno.h>
#include "sev/crypto.h"
#include "vmm/util/incbin.h"

#ifndef SEVVM_FW_IMAGE
#error "SEVVM_FW_IMAGE: the Makefile names the firmware image to embed"
#endif

INCBIN(sevvm_fw_image, SEVVM_FW_IMAGE);

const uint8_t *fw_embedded_data(void)
{
	return sevvm_fw_image;
}

size_t fw_embedded_size(void)
{
	return (size_t)sevvm_fw_image_len;
}

int fw_embedded_sha256(uint8_t out[32], struct err *e)
{
	if (sev_sha256(sevvm_fw_image, fw_embedded_size(), out))
		return err_set(e, EIO, "SHA-256 of " FW_EMBEDDED_NAME);
	return 0;
}

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

/*
 * In 64 KiB of its own: the kernel maps a file's cached pages 64 KiB at a
 * time around a fault (mm/memory.c, fault_around_bytes), so the image
 * beside data a plain VM reads would be resident in every plain VM, which
 * never reads it. 65536, not a named constant: the assembler sees the
 * digits.
 */
INCBIN_ALIGNED(sevvm_fw_image, SEVVM_FW_IMAGE, 65536);

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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sevvm's own firmware (firmware/), built into the executable: the image a
 * firmware boot, `sevvm measure` and `sevvm inspect` use when no
 * --firmware is given, so a copied or installed sevvm needs no other file.
 * `sevvm firmware extract` writes it out and `sevvm --version` names its
 * SHA-256, so a guest owner can name the exact firmware a launch measured.
 */
#ifndef SEVVM_FW_EMBEDDED_H
#define SEVVM_FW_EMBEDDED_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

/* What messages and the launch log call it. */
#define FW_EMBEDDED_NAME	"sevvm's embedded firmware"

/* The bytes of build/firmware/sevvm-fw.bin as the build made it. */
const uint8_t *fw_embedded_data(void);
size_t fw_embedded_size(void);

/* Their SHA-256 (OpenSSL EVP). */
int fw_embedded_sha256(uint8_t out[32], struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/* QEMU's fw_cfg interface (docs/specs/fw_cfg.rst): port and DMA access. */
#ifndef FW_FW_CFG_H
#define FW_FW_CFG_H

#include "devices/fw_cfg_abi.h"
#include "firmware/fw.h"
#include "firmware/sha256.h"


/* Checks the signature and the DMA feature, shares the DMA pages; fails the boot (code 6) otherwise. */
void fw_cfg_init(struct fw *fw);
uint32_t fw_cfg_read32(struct fw *fw, uint16_t key);
uint16_t fw_cfg_read16(struct fw *fw, uint16_t key);
/*
 * Reads len bytes of item key into private memory at dst through the
 * shared bounce buffer, and hashes the private copy into sha (if not NULL).
 */
void fw_cfg_read(struct fw *fw, uint16_t key, void *dst, uint64_t len, struct sha256 *sha);
/* Finds a file of the directory: its key and size; false if absent. */
bool fw_cfg_find_file(struct fw *fw, const char *name, uint16_t *key, uint32_t *size);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's fw_cfg interface (QEMU docs/specs/fw_cfg.rst) as both sides see it:
 * sevvm's device (devices/fw_cfg.c) and sevvm's firmware (firmware/fw_cfg.c).
 * Constants only, so that freestanding code can include it.
 */
#ifndef SEVVM_FW_CFG_ABI_H
#define SEVVM_FW_CFG_ABI_H

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_PORT_DMA		0x514	/* high half; the low half at 0x518 */
#define FW_CFG_PORT_LEN		12	/* 0x510..0x51b */

/* Selector keys (QEMU include/standard-headers/linux/qemu_fw_cfg.h). */
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_MAX_CPUS		0x0f
#define FW_CFG_KERNEL_SIZE	0x08
#define FW_CFG_INITRD_SIZE	0x0b
#define FW_CFG_KERNEL_DATA	0x11
#define FW_CFG_INITRD_DATA	0x12
#define FW_CFG_CMDLINE_SIZE	0x14
#define FW_CFG_CMDLINE_DATA	0x15
#define FW_CFG_SETUP_SIZE	0x17
#define FW_CFG_SETUP_DATA	0x18
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_FILE_FIRST	0x20
#define FW_CFG_INVALID		0xffff

#define FW_CFG_VERSION		0x01	/* FW_CFG_ID: the port interface */
#define FW_CFG_VERSION_DMA	0x02	/* FW_CFG_ID: the DMA interface */

/* FWCfgDmaAccess.control */
#define FW_CFG_DMA_ERROR	0x01
#define FW_CFG_DMA_READ		0x02
#define FW_CFG_DMA_SKIP		0x04
#define FW_CFG_DMA_SELECT	0x08
#define FW_CFG_DMA_WRITE	0x10

#define FW_CFG_DMA_SIGNATURE	0x51454d5520434647ull	/* "QEMU CFG", read at 0x514 */
#define FW_CFG_FILE_NAME_MAX	56
#define FW_CFG_DIR_ENTRY_LEN	64	/* { be32 size; be16 select; u16 reserved; char name[56]; } */
#define FW_CFG_E820_ENTRY_LEN	20	/* etc/e820: packed { u64 address; u64 length; u32 type; } */

#endif

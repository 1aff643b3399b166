/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's firmware configuration device (QEMU docs/specs/fw_cfg.rst), the
 * way firmware receives the kernel, initrd, command line, memory map and CPU
 * count: selector at port 0x510 (16-bit), data at 0x511 (8-bit), the DMA
 * interface at 0x514 (the big-endian guest-physical address of a
 * FWCfgDmaAccess, high half at 0x514, low half at 0x518; the low write
 * starts the transfer). Items are read-only for the guest.
 */
#ifndef SEVVM_FW_CFG_H
#define SEVVM_FW_CFG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "devices/fw_cfg_abi.h"
#include "vmm/util/err.h"

#define FW_CFG_MAX_ITEMS	48
#define FW_CFG_DMA_ACCESS_LEN	16

/*
 * Guest memory for DMA: a host pointer for [gpa, gpa+len), or NULL with
 * @why saying what is wrong (not RAM; under SEV, not a shared page).
 */
struct fw_cfg_dma_ops {
	void *(*map)(void *opaque, uint64_t gpa, uint64_t len, bool write, const char **why);
	void *opaque;
};

struct fw_cfg_item {
	uint16_t key;
	char name[FW_CFG_FILE_NAME_MAX];	/* files only */
	const uint8_t *data;	/* borrowed unless @owned; NULL: read from @fd */
	uint32_t len;
	bool owned;
	int fd;			/* with @data NULL: pread(2) from @fd at @file_off */
	uint64_t file_off;
};

struct fw_cfg {
	pthread_mutex_t lock;
	struct fw_cfg_item items[FW_CFG_MAX_ITEMS];
	unsigned int nr, nr_files;
	uint8_t *dir;		/* FW_CFG_FILE_DIR, rebuilt as files are added */
	uint16_t sel;		/* selected key */
	uint32_t off;		/* read offset in the selected item */
	uint32_t dma_high;	/* latched high half of the DMA address */
	struct fw_cfg_dma_ops dma;
	/* Why the last DMA failed, for the log (the guest sees only ERROR). */
	char last_error[160];
	unsigned int dma_errors;
	uint64_t dma_bytes;
};

/* Signature, FW_CFG_ID (with DMA) and an empty file directory. */
int fw_cfg_init(struct fw_cfg *f, const struct fw_cfg_dma_ops *dma, struct err *e);
void fw_cfg_destroy(struct fw_cfg *f);

/* An item under a fixed key; @data is borrowed (it must outlive @f). */
int fw_cfg_add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len, struct err *e);
/* An item with a copy of @data. */
int fw_cfg_add_copy(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len,
		    struct err *e);
/*
 * An item read from @len bytes of the file @fd at @off each time the guest
 * reads it (a kernel or initrd: a file that shrinks meanwhile gives a DMA
 * error and zeros, not a SIGBUS). @fd is borrowed.
 */
int fw_cfg_add_fd(struct fw_cfg *f, uint16_t key, int fd, uint64_t off, uint32_t len,
		  struct err *e);
/* Little-endian integers, as QEMU's fw_cfg_add_i16/i32/i64. */
int fw_cfg_add_le(struct fw_cfg *f, uint16_t key, uint64_t val, unsigned int size,
		  struct err *e);
/* A named file (key from FW_CFG_FILE_FIRST up), listed in FW_CFG_FILE_DIR. */
int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t len,
		    struct err *e);

/* The item under @key, or NULL. */
const struct fw_cfg_item *fw_cfg_find(const struct fw_cfg *f, uint16_t key);

/* iobus handler for FW_CFG_PORT_SEL .. +FW_CFG_PORT_LEN. */
void fw_cfg_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

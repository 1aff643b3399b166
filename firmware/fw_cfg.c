// SPDX-License-Identifier: GPL-2.0
/*
 * fw_cfg as QEMU implements it (docs/specs/fw_cfg.rst): selector 0x510,
 * data 0x511, DMA address at 0x514 (big-endian, high dword then the low
 * dword at 0x518, which starts the transfer). Anything large goes by DMA
 * into the shared bounce buffer, in chunks: a read continues at the item's
 * current offset. The hypervisor only sees shared pages (the descriptor and
 * the bounce buffer); the firmware copies each chunk into private memory
 * and hashes that copy, so what it checks is what Linux gets.
 */
#include "firmware/fw_cfg.h"

/*
 * QEMU and sevvm finish a transfer within the port write that starts it; a
 * descriptor they refuse is never answered, so the wait is short.
 */
#define FW_CFG_DMA_POLLS	1000000u

struct fw_cfg_dma {
	uint32_t control;
	uint32_t length;
	uint64_t address;
} __attribute__((packed));

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static void select_key(struct fw *fw, uint16_t key)
{
	io_out16(fw, FW_CFG_PORT_SEL, key);
}

static void read_port(struct fw *fw, uint16_t key, uint8_t *dst, unsigned int len)
{
	select_key(fw, key);
	while (len--)
		*dst++ = io_in8(fw, FW_CFG_PORT_DATA);
}

uint32_t fw_cfg_read32(struct fw *fw, uint16_t key)
{
	uint8_t b[4];

	read_port(fw, key, b, sizeof(b));
	return le32(b);
}

uint16_t fw_cfg_read16(struct fw *fw, uint16_t key)
{
	uint8_t b[2];

	read_port(fw, key, b, sizeof(b));
	return le16(b);
}

void fw_cfg_init(struct fw *fw)
{
	uint8_t sig[4];

	read_port(fw, FW_CFG_SIGNATURE, sig, sizeof(sig));
	if (memcmp(sig, "QEMU", 4)) {
		fw_print(fw, "fw_cfg: no \"QEMU\" signature at port %#x", FW_CFG_PORT_SEL);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	if (!(fw_cfg_read32(fw, FW_CFG_ID) & FW_CFG_VERSION_DMA)) {
		fw_print(fw, "fw_cfg: no DMA interface (FW_CFG_ID bit 1)");
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	sev_share_pages(fw, FW_DMA_DESC, 1);
	sev_share_pages(fw, FW_BOUNCE, FW_BOUNCE_SIZE / FW_PAGE_SIZE);
}

/* One DMA read of len bytes into the bounce buffer. */
static void dma_read_chunk(struct fw *fw, uint16_t key, bool select, uint32_t len)
{
	volatile struct fw_cfg_dma *d = (volatile struct fw_cfg_dma *)(uintptr_t)FW_DMA_DESC;
	uint32_t ctl = FW_CFG_DMA_READ | (select ? FW_CFG_DMA_SELECT | (uint32_t)key << 16 : 0);
	uint32_t i;

	d->control = be32(ctl);
	d->length = be32(len);
	d->address = __builtin_bswap64(FW_BOUNCE);
	__asm__ volatile("" : : : "memory");
	io_out32(fw, FW_CFG_PORT_DMA, be32(0));
	io_out32(fw, (FW_CFG_PORT_DMA + 4), be32(FW_DMA_DESC));
	for (i = 0; i < FW_CFG_DMA_POLLS; i++) {
		ctl = be32(d->control);
		if (!(ctl & ~FW_CFG_DMA_ERROR))
			break;
		cpu_pause();
	}
	if (ctl) {
		fw_print(fw, "fw_cfg: DMA read of item %#x (%u bytes) failed: control %#x",
			 key, len, ctl);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
}

void fw_cfg_read(struct fw *fw, uint16_t key, void *dst, uint64_t len, struct sha256 *sha)
{
	uint8_t *p = dst;
	bool first = true;

	while (len) {
		uint32_t n = len > FW_BOUNCE_SIZE ? FW_BOUNCE_SIZE : (uint32_t)len;

		dma_read_chunk(fw, key, first, n);
		memcpy(p, (const void *)(uintptr_t)FW_BOUNCE, n);
		if (sha)
			sha256_update(sha, p, n);
		p += n;
		len -= n;
		first = false;
	}
}

bool fw_cfg_find_file(struct fw *fw, const char *name, uint16_t *key, uint32_t *size)
{
	const uint8_t *dir = (const uint8_t *)(uintptr_t)FW_BOUNCE;
	uint8_t e[FW_CFG_DIR_ENTRY_LEN];
	size_t nlen = strlen(name);
	uint32_t count, i;

	count = __builtin_bswap32(fw_cfg_read32(fw, FW_CFG_FILE_DIR));	/* big-endian */
	if (count > (FW_BOUNCE_SIZE - 4) / FW_CFG_DIR_ENTRY_LEN) {
		fw_print(fw, "fw_cfg: file directory count %u is too large", count);
		fw_fail(fw, FW_FAIL_FW_CFG);
	}
	/* The whole directory by DMA: the count again, then the entries. */
	dma_read_chunk(fw, FW_CFG_FILE_DIR, true, 4 + count * FW_CFG_DIR_ENTRY_LEN);
	for (i = 0; i < count; i++) {
		/* A private copy of each entry: the bounce buffer is the hypervisor's too. */
		memcpy(e, dir + 4 + i * FW_CFG_DIR_ENTRY_LEN, sizeof(e));
		if (nlen < FW_CFG_FILE_NAME_MAX && !memcmp(e + 8, name, nlen + 1)) {
			*size = (uint32_t)e[0] << 24 | (uint32_t)e[1] << 16 | (uint32_t)e[2] << 8 | e[3];
			*key = (uint16_t)(e[4] << 8 | e[5]);
			return true;
		}
	}
	return false;
}

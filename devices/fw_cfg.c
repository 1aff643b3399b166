// SPDX-License-Identifier: GPL-2.0
/* QEMU-compatible fw_cfg: port and DMA interfaces (QEMU docs/specs/fw_cfg.rst). */
/*
 * Lock order: f->lock, then whatever the DMA map callback takes: under
 * SEV the page-state lock (sev/page_state.h), a leaf.
 */
#include "devices/fw_cfg.h"

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static const uint8_t signature[4] = { 'Q', 'E', 'M', 'U' };

int fw_cfg_init(struct fw_cfg *f, const struct fw_cfg_dma_ops *dma, struct err *e)
{
	int r;

	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	f->sel = FW_CFG_INVALID;
	if (dma)
		f->dma = *dma;
	r = fw_cfg_add(f, FW_CFG_SIGNATURE, signature, sizeof(signature), e);
	if (!r)
		r = fw_cfg_add_le(f, FW_CFG_ID, FW_CFG_VERSION | (dma ? FW_CFG_VERSION_DMA : 0),
				  4, e);
	if (!r)
		r = fw_cfg_add_copy(f, FW_CFG_FILE_DIR, (uint8_t[4]){ 0 }, 4, e);
	return r;
}

void fw_cfg_destroy(struct fw_cfg *f)
{
	unsigned int i;

	for (i = 0; i < f->nr; i++)
		if (f->items[i].owned)
			free((void *)f->items[i].data);
	f->nr = 0;
	pthread_mutex_destroy(&f->lock);
}

static struct fw_cfg_item *find(struct fw_cfg *f, uint16_t key)
{
	unsigned int i;

	for (i = 0; i < f->nr; i++)
		if (f->items[i].key == key)
			return &f->items[i];
	return NULL;
}

const struct fw_cfg_item *fw_cfg_find(const struct fw_cfg *f, uint16_t key)
{
	return find((struct fw_cfg *)f, key);
}

/* The item under @key, new or emptied for a new value. */
static struct fw_cfg_item *item_slot(struct fw_cfg *f, uint16_t key, struct err *e)
{
	struct fw_cfg_item *it = find(f, key);

	if (!it) {
		if (f->nr == FW_CFG_MAX_ITEMS) {
			err_set(e, ENOSPC, "fw_cfg: more than %u items", FW_CFG_MAX_ITEMS);
			return NULL;
		}
		it = &f->items[f->nr++];
	} else if (it->owned) {
		free((void *)it->data);
	}
	*it = (struct fw_cfg_item){ .key = key, .fd = -1 };
	return it;
}

static int add_item(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len,
		    bool owned, struct err *e)
{
	struct fw_cfg_item *it = item_slot(f, key, e);

	if (!it)
		return -ENOSPC;
	*it = (struct fw_cfg_item){ .key = key, .data = data, .len = len, .owned = owned,
				    .fd = -1 };
	return 0;
}

int fw_cfg_add_fd(struct fw_cfg *f, uint16_t key, int fd, uint64_t off, uint32_t len,
		  struct err *e)
{
	struct fw_cfg_item *it = item_slot(f, key, e);

	if (!it)
		return -ENOSPC;
	*it = (struct fw_cfg_item){ .key = key, .len = len, .fd = fd, .file_off = off };
	return 0;
}

int fw_cfg_add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len, struct err *e)
{
	return add_item(f, key, data, len, false, e);
}

int fw_cfg_add_copy(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len,
		    struct err *e)
{
	void *copy = malloc(len ? len : 1);
	int r;

	if (!copy)
		return err_set(e, ENOMEM, "fw_cfg item %#x: %u bytes", key, len);
	memcpy(copy, data, len);
	r = add_item(f, key, copy, len, true, e);
	if (r)
		free(copy);
	return r;
}

int fw_cfg_add_le(struct fw_cfg *f, uint16_t key, uint64_t val, unsigned int size,
		  struct err *e)
{
	uint8_t b[8];
	unsigned int i;

	for (i = 0; i < size && i < sizeof(b); i++)
		b[i] = (uint8_t)(val >> (8 * i));
	return fw_cfg_add_copy(f, key, b, i, e);
}

/* FW_CFG_FILE_DIR, big-endian like every fw_cfg structure. */
static int rebuild_dir(struct fw_cfg *f, struct err *e)
{
	uint32_t len = 4 + f->nr_files * FW_CFG_DIR_ENTRY_LEN, n = 0, be;
	uint8_t *dir = calloc(1, len);
	unsigned int i;

	if (!dir)
		return err_set(e, ENOMEM, "fw_cfg file directory");
	be = htobe32(f->nr_files);
	memcpy(dir, &be, 4);
	for (i = 0; i < f->nr; i++) {
		const struct fw_cfg_item *it = &f->items[i];
		uint32_t size = htobe32(it->len);
		uint16_t key = htobe16(it->key);
		uint8_t *d;

		if (it->key < FW_CFG_FILE_FIRST)
			continue;
		d = dir + 4 + n++ * FW_CFG_DIR_ENTRY_LEN;
		memcpy(d, &size, 4);
		memcpy(d + 4, &key, 2);
		memcpy(d + 8, it->name, FW_CFG_FILE_NAME_MAX);
	}
	return add_item(f, FW_CFG_FILE_DIR, dir, len, true, e);
}

int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t len,
		    struct err *e)
{
	uint16_t key = (uint16_t)(FW_CFG_FILE_FIRST + f->nr_files);
	struct fw_cfg_item *it;
	int r;

	if (strlen(name) >= FW_CFG_FILE_NAME_MAX)
		return err_set(e, EINVAL, "fw_cfg file name %s: longer than %d bytes", name,
			       FW_CFG_FILE_NAME_MAX - 1);
	r = fw_cfg_add_copy(f, key, data, len, e);
	if (r)
		return r;
	it = find(f, key);
	snprintf(it->name, sizeof(it->name), "%s", name);
	f->nr_files++;
	return rebuild_dir(f, e);
}

static void select_key(struct fw_cfg *f, uint16_t key)
{
	f->sel = key;
	f->off = 0;
}

/*
 * @n bytes of @it from @off into @dst. false, with zeros in @dst and the
 * reason in last_error, when its file no longer holds them.
 */
static bool item_read(struct fw_cfg *f, const struct fw_cfg_item *it, uint32_t off, uint8_t *dst,
		      uint32_t n)
{
	uint32_t done = 0;
	ssize_t got;

	if (it->data) {
		memcpy(dst, it->data + off, n);
		return true;
	}
	while (done < n) {
		got = pread(it->fd, dst + done, n - done, (off_t)(it->file_off + off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		done += (uint32_t)got;
	}
	if (done == n)
		return true;
	memset(dst + done, 0, n - done);
	snprintf(f->last_error, sizeof(f->last_error), "item %#x: its file ends before byte %u "
		 "of %u (%s): it changed after sevvm opened it", it->key, off + done, it->len,
		 got < 0 ? strerror(errno) : "truncated");
	f->dma_errors++;
	return false;
}

static uint8_t read_byte(struct fw_cfg *f)
{
	const struct fw_cfg_item *it = find(f, f->sel);
	uint8_t b;

	if (!it || f->off >= it->len)
		return 0;
	item_read(f, it, f->off++, &b, 1);
	return b;
}

static void dma_fail(struct fw_cfg *f, uint32_t *control, const char *op, const char *why,
		     uint64_t gpa, uint64_t len)
{
	snprintf(f->last_error, sizeof(f->last_error), "DMA %s %s memory at %#llx, %llu bytes",
		 op, why, (unsigned long long)gpa, (unsigned long long)len);
	f->dma_errors++;
	*control |= FW_CFG_DMA_ERROR;
}

/*
 * One FWCfgDmaAccess { be32 control; be32 length; be64 address; } at @gpa.
 * Reads past the end of an item are filled with zeros, writes fail (every
 * item is read-only), as QEMU's fw_cfg_dma_transfer().
 */
static void dma_transfer(struct fw_cfg *f, uint64_t gpa)
{
	const char *why = "not guest RAM";
	uint8_t *acc = f->dma.map ? f->dma.map(f->dma.opaque, gpa, FW_CFG_DMA_ACCESS_LEN, true,
					       &why) : NULL;
	uint32_t control, length, be;
	uint64_t address;

	if (!acc) {
		/* Nowhere to report the error to the guest: only the log hears of it. */
		snprintf(f->last_error, sizeof(f->last_error), "DMA access structure at %#llx: "
			 "%s", (unsigned long long)gpa, why);
		f->dma_errors++;
		return;
	}
	memcpy(&be, acc, 4);
	control = be32toh(be);
	memcpy(&be, acc + 4, 4);
	length = be32toh(be);
	memcpy(&address, acc + 8, 8);
	address = be64toh(address);

	if (control & FW_CFG_DMA_SELECT)
		select_key(f, (uint16_t)(control >> 16));
	control &= FW_CFG_DMA_ERROR | FW_CFG_DMA_READ | FW_CFG_DMA_SKIP | FW_CFG_DMA_WRITE;
	if (control & FW_CFG_DMA_WRITE) {
		dma_fail(f, &control, "write (items are read-only) from", "guest", address,
			 length);
	} else if (control & (FW_CFG_DMA_READ | FW_CFG_DMA_SKIP) && length) {
		const struct fw_cfg_item *it = find(f, f->sel);
		uint32_t avail = it && f->off < it->len ? it->len - f->off : 0;
		uint32_t n = length < avail ? length : avail;

		if (control & FW_CFG_DMA_READ) {
			uint8_t *dst = f->dma.map(f->dma.opaque, address, length, true, &why);

			if (!dst) {
				dma_fail(f, &control, "read into", why, address, length);
			} else {
				if (n && !item_read(f, it, f->off, dst, n))
					control |= FW_CFG_DMA_ERROR;
				memset(dst + n, 0, length - n);
				f->dma_bytes += length;
			}
		}
		if (!(control & FW_CFG_DMA_ERROR))
			f->off += n;
	}
	/* Completion: control becomes 0, or just the error bit. */
	be = htobe32(control & FW_CFG_DMA_ERROR);
	memcpy(acc, &be, 4);
}

void fw_cfg_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	struct fw_cfg *f = opaque;
	uint8_t *b = data;
	uint32_t v = 0;
	unsigned int i;

	pthread_mutex_lock(&f->lock);
	if (is_write && len <= 4)
		memcpy(&v, data, len);
	switch (offset) {
	case FW_CFG_PORT_SEL - FW_CFG_PORT_SEL:
		if (is_write && len == 2)
			select_key(f, (uint16_t)v);
		else if (!is_write)
			memset(data, 0, len);
		break;
	case FW_CFG_PORT_DATA - FW_CFG_PORT_SEL:
		for (i = 0; !is_write && i < len; i++)
			b[i] = read_byte(f);
		break;
	case FW_CFG_PORT_DMA - FW_CFG_PORT_SEL:
	case FW_CFG_PORT_DMA + 4 - FW_CFG_PORT_SEL:
		if (!is_write) {
			/* "QEMU CFG", big-endian, a half per port. */
			uint64_t sig = htobe64(FW_CFG_DMA_SIGNATURE);
			unsigned int at = offset == FW_CFG_PORT_DMA - FW_CFG_PORT_SEL ? 0 : 4;

			memset(data, 0, len);
			memcpy(data, (uint8_t *)&sig + at, len < 4 ? len : 4);
		} else if (len == 4 && offset == FW_CFG_PORT_DMA - FW_CFG_PORT_SEL) {
			f->dma_high = be32toh(v);
		} else if (len == 4) {
			uint64_t gpa = (uint64_t)f->dma_high << 32 | be32toh(v);

			f->dma_high = 0;
			dma_transfer(f, gpa);
		}
		break;
	default:
		if (!is_write)
			memset(data, 0, len);
		break;
	}
	pthread_mutex_unlock(&f->lock);
}

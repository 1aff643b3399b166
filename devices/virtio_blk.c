// SPDX-License-Identifier: GPL-2.0
#include "devices/virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIRTIO_ID_BLOCK		2
#define CLASS_STORAGE_OTHER	0x018000

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_FLUSH	9

/* Request types and status (5.2.6). */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_GET_ID	8
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define SECTOR			512u
#define HDR_LEN			16u	/* le32 type, le32 reserved, le64 sector */
#define CONFIG_LEN		16u	/* capacity, size_max, seg_max */
#define DIRECT_ALIGN		4096u
#define BOUNCE_LEN		(VIRTQ_MAX_SEGS * 4096ul)

/* The @len bytes at @skip of @src as a new iovec array in @dst; returns its count. */
static unsigned int iov_slice(const struct iovec *src, unsigned int n, size_t skip, size_t len,
			      struct iovec *dst)
{
	unsigned int i, k = 0;

	for (i = 0; i < n && len; i++) {
		size_t l = src[i].iov_len;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		l -= skip;
		if (l > len)
			l = len;
		dst[k++] = (struct iovec){ .iov_base = (char *)src[i].iov_base + skip, .iov_len = l };
		len -= l;
		skip = 0;
	}
	return k;
}

static bool aligned(const struct iovec *iov, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (((uintptr_t)iov[i].iov_base | iov[i].iov_len) & (SECTOR - 1))
			return false;
	return true;
}

/*
 * Whole-length preadv/pwritev, resuming after short transfers. An error
 * after part of the transfer is -EIO: only an untouched @iov can be retried.
 */
static int rw_full(int fd, struct iovec *iov, unsigned int n, uint64_t off, bool write)
{
	uint64_t start = off;

	while (n) {
		ssize_t got = write ? pwritev(fd, iov, (int)n, (off_t)off) :
				      preadv(fd, iov, (int)n, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return off == start ? -errno : -EIO;
		if (got == 0)
			return -EIO;	/* the image shrank under us */
		off += (uint64_t)got;
		while (n && (size_t)got >= iov->iov_len) {
			got -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n) {
			iov->iov_base = (char *)iov->iov_base + got;
			iov->iov_len -= (size_t)got;
		}
	}
	return 0;
}

static void copy_iov(const struct iovec *iov, unsigned int n, uint8_t *buf, bool to_buf)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (to_buf)
			memcpy(buf, iov[i].iov_base, iov[i].iov_len);
		else
			memcpy(iov[i].iov_base, buf, iov[i].iov_len);
		buf += iov[i].iov_len;
	}
}

/*
 * One data transfer. cache=none goes through O_DIRECT, via the bounce
 * buffer when the guest's buffers are not sector-aligned, and through the
 * buffered descriptor when the host file system refuses the alignment.
 */
static int transfer(struct virtio_blk *b, struct iovec *iov, unsigned int n, size_t len,
		    uint64_t off, bool write)
{
	struct iovec bounce = { .iov_base = b->bounce, .iov_len = len };
	int r;

	if (!b->direct)
		return rw_full(b->fd, iov, n, off, write);
	if (aligned(iov, n)) {
		r = rw_full(b->fd, iov, n, off, write);
		if (r != -EINVAL)
			return r;
	} else if (len <= BOUNCE_LEN) {
		if (write)
			copy_iov(iov, n, b->bounce, true);
		r = rw_full(b->fd, &bounce, 1, off, write);
		if (!r && !write)
			copy_iov(iov, n, b->bounce, false);
		if (r != -EINVAL)
			return r;
	}
	return rw_full(b->fd_buffered, iov, n, off, write);
}

/* Serves one request; returns the bytes written into the driver's buffers. */
static uint32_t serve(struct virtio_pci *vp, struct virtq_elem *el)
{
	struct virtio_blk *b = vp->dev;
	struct iovec data[VIRTQ_MAX_SEGS];
	uint8_t hdr[HDR_LEN], status = VIRTIO_BLK_S_OK;
	const struct iovec *st_iov;
	uint64_t sector, len = 0;
	uint32_t type, written = 0;
	unsigned int n;

	/* 5.2.6: a header the device reads and a status byte it writes. */
	if (el->out_len < HDR_LEN || !el->in_len)
		return 0;
	virtq_elem_read(el, hdr, HDR_LEN);
	memcpy(&type, hdr, 4);
	memcpy(&sector, hdr + 8, 8);
	st_iov = &el->iov[el->nout + el->nin - 1];

	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		if (type == VIRTIO_BLK_T_IN) {
			len = el->in_len - 1;
			n = iov_slice(el->iov + el->nout, el->nin, 0, len, data);
		} else {
			len = el->out_len - HDR_LEN;
			n = iov_slice(el->iov, el->nout, HDR_LEN, len, data);
		}
		if (len % SECTOR || sector > b->sectors || len / SECTOR > b->sectors - sector ||
		    (type == VIRTIO_BLK_T_OUT && b->ro))
			status = VIRTIO_BLK_S_IOERR;
		else if (len && transfer(b, data, n, len, sector * SECTOR, type == VIRTIO_BLK_T_OUT))
			status = VIRTIO_BLK_S_IOERR;
		if (type == VIRTIO_BLK_T_IN && status == VIRTIO_BLK_S_OK)
			written = (uint32_t)len;
		break;
	case VIRTIO_BLK_T_FLUSH:
		/* Flushed data is on disk before the request completes. */
		if (fdatasync(b->fd) < 0)
			status = VIRTIO_BLK_S_IOERR;
		break;
	case VIRTIO_BLK_T_GET_ID:
		len = el->in_len - 1;
		if (len > VIRTIO_BLK_SERIAL_LEN)
			len = VIRTIO_BLK_SERIAL_LEN;
		n = iov_slice(el->iov + el->nout, el->nin, 0, len, data);
		{
			char id[VIRTIO_BLK_SERIAL_LEN] = { 0 };

			memcpy(id, b->serial, sizeof(id));
			copy_iov(data, n, (uint8_t *)id, false);
		}
		written = (uint32_t)len;
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	*((uint8_t *)st_iov->iov_base + st_iov->iov_len - 1) = status;
	b->requests++;
	return written + 1;
}

static void queue_notify(struct virtio_pci *vp, unsigned int qi)
{
	struct virtio_blk *b = vp->dev;

	virtio_pci_serve(vp, qi, &b->el, serve);
}

static void config_read(struct virtio_pci *vp, unsigned int off, void *data, unsigned int len)
{
	struct virtio_blk *b = vp->dev;
	uint8_t c[CONFIG_LEN] = { 0 };
	uint32_t seg_max = VIRTQ_MAX_SEGS - 2;	/* header and status take two */

	memcpy(c, &b->sectors, 8);
	memcpy(c + 12, &seg_max, 4);
	memcpy(data, c + off, len);
}

static const struct virtio_device_ops blk_ops = {
	.queue_notify = queue_notify,
	.config_read = config_read,
};

static void set_serial(struct virtio_blk *b, const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	memset(b->serial, 0, sizeof(b->serial));
	memcpy(b->serial, base, strnlen(base, sizeof(b->serial)));
}

int virtio_blk_init(struct virtio_blk *b, const struct virtio_host *host,
		    const struct virtio_blk_config *cfg, unsigned int slot, struct err *e)
{
	int flags = (cfg->ro ? O_RDONLY : O_RDWR) | O_CLOEXEC;
	struct virtio_pci_config pc = {
		.name = "virtio-blk", .device_id = VIRTIO_ID_BLOCK,
		.class_code = CLASS_STORAGE_OTHER, .nqueues = 1, .config_len = CONFIG_LEN,
		.features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_FLUSH |
			    (cfg->ro ? 1ull << VIRTIO_BLK_F_RO : 0),
	};
	struct stat st;

	b->fd = b->fd_buffered = -1;
	b->ro = cfg->ro;
	b->direct = cfg->direct;
	b->fd_buffered = open(cfg->path, flags);
	if (b->fd_buffered < 0)
		return err_sys(e, errno, "--disk %s", cfg->path);
	if (fstat(b->fd_buffered, &st) < 0)
		return err_sys(e, errno, "--disk %s: fstat", cfg->path);
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return err_set(e, EINVAL, "--disk %s: not a regular file or block device", cfg->path);
	if (S_ISBLK(st.st_mode)) {
		off_t end = lseek(b->fd_buffered, 0, SEEK_END);

		if (end < 0)
			return err_sys(e, errno, "--disk %s: size", cfg->path);
		st.st_size = end;
	}
	if (st.st_size % SECTOR)
		return err_set(e, EINVAL, "--disk %s: size %" PRIu64 " is not a multiple of 512",
			       cfg->path, (uint64_t)st.st_size);
	b->sectors = (uint64_t)st.st_size / SECTOR;
	b->fd = b->fd_buffered;
	if (cfg->direct) {
		b->fd = open(cfg->path, flags | O_DIRECT);
		if (b->fd < 0)
			return err_sys(e, errno, "--disk %s,cache=none: O_DIRECT", cfg->path);
		if (posix_memalign(&b->bounce, DIRECT_ALIGN, BOUNCE_LEN))
			return err_set(e, ENOMEM, "--disk %s: bounce buffer", cfg->path);
	}
	set_serial(b, cfg->path);
	return virtio_pci_init(&b->vp, host, &pc, &blk_ops, b, slot, e);
}

void virtio_blk_destroy(struct virtio_blk *b)
{
	virtio_pci_destroy(&b->vp);
	if (b->fd >= 0 && !b->ro)
		fdatasync(b->fd);
	if (b->fd >= 0 && b->fd != b->fd_buffered)
		close(b->fd);
	if (b->fd_buffered >= 0)
		close(b->fd_buffered);
	b->fd = b->fd_buffered = -1;
	free(b->bounce);
	b->bounce = NULL;
}

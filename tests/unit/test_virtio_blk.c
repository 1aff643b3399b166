// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk (VIRTIO 1.2, 5.2) on a temporary image: each request type, the
 * image's bytes checked with pread, and the refusals: read-only, past the
 * end, partial sectors, unknown types, missing header.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devices/virtio_blk.h"
#include "tests/unit/unit.h"
#include "tests/unit/virtio_harness.h"

#define SLOT		2
#define SECTORS		128u
#define HDR		VH_BUF			/* request header */
#define DATA		(VH_BUF + 0x1000)	/* data buffers */
#define STATUS		(VH_BUF + 0x100)	/* status byte */

enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

struct blk_fixture {
	struct vh *h;
	struct virtio_blk blk;
	char dir[64], path[128];
	int fd;			/* the test's own view of the image */
};

static struct blk_fixture *bf;

static void open_disk(bool ro, bool direct)
{
	struct virtio_blk_config cfg = { .path = bf->path, .ro = ro, .direct = direct };
	struct err e;

	ck_assert_msg(virtio_blk_init(&bf->blk, &bf->h->host, &cfg, SLOT, &e) == 0, "%s", e.msg);
	vh_driver_init(bf->h, 0, VH_DESC, true);
}

static void setup(void)
{
	uint8_t sector[512];
	unsigned int i;

	bf = calloc(1, sizeof(*bf));
	ck_assert_ptr_nonnull(bf);
	strcpy(bf->dir, "/tmp/sevvm-blk-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(bf->dir));
	/* A name longer than the 20-byte serial. */
	snprintf(bf->path, sizeof(bf->path), "%s/a-disk-image-with-a-long-name.img", bf->dir);
	bf->fd = open(bf->path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(bf->fd, 0);
	for (i = 0; i < SECTORS; i++) {
		memset(sector, (int)i, sizeof(sector));
		ck_assert_int_eq(pwrite(bf->fd, sector, sizeof(sector), i * 512), 512);
	}
	bf->h = vh_create(SLOT, false);
}

static void teardown(void)
{
	virtio_blk_destroy(&bf->blk);
	vh_free(bf->h);
	close(bf->fd);
	unlink(bf->path);
	rmdir(bf->dir);
	free(bf);
}

/*
 * Submits a request: header (type, sector), a data buffer of @len bytes at
 * @data (device-writable for IN and GET_ID), and the status byte. Returns the
 * used length; *status gets the status byte.
 */
static uint32_t request(uint32_t type, uint64_t sector, uint64_t data, uint32_t len,
			uint8_t *status)
{
	struct virtq_desc *d = vh_desc(bf->h);
	bool in = type == T_IN || type == T_GET_ID;
	uint16_t before = vh_used_idx(bf->h), head = 0;
	uint32_t id, used_len;
	uint8_t hdr[16] = { 0 };

	memcpy(hdr, &type, 4);
	memcpy(hdr + 8, &sector, 8);
	memcpy(bf->h->mem + HDR, hdr, 16);
	bf->h->mem[STATUS] = 0xee;
	d[0] = (struct virtq_desc){ .addr = HDR, .len = 16, .flags = VIRTQ_DESC_F_NEXT, .next = 1 };
	d[1] = (struct virtq_desc){ .addr = data, .len = len, .next = 2,
				    .flags = VIRTQ_DESC_F_NEXT | (in ? VIRTQ_DESC_F_WRITE : 0) };
	d[2] = (struct virtq_desc){ .addr = STATUS, .len = 1, .flags = VIRTQ_DESC_F_WRITE };
	vh_offer(bf->h, head);
	vh_kick(bf->h, &bf->blk.vp, 0);
	ck_assert_uint_eq(vh_used_idx(bf->h), (uint16_t)(before + 1));
	vh_used(bf->h, before, &id, &used_len);
	ck_assert_uint_eq(id, head);
	*status = bf->h->mem[STATUS];
	return used_len;
}

static bool image_sector_is(unsigned int s, uint8_t v)
{
	uint8_t buf[512];
	unsigned int i;

	ck_assert_int_eq(pread(bf->fd, buf, 512, s * 512), 512);
	for (i = 0; i < 512; i++)
		if (buf[i] != v)
			return false;
	return true;
}

START_TEST(blk_config)
{
	uint64_t capacity;

	open_disk(false, false);
	capacity = vh_bar_read(bf->h, 0x2000, 4) | vh_bar_read(bf->h, 0x2004, 4) << 32;
	ck_assert_uint_eq(capacity, SECTORS);
	ck_assert_uint_eq(vh_bar_read(bf->h, 0x200c, 4), VIRTQ_MAX_SEGS - 2);	/* seg_max */
	vh_bar_write(bf->h, 0, 4, 0);
	ck_assert(vh_bar_read(bf->h, 4, 4) & 1u << 9);		/* FLUSH */
	ck_assert(!(vh_bar_read(bf->h, 4, 4) & 1u << 5));	/* not RO */
}
END_TEST

START_TEST(blk_read)
{
	uint8_t st;
	unsigned int i;

	open_disk(false, false);
	ck_assert_uint_eq(request(T_IN, 5, DATA, 1024, &st), 1025);
	ck_assert_uint_eq(st, S_OK);
	for (i = 0; i < 1024; i++)
		ck_assert_uint_eq(bf->h->mem[DATA + i], i < 512 ? 5 : 6);
}
END_TEST

START_TEST(blk_write_flush)
{
	uint8_t st;

	open_disk(false, false);
	memset(bf->h->mem + DATA, 0xab, 1024);
	ck_assert_uint_eq(request(T_OUT, 10, DATA, 1024, &st), 1);
	ck_assert_uint_eq(st, S_OK);
	ck_assert(image_sector_is(10, 0xab));
	ck_assert(image_sector_is(11, 0xab));
	ck_assert(image_sector_is(12, 12));
	ck_assert_uint_eq(request(T_FLUSH, 0, DATA, 0, &st), 1);
	ck_assert_uint_eq(st, S_OK);
}
END_TEST

START_TEST(blk_read_only)
{
	uint8_t st;

	open_disk(true, false);
	vh_bar_write(bf->h, 0, 4, 0);
	ck_assert(vh_bar_read(bf->h, 4, 4) & 1u << 5);		/* VIRTIO_BLK_F_RO */
	memset(bf->h->mem + DATA, 0xab, 512);
	request(T_OUT, 3, DATA, 512, &st);
	ck_assert_uint_eq(st, S_IOERR);
	ck_assert(image_sector_is(3, 3));
	ck_assert_uint_eq(request(T_IN, 3, DATA, 512, &st), 513);
	ck_assert_uint_eq(st, S_OK);
}
END_TEST

START_TEST(blk_refusals)
{
	uint8_t st;

	open_disk(false, false);
	request(T_IN, SECTORS - 1, DATA, 1024, &st);		/* runs past the end */
	ck_assert_uint_eq(st, S_IOERR);
	request(T_IN, ~0ull, DATA, 512, &st);			/* sector overflows */
	ck_assert_uint_eq(st, S_IOERR);
	request(T_OUT, 0, DATA, 100, &st);			/* not whole sectors */
	ck_assert_uint_eq(st, S_IOERR);
	ck_assert(image_sector_is(0, 0));
	ck_assert_uint_eq(request(T_DISCARD, 0, DATA, 16, &st), 1);
	ck_assert_uint_eq(st, S_UNSUPP);
}
END_TEST

START_TEST(blk_get_id)
{
	uint8_t st;

	open_disk(false, false);
	memset(bf->h->mem + DATA, 0xff, 32);
	ck_assert_uint_eq(request(T_GET_ID, 0, DATA, 32, &st), 21);
	ck_assert_uint_eq(st, S_OK);
	/* The file's name cut to 20 bytes, no terminator (5.2.6). */
	ck_assert_mem_eq(bf->h->mem + DATA, "a-disk-image-with-a-", 20);
	ck_assert_uint_eq(bf->h->mem[DATA + 20], 0xff);
}
END_TEST

START_TEST(blk_no_header)
{
	struct virtq_desc *d = vh_desc(bf->h);
	uint32_t id, len;

	open_disk(false, false);
	d[0] = (struct virtq_desc){ .addr = HDR, .len = 8, .flags = VIRTQ_DESC_F_NEXT, .next = 1 };
	d[1] = (struct virtq_desc){ .addr = STATUS, .len = 1, .flags = VIRTQ_DESC_F_WRITE };
	bf->h->mem[STATUS] = 0xee;
	vh_offer(bf->h, 0);
	vh_kick(bf->h, &bf->blk.vp, 0);
	ck_assert_uint_eq(vh_used_idx(bf->h), 1);
	vh_used(bf->h, 0, &id, &len);
	ck_assert_uint_eq(len, 0);			/* nothing written back */
	ck_assert_uint_eq(bf->h->mem[STATUS], 0xee);
}
END_TEST

START_TEST(blk_direct_unaligned)
{
	uint8_t st;
	unsigned int i;

	/* cache=none with a buffer O_DIRECT refuses: the bounce buffer serves it. */
	open_disk(false, true);
	ck_assert_uint_eq(request(T_IN, 7, DATA + 3, 512, &st), 513);
	ck_assert_uint_eq(st, S_OK);
	for (i = 0; i < 512; i++)
		ck_assert_uint_eq(bf->h->mem[DATA + 3 + i], 7);
	memset(bf->h->mem + DATA + 5, 0x5c, 512);
	request(T_OUT, 9, DATA + 5, 512, &st);
	ck_assert_uint_eq(st, S_OK);
	ck_assert(image_sector_is(9, 0x5c));
}
END_TEST

Suite *virtio_blk_suite(void)
{
	Suite *s = suite_create("virtio_blk");
	TCase *tc = tcase_create("requests");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, blk_config);
	tcase_add_test(tc, blk_read);
	tcase_add_test(tc, blk_write_flush);
	tcase_add_test(tc, blk_read_only);
	tcase_add_test(tc, blk_refusals);
	tcase_add_test(tc, blk_get_id);
	tcase_add_test(tc, blk_no_header);
	tcase_add_test(tc, blk_direct_unaligned);
	suite_add_tcase(s, tc);
	return s;
}

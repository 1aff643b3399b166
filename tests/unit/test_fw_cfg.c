// SPDX-License-Identifier: GPL-2.0
/* fw_cfg: the port and DMA interfaces, against QEMU's documented layout. */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devices/fw_cfg.h"
#include "tests/unit/unit.h"

/* A 64 KiB guest at GPA 0x10000 whose second half is "private" (refused). */
#define MEM_BASE	0x10000u
#define MEM_LEN		0x10000u
#define SHARED_LEN	0x8000u

struct fake_mem {
	uint8_t mem[MEM_LEN];
	unsigned int maps;
};

static void *fake_map(void *opaque, uint64_t gpa, uint64_t len, bool write, const char **why)
{
	struct fake_mem *m = opaque;

	(void)write;
	m->maps++;
	if (gpa < MEM_BASE || len > MEM_LEN || gpa - MEM_BASE > MEM_LEN - len) {
		*why = "not guest RAM";
		return NULL;
	}
	if (gpa - MEM_BASE + len > SHARED_LEN) {
		*why = "private (not shared)";
		return NULL;
	}
	return m->mem + (gpa - MEM_BASE);
}

static void out16(struct fw_cfg *f, uint16_t port, uint16_t v)
{
	fw_cfg_io(f, port - FW_CFG_PORT_SEL, &v, 2, true);
}

static void out32(struct fw_cfg *f, uint16_t port, uint32_t v)
{
	fw_cfg_io(f, port - FW_CFG_PORT_SEL, &v, 4, true);
}

static uint8_t in8(struct fw_cfg *f, uint16_t port)
{
	uint8_t v;

	fw_cfg_io(f, port - FW_CFG_PORT_SEL, &v, 1, false);
	return v;
}

static uint32_t in32(struct fw_cfg *f, uint16_t port)
{
	uint32_t v;

	fw_cfg_io(f, port - FW_CFG_PORT_SEL, &v, 4, false);
	return v;
}

static void setup(struct fw_cfg *f, struct fake_mem *m)
{
	struct fw_cfg_dma_ops ops = { .map = fake_map, .opaque = m };
	struct err e = { 0 };

	memset(m, 0, sizeof(*m));
	ck_assert_int_eq(fw_cfg_init(f, &ops, &e), 0);
}

/* Writes a FWCfgDmaAccess at @acc and starts it as a guest would (BE halves). */
static uint32_t dma(struct fw_cfg *f, struct fake_mem *m, uint64_t acc, uint32_t control,
		    uint32_t len, uint64_t addr)
{
	uint8_t *p = m->mem + (acc - MEM_BASE);
	uint32_t c = htobe32(control), l = htobe32(len);
	uint64_t a = htobe64(addr);

	memcpy(p, &c, 4);
	memcpy(p + 4, &l, 4);
	memcpy(p + 8, &a, 8);
	out32(f, FW_CFG_PORT_DMA, htobe32((uint32_t)(acc >> 32)));
	out32(f, FW_CFG_PORT_DMA + 4, htobe32((uint32_t)acc));
	memcpy(&c, p, 4);
	return be32toh(c);
}

START_TEST(fw_cfg_port_interface)
{
	struct fw_cfg f;
	struct fake_mem m;
	struct err e = { 0 };
	char sig[5] = { 0 };
	uint32_t id = 0;
	unsigned int i;

	setup(&f, &m);
	out16(&f, FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	for (i = 0; i < 4; i++)
		sig[i] = (char)in8(&f, FW_CFG_PORT_DATA);
	ck_assert_str_eq(sig, "QEMU");
	ck_assert_uint_eq(in8(&f, FW_CFG_PORT_DATA), 0);	/* past the end */

	out16(&f, FW_CFG_PORT_SEL, FW_CFG_ID);
	for (i = 0; i < 4; i++)
		id |= (uint32_t)in8(&f, FW_CFG_PORT_DATA) << (8 * i);
	ck_assert_uint_eq(id, FW_CFG_VERSION | FW_CFG_VERSION_DMA);

	/* "QEMU CFG" at the DMA port, big-endian. */
	ck_assert_uint_eq(be32toh(in32(&f, FW_CFG_PORT_DMA)), 0x51454d55);
	ck_assert_uint_eq(be32toh(in32(&f, FW_CFG_PORT_DMA + 4)), 0x20434647);

	ck_assert_int_eq(fw_cfg_add_le(&f, FW_CFG_NB_CPUS, 3, 2, &e), 0);
	out16(&f, FW_CFG_PORT_SEL, FW_CFG_NB_CPUS);
	ck_assert_uint_eq(in8(&f, FW_CFG_PORT_DATA), 3);
	ck_assert_uint_eq(in8(&f, FW_CFG_PORT_DATA), 0);
	/* An unknown key reads as zeros. */
	out16(&f, FW_CFG_PORT_SEL, 0x1234);
	ck_assert_uint_eq(in8(&f, FW_CFG_PORT_DATA), 0);
	fw_cfg_destroy(&f);
}
END_TEST

START_TEST(fw_cfg_file_directory)
{
	static const uint8_t e820[20] = { 1, 2, 3 };
	struct fw_cfg f;
	struct fake_mem m;
	struct err e = { 0 };
	const struct fw_cfg_item *dir;
	uint8_t expect[4 + 2 * 64] = { 0 };

	setup(&f, &m);
	ck_assert_int_eq(fw_cfg_add_file(&f, "etc/e820", e820, sizeof(e820), &e), 0);
	ck_assert_int_eq(fw_cfg_add_file(&f, "etc/other", "xy", 2, &e), 0);
	ck_assert_int_ne(fw_cfg_add_file(&f, "a-name-that-is-far-too-long-for-the-fifty-six-byte-"
					 "field", "", 0, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.msg, "longer than 55"));
	/* be32 count; { be32 size, be16 select, be16 0, name[56] } per file. */
	expect[3] = 2;
	expect[4 + 3] = 20;
	expect[4 + 5] = 0x20;
	memcpy(expect + 4 + 8, "etc/e820", 8);
	expect[68 + 3] = 2;
	expect[68 + 5] = 0x21;
	memcpy(expect + 68 + 8, "etc/other", 9);
	dir = fw_cfg_find(&f, FW_CFG_FILE_DIR);
	ck_assert_ptr_nonnull(dir);
	ck_assert_uint_eq(dir->len, sizeof(expect));
	ck_assert_mem_eq(dir->data, expect, sizeof(expect));
	ck_assert_mem_eq(fw_cfg_find(&f, 0x20)->data, e820, sizeof(e820));
	fw_cfg_destroy(&f);
}
END_TEST

START_TEST(fw_cfg_dma_read_skip_select)
{
	uint8_t blob[300];
	struct fw_cfg f;
	struct fake_mem m;
	struct err e = { 0 };
	const uint64_t acc = MEM_BASE + 0x100, buf = MEM_BASE + 0x1000;
	unsigned int i;

	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)(i * 7 + 1);
	setup(&f, &m);
	ck_assert_int_eq(fw_cfg_add(&f, FW_CFG_KERNEL_DATA, blob, sizeof(blob), &e), 0);

	/* Select and read 100 bytes, skip 50, read the rest plus 20 beyond the end. */
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_KERNEL_DATA << 16 | FW_CFG_DMA_SELECT |
			      FW_CFG_DMA_READ, 100, buf), 0);
	ck_assert_mem_eq(m.mem + 0x1000, blob, 100);
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_SKIP, 50, 0), 0);
	memset(m.mem + 0x2000, 0xaa, 200);
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_READ, 170, buf + 0x1000), 0);
	ck_assert_mem_eq(m.mem + 0x2000, blob + 150, 150);
	for (i = 150; i < 170; i++)
		ck_assert_uint_eq(m.mem[0x2000 + i], 0);
	ck_assert_uint_eq(m.mem[0x2000 + 170], 0xaa);	/* nothing past the length */
	ck_assert_uint_eq(f.dma_errors, 0);

	/* Writes fail: every item is read-only. */
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_WRITE, 4, buf), FW_CFG_DMA_ERROR);
	fw_cfg_destroy(&f);
}
END_TEST

START_TEST(fw_cfg_dma_refuses_bad_memory)
{
	uint8_t blob[64] = { 5 };
	struct fw_cfg f;
	struct fake_mem m;
	struct err e = { 0 };
	const uint64_t acc = MEM_BASE + 0x100;

	setup(&f, &m);
	ck_assert_int_eq(fw_cfg_add(&f, FW_CFG_SETUP_DATA, blob, sizeof(blob), &e), 0);
	/* Into "private" memory: an error, nothing written, the offset unchanged. */
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_SETUP_DATA << 16 | FW_CFG_DMA_SELECT |
			      FW_CFG_DMA_READ, 64, MEM_BASE + SHARED_LEN + 0x100),
			  FW_CFG_DMA_ERROR);
	ck_assert_ptr_nonnull(strstr(f.last_error, "private"));
	ck_assert_uint_eq(m.mem[SHARED_LEN + 0x100], 0);
	/* Straddling the end of RAM, and a length that wraps the address space. */
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_READ, 64, MEM_BASE + MEM_LEN - 32),
			  FW_CFG_DMA_ERROR);
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_READ, 0xffffffff, ~0ull - 8),
			  FW_CFG_DMA_ERROR);
	ck_assert_ptr_nonnull(strstr(f.last_error, "not guest RAM"));
	/* The failed reads did not advance: the next read starts at byte 0. */
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_READ, 1, MEM_BASE + 0x800), 0);
	ck_assert_uint_eq(m.mem[0x800], 5);

	/* An access structure outside RAM: nothing to write back, only the log knows. */
	f.dma_errors = 0;
	out32(&f, FW_CFG_PORT_DMA, 0);
	out32(&f, FW_CFG_PORT_DMA + 4, htobe32(0x1000));
	ck_assert_uint_eq(f.dma_errors, 1);
	ck_assert_ptr_nonnull(strstr(f.last_error, "DMA access structure at 0x1000"));
	fw_cfg_destroy(&f);
}
END_TEST

/*
 * An initrd served from its file that shrinks while the guest reads it:
 * the rest of the transfer is zeros with the DMA error bit, the port
 * interface reads zeros, and sevvm takes no SIGBUS (a mapping would).
 */
START_TEST(fw_cfg_file_truncated_while_served)
{
	char path[] = "/tmp/sevvm-fwcfg-XXXXXX";
	uint8_t blob[8192];
	struct fw_cfg f;
	struct fake_mem m;
	struct err e = { 0 };
	const uint64_t acc = MEM_BASE + 0x100;
	unsigned int i;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)(i * 7 + 1);
	ck_assert_int_eq(write(fd, blob, sizeof(blob)), (ssize_t)sizeof(blob));
	setup(&f, &m);
	ck_assert_int_eq(fw_cfg_add_fd(&f, FW_CFG_INITRD_DATA, fd, 100, 8000, &e), 0);
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_INITRD_DATA << 16 | FW_CFG_DMA_SELECT |
			      FW_CFG_DMA_READ, 4000, MEM_BASE + 0x1000), 0);
	ck_assert_int_eq(memcmp(m.mem + 0x1000, blob + 100, 4000), 0);

	ck_assert_int_eq(ftruncate(fd, 5000), 0);
	memset(m.mem + 0x2000, 0xaa, 4000);
	ck_assert_uint_eq(dma(&f, &m, acc, FW_CFG_DMA_READ, 4000, MEM_BASE + 0x2000),
			  FW_CFG_DMA_ERROR);
	ck_assert_ptr_nonnull(strstr(f.last_error, "changed after sevvm opened it"));
	/* Bytes 4000..4899 of the item were still in the file; the rest reads as zeros. */
	ck_assert_int_eq(memcmp(m.mem + 0x2000, blob + 4100, 900), 0);
	for (i = 900; i < 4000; i++)
		ck_assert_uint_eq(m.mem[0x2000 + i], 0);
	out16(&f, FW_CFG_PORT_SEL, FW_CFG_INITRD_DATA);
	ck_assert_uint_eq(in8(&f, FW_CFG_PORT_DATA), blob[100]);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_uint_eq(in8(&f, FW_CFG_PORT_DATA), 0);
	fw_cfg_destroy(&f);
	close(fd);
}
END_TEST

Suite *fw_cfg_suite(void)
{
	Suite *s = suite_create("fw_cfg");
	TCase *tc = tcase_create("fw_cfg");

	tcase_add_test(tc, fw_cfg_port_interface);
	tcase_add_test(tc, fw_cfg_file_directory);
	tcase_add_test(tc, fw_cfg_dma_read_skip_select);
	tcase_add_test(tc, fw_cfg_dma_refuses_bad_memory);
	tcase_add_test(tc, fw_cfg_file_truncated_while_served);
	suite_add_tcase(s, tc);
	return s;
}

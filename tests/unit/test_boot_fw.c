// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware image of a firmware boot (vmm/boot_fw.h): without
 * --firmware the image built into sevvm (vmm/fw_embedded.h), which must
 * read as a launch needs it (its GUID table: hash table, secret area, SEV-ES
 * reset block), and image files whose size a launch cannot take, refused
 * with a message naming --firmware and the file. That the embedded bytes are
 * build/firmware/sevvm-fw.bin's is checked with cmp and sha256sum by
 * tests/firmware/embedded.sh.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "devices/fw_cfg.h"
#include "sev/kernel_hashes.h"
#include "vmm/boot_fw.h"
#include "vmm/e820.h"
#include "vmm/fw_embedded.h"
#include "tests/unit/unit.h"

static void fw_cfg_select(struct fw_cfg *f, uint16_t key)
{
	fw_cfg_io(f, 0, &key, 2, true);
}

static void fw_cfg_read(struct fw_cfg *f, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		fw_cfg_io(f, FW_CFG_PORT_DATA - FW_CFG_PORT_SEL, p + i, 1, false);
}

/* The selector of fw_cfg file @name as the file directory lists it; 0: absent. */
static uint16_t fw_cfg_file(struct fw_cfg *f, const char *name, uint32_t *size)
{
	uint8_t ent[64];
	uint32_t n, i;

	fw_cfg_select(f, FW_CFG_FILE_DIR);
	fw_cfg_read(f, &n, 4);
	for (i = 0; i < be32toh(n); i++) {
		fw_cfg_read(f, ent, sizeof(ent));
		if (!strncmp((const char *)ent + 8, name, 56)) {
			*size = (uint32_t)ent[0] << 24 | ent[1] << 16 | ent[2] << 8 | ent[3];
			return (uint16_t)(ent[4] << 8 | ent[5]);
		}
	}
	return 0;
}

/*
 * The fw_cfg files OVMF reads that sevvm serves: etc/e820, the ACPI
 * linker/loader, and opt/ovmf/X-PciMmio64Mb = "0" (no 64-bit PCI window:
 * sevvm decodes BARs only below 4 GiB).
 */
START_TEST(firmware_fw_cfg_files_for_ovmf)
{
	struct boot_fw_config cfg = { .ncpus = 2, .mem_size = 64ull << 20 };
	struct fw_cfg_dma_ops dma = { .map = NULL };
	struct e820_map map;
	struct boot_fw fw;
	struct ram ram;
	struct ram_block *b;
	struct err e = { 0 };
	unsigned int rank = 0;
	uint32_t size = 0;
	uint16_t key;
	char v[2] = "";

	ram_init(&ram, -1, 32);
	ck_assert_int_eq(ram_block_add(&ram, "ram", cfg.mem_size, &b, &e), 0);
	ck_assert_int_eq(ram_map(&ram, b, 0, 0, cfg.mem_size, NULL, &e), 0);
	ck_assert_int_eq(e820_build(&map, cfg.mem_size, &e), 0);
	ck_assert_msg(boot_fw_map(&fw, &cfg, &ram, &e) == 0, "%s", e.msg);
	ck_assert_msg(boot_fw_load(&fw, &cfg, &ram, &map, &dma, &rank, &e) == 0, "%s", e.msg);
	key = fw_cfg_file(&fw.cfg, "opt/ovmf/X-PciMmio64Mb", &size);
	ck_assert_uint_ne(key, 0);
	ck_assert_uint_eq(size, 1);
	fw_cfg_select(&fw.cfg, key);
	fw_cfg_read(&fw.cfg, v, 1);
	ck_assert_str_eq(v, "0");
	ck_assert_uint_ne(fw_cfg_file(&fw.cfg, "etc/e820", &size), 0);
	ck_assert_uint_eq(size % 20, 0);
	ck_assert_uint_ne(fw_cfg_file(&fw.cfg, "etc/table-loader", &size), 0);
	ck_assert_uint_ne(fw_cfg_file(&fw.cfg, "etc/acpi/tables", &size), 0);
	ck_assert_uint_eq(fw_cfg_file(&fw.cfg, "etc/system-states", &size), 0);
	boot_fw_destroy(&fw);
	ram_destroy(&ram);
}
END_TEST

START_TEST(embedded_image_opens)
{
	struct boot_fw_image img;
	struct err e = { 0 };

	ck_assert_int_eq(boot_fw_image_open(NULL, &img, &e), 0);
	ck_assert(img.embedded);
	ck_assert_str_eq(img.name, FW_EMBEDDED_NAME);
	ck_assert_ptr_eq(img.data, fw_embedded_data());
	ck_assert_uint_eq(img.len, fw_embedded_size());
	ck_assert_uint_gt(img.len, 0);
	ck_assert_uint_eq(img.len % 4096, 0);
	ck_assert_uint_le(img.len, FIRMWARE_IMAGE_MAX);
	/* The reset vector (the image's last 16 bytes) holds code, not padding. */
	ck_assert(memcmp(img.data + img.len - 16, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
	boot_fw_image_close(&img);
	boot_fw_image_close(&img);	/* closing twice is harmless */
	ck_assert_ptr_null(img.data);
}
END_TEST

/* What an SEV-ES launch with APs and a kernel takes from the embedded image. */
START_TEST(embedded_image_layout)
{
	struct boot_fw_launch launch = {
		.firmware = FW_EMBEDDED_NAME, .kernel = true, .sev = true, .sev_es = true,
		.ncpus = 2,
	};
	struct boot_fw_layout l;
	struct err e = { 0 };

	ck_assert_msg(boot_fw_read_layout(&l, fw_embedded_data(), fw_embedded_size(), &launch,
					  &e) == 0, "%s", e.msg);
	ck_assert(l.has_hash_area);
	ck_assert_uint_ge(l.hash_area.size, SEV_HASH_TABLE_SIZE);
	ck_assert(l.has_secret_area);
	ck_assert_uint_ne(l.ap_reset_addr, 0);
	/* Both areas are RAM below the image, apart from each other. */
	ck_assert_uint_lt(l.hash_area.base + l.hash_area.size, 0x100000000ull - fw_embedded_size());
	ck_assert(l.secret_area.base >= l.hash_area.base + l.hash_area.size ||
		  l.hash_area.base >= l.secret_area.base + l.secret_area.size);
}
END_TEST

/* A temporary file of @len bytes; its path in @path. */
static void temp_file(char *path, size_t len)
{
	char zero[512] = { 0 };
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	while (len) {
		size_t n = len < sizeof(zero) ? len : sizeof(zero);

		ck_assert_int_eq(write(fd, zero, n), (ssize_t)n);
		len -= n;
	}
	close(fd);
}

START_TEST(image_file_sizes)
{
	static const struct { size_t len; int want; } cases[] = {
		{ 4096, 0 }, { 8192, 0 }, { 5000, -EINVAL }, { 100, -EINVAL },
		{ FIRMWARE_IMAGE_MAX + 4096, -EINVAL }, { 0, -EINVAL },
	};
	struct boot_fw_image img;
	struct err e;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[] = "/tmp/sevvm-unit-fw.XXXXXX";

		temp_file(path, cases[i].len);
		memset(&e, 0, sizeof(e));
		ck_assert_int_eq(boot_fw_image_open(path, &img, &e), cases[i].want);
		if (!cases[i].want) {
			ck_assert(!img.embedded);
			ck_assert_str_eq(img.name, path);
			ck_assert_uint_eq(img.len, cases[i].len);
			boot_fw_image_close(&img);
		} else {
			ck_assert_msg(strstr(e.msg, "--firmware") && strstr(e.msg, path), "%s", e.msg);
		}
		unlink(path);
	}
}
END_TEST

START_TEST(image_file_missing)
{
	struct boot_fw_image img;
	struct err e = { 0 };

	ck_assert_int_eq(boot_fw_image_open("/nonexistent/sevvm-fw.bin", &img, &e), -ENOENT);
	ck_assert_msg(strstr(e.msg, "--firmware: /nonexistent/sevvm-fw.bin"), "%s", e.msg);
	boot_fw_image_close(&img);
}
END_TEST

Suite *boot_fw_suite(void)
{
	Suite *s = suite_create("boot_fw");
	TCase *tc = tcase_create("image");

	tcase_add_test(tc, embedded_image_opens);
	tcase_add_test(tc, embedded_image_layout);
	tcase_add_test(tc, image_file_sizes);
	tcase_add_test(tc, image_file_missing);
	tcase_add_test(tc, firmware_fw_cfg_files_for_ovmf);
	suite_add_tcase(s, tc);
	return s;
}

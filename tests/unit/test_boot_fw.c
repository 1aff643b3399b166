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
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sev/kernel_hashes.h"
#include "vmm/boot_fw.h"
#include "vmm/fw_embedded.h"
#include "tests/unit/unit.h"

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
	suite_add_tcase(s, tc);
	return s;
}

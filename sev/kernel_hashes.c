// SPDX-License-Identifier: GPL-2.0
#include "sev/kernel_hashes.h"

#include <errno.h>
#include <openssl/evp.h>
#include <string.h>
#include "vmm/util/mapped_file.h"

static const uint8_t guid_table[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_TABLE;
static const uint8_t guid_cmdline[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_CMDLINE;
static const uint8_t guid_initrd[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_INITRD;
static const uint8_t guid_kernel[SEV_HASH_GUID_LEN] = SEV_HASH_GUID_KERNEL;

int sev_sha256_file(const char *path, uint8_t out[32], uint64_t *size, struct err *e)
{
	struct mapped_file f;
	int r = mapped_file_open(path, &f, e);

	if (r)
		return r;
	if (!EVP_Digest(f.data, f.len, out, NULL, EVP_sha256(), NULL))
		r = err_set(e, EIO, "SHA-256 of %s failed", path);
	if (size)
		*size = f.len;
	mapped_file_close(&f);
	return r;
}

static uint8_t *put_entry(uint8_t *p, const uint8_t guid[16], const uint8_t hash[32])
{
	memcpy(p, guid, 16);
	p[16] = SEV_HASH_ENTRY_LEN;
	p[17] = 0;
	memcpy(p + 18, hash, 32);
	return p + SEV_HASH_ENTRY_LEN;
}

int sev_kernel_hashes_build(const char *kernel, const char *initrd, const char *cmdline,
			    uint8_t table[SEV_HASH_TABLE_SIZE], struct err *e)
{
	uint8_t hk[32], hi[32], hc[32], *p = table;
	const char *c = cmdline ? cmdline : "";
	int r;

	if (!kernel)
		return err_set(e, EINVAL, "the kernel hashes table needs a kernel");
	r = sev_sha256_file(kernel, hk, NULL, e);
	if (!r && initrd)
		r = sev_sha256_file(initrd, hi, NULL, e);
	else if (!r && !EVP_Digest("", 0, hi, NULL, EVP_sha256(), NULL))
		r = err_set(e, EIO, "SHA-256 failed");
	if (r)
		return r;
	/* The command line is hashed with its terminating NUL, as fw_cfg passes it. */
	if (!EVP_Digest(c, strlen(c) + 1, hc, NULL, EVP_sha256(), NULL))
		return err_set(e, EIO, "SHA-256 failed");
	memset(table, 0, SEV_HASH_TABLE_SIZE);
	memcpy(p, guid_table, SEV_HASH_GUID_LEN);
	p[16] = SEV_HASH_TABLE_LEN;
	p[17] = 0;
	p += 18;
	p = put_entry(p, guid_cmdline, hc);
	p = put_entry(p, guid_initrd, hi);
	put_entry(p, guid_kernel, hk);
	return 0;
}

/* Checks a table that came from outside: its header and each entry, by name. */
static int check_table(const uint8_t *t, const char *path, struct err *e)
{
	static const struct {
		const char *name;
		const uint8_t *guid;
	} entry[3] = {
		{ "cmdline", guid_cmdline }, { "initrd", guid_initrd }, { "kernel", guid_kernel },
	};
	unsigned int i;

	if (memcmp(t, guid_table, 16))
		return err_set(e, EINVAL, "--hash-table %s: offset 0: not the table GUID "
			       "9438d606-4f22-4cc9-b479-a793d411fd21", path);
	if (t[16] != SEV_HASH_TABLE_LEN || t[17])
		return err_set(e, EINVAL, "--hash-table %s: offset 16: length %u, expected %u", path,
			       t[16] | t[17] << 8, SEV_HASH_TABLE_LEN);
	for (i = 0; i < 3; i++) {
		const uint8_t *p = t + 18 + i * SEV_HASH_ENTRY_LEN;

		if (memcmp(p, entry[i].guid, 16) || p[16] != SEV_HASH_ENTRY_LEN || p[17])
			return err_set(e, EINVAL, "--hash-table %s: offset %u: the %s entry's GUID or "
				       "length is wrong", path, 18 + i * SEV_HASH_ENTRY_LEN, entry[i].name);
	}
	return 0;
}

int sev_kernel_hashes_get(const char *table_file, const char *kernel, const char *initrd,
			  const char *cmdline, uint8_t table[SEV_HASH_TABLE_SIZE], struct err *e)
{
	struct mapped_file f;
	int r;

	if (!table_file)
		return sev_kernel_hashes_build(kernel, initrd, cmdline, table, e);
	r = mapped_file_open(table_file, &f, e);
	if (r)
		return err_prefix(e, "--hash-table: ");
	if (f.len != SEV_HASH_TABLE_SIZE)
		r = err_set(e, EINVAL, "--hash-table %s: %zu bytes, expected %u", table_file, f.len,
			    SEV_HASH_TABLE_SIZE);
	else
		r = check_table(f.data, table_file, e);
	if (!r)
		memcpy(table, f.data, SEV_HASH_TABLE_SIZE);
	mapped_file_close(&f);
	return r;
}

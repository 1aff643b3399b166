// SPDX-License-Identifier: GPL-2.0
/* The launch secret: from the owner's files, or from --attest-cmd, into LAUNCH_SECRET. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sev/attest.h"
#include "sev/blob.h"
#include "sev/launch.h"
#include "sev/launch_internal.h"

/* LAUNCH_SECRET of the packet in the base64 files @hdr_path and @data_path. */
static int inject_secret(struct sev_launch *l, const char *hdr_path, const char *data_path,
			 struct err *e)
{
	uint64_t gpa;
	struct kvm_sev_launch_secret s = { 0 };
	uint8_t *hdr = NULL, *data = NULL;
	size_t hdr_len = 0, len = 0;
	char args[160];
	void *hva;
	int r;

	if (!hdr_path != !data_path)
		return err_set(e, EINVAL, "--secret-header and --secret go together");
	if (!data_path)
		return 0;
	if (!l->cfg->secret_gpa_set && !l->secret_area)
		return err_set(e, EINVAL, "--secret: give --secret-gpa (the firmware names no secret "
			       "area, or this is a direct boot)");
	gpa = l->cfg->secret_gpa_set ? l->cfg->secret_gpa : l->secret_area;
	r = sev_read_base64(hdr_path, "--secret-header", SEV_BLOB_MAX, &hdr, &hdr_len, e);
	if (!r)
		r = sev_read_base64(data_path, "--secret", SEV_BLOB_MAX, &data, &len, e);
	if (r)
		goto out;
	/*
	 * The firmware reads its secret area only (OVMF's SEV secret block,
	 * sev-reference): a packet longer than the area would overwrite what
	 * lies after it with data the firmware never looks at.
	 */
	if (!l->cfg->secret_gpa_set && len > l->secret_area_size) {
		r = err_set(e, EINVAL, "--secret: %zu bytes do not fit the firmware's secret area "
			    "(%u bytes at %#" PRIx64 ")", len, l->secret_area_size, gpa);
		goto out;
	}
	if (!len || len > UINT32_MAX) {
		r = err_set(e, EINVAL, "--secret: %zu bytes: expected 1 to 4 GiB", len);
		goto out;
	}
	hva = ram_gpa_to_hva(l->ram, gpa, len);
	if (!hva) {
		r = err_set(e, EFAULT, "secret at %#" PRIx64 ": %zu bytes there are not guest RAM",
			    gpa, len);
		goto out;
	}
	s = (struct kvm_sev_launch_secret){
		.hdr_uaddr = (uint64_t)(uintptr_t)hdr, .hdr_len = (uint32_t)hdr_len,
		.guest_uaddr = (uint64_t)(uintptr_t)hva, .guest_len = (uint32_t)len,
		.trans_uaddr = (uint64_t)(uintptr_t)data, .trans_len = (uint32_t)len,
	};
	snprintf(args, sizeof(args), "\"gpa\": %" PRIu64 ", \"hdr_len\": %zu, \"len\": %zu",
		 gpa, hdr_len, len);
	r = sev_launch_cmd(l, KVM_SEV_LAUNCH_SECRET, &s, args, false, e);
out:
	if (hdr)
		OPENSSL_cleanse(hdr, hdr_len);
	if (data)
		OPENSSL_cleanse(data, len);
	free(hdr);
	free(data);
	return r;
}

/*
 * --attest-cmd: the guest owner's command sees the measurement and returns
 * the secret packet, which goes to LAUNCH_SECRET; its directory is removed
 * whatever happens.
 */
static int attest(struct sev_launch *l, struct err *e)
{
	const struct sev_attest_info in = {
		.measurement = l->measurement,
		.api_major = l->platform.api_major, .api_minor = l->platform.api_minor,
		.build = l->platform.build, .policy = l->policy,
		.backend = l->be->kind == SEV_BACKEND_SIM ? "sim" : "kvm",
		.secret_gpa = l->cfg->secret_gpa_set ? l->cfg->secret_gpa : l->secret_area,
	};
	char dir[PATH_MAX] = "", hdr[PATH_MAX + 32], data[PATH_MAX + 32];
	int r;

	/* Nowhere to put a secret: say so before asking the owner for one. */
	if (!l->cfg->secret_gpa_set && !l->secret_area)
		return err_set(e, EINVAL, "--attest-cmd: give --secret-gpa (the firmware names no "
			       "secret area, or this is a direct boot)");
	r = sev_attest_run(l->cfg->attest_cmd, &in, dir, e);

	sev_log_event(&l->log, "attest", "\"accepted\": %s%s%s%s", r ? "false" : "true",
		      r ? ", \"message\": \"" : "", r ? e->msg : "", r ? "\"" : "");
	if (!r) {
		snprintf(hdr, sizeof(hdr), "%s/%s", dir, SEV_ATTEST_HEADER_FILE);
		snprintf(data, sizeof(data), "%s/%s", dir, SEV_ATTEST_SECRET_FILE);
		r = inject_secret(l, hdr, data, e);
	}
	sev_attest_cleanup(dir);
	return r;
}

int sev_launch_secret(struct sev_launch *l, struct err *e)
{
	if (l->cfg->attest_cmd)
		return attest(l, e);
	return inject_secret(l, l->cfg->secret_header, l->cfg->secret, e);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm platform`: PLATFORM_STATUS, PDH_CERT_EXPORT and GET_ID2 on
 * /dev/sev or the software model, and `verify`, which checks a chain
 * exported to files with OpenSSL, offline. The model's chain is TEST KEYS
 * and every line about it says so; sevvm ships no AMD root key, so it
 * never calls any chain AMD's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sev/blob.h"
#include "sev/launch_log.h"
#include "sev/platform.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/options.h"
#include "vmm/vm.h"

#define TEST_KEYS	"TEST KEYS of sevvm's software model, not AMD's"

static const char platform_usage[] =
"usage: sevvm platform status [--sev-backend kvm|sim]\n"
"       sevvm platform export DIR [--sev-backend kvm|sim]\n"
"       sevvm platform verify DIR\n";

/* The files of a chain in DIR. */
static const char *const file_names[SEV_CHAIN_NR] = {
	"ark.cert", "ask.cert", "cek.cert", "oca.cert", "pek.cert", "pdh.cert",
};

static int usage(const char *what)
{
	return cmd_usage_error("platform", platform_usage, "%s", what);
}

/* Options: [DIR] and --sev-backend. */
static int parse(int argc, char **argv, bool want_dir, const char **dir,
		 enum sev_backend_kind *kind)
{
	static const struct option opts[] = {
		{ "sev-backend", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*kind = SEV_BACKEND_KVM;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'b' || parse_sev_backend(optarg, kind))
			return -EINVAL;
	}
	if (want_dir && optind == argc - 1) {
		*dir = argv[optind];
		return 0;
	}
	return !want_dir && optind == argc ? 0 : -EINVAL;
}

static const char *backend_line(enum sev_backend_kind kind)
{
	return kind == SEV_BACKEND_SIM ? "sim (" TEST_KEYS ")" : "kvm (/dev/sev)";
}

static int platform_status(int argc, char **argv)
{
	struct sev_user_data_status st;
	uint8_t id[SEV_PLATFORM_ID_MAX];
	char hex[2 * SEV_PLATFORM_ID_MAX + 1];
	enum sev_backend_kind kind;
	struct sev_platform p;
	struct err e = { 0 };
	size_t id_len = 0;
	int r;

	if (parse(argc, argv, false, NULL, &kind))
		return usage("status: bad arguments");
	r = sev_platform_open(&p, kind, "/dev/sev", &e);
	if (r)
		return cmd_fail("platform", &e);
	r = sev_platform_status(&p, &st, &e);
	if (!r)
		r = sev_platform_get_id(&p, id, &id_len, &e);
	sev_platform_close(&p);
	if (r)
		return cmd_fail("platform", &e);
	printf("platform:     %s\n", backend_line(kind));
	printf("API version:  %u.%u\n", st.api_major, st.api_minor);
	printf("build:        %u\n", st.build);
	printf("state:        %s (%u)\n", sev_platform_state_name(st.state), st.state);
	printf("flags:        %#x (SEV-ES %s, owner %s)\n", st.flags,
	       st.flags & 0x100 ? "configured" : "not configured",
	       st.flags & 1 ? "external" : "self");
	printf("guests:       %u\n", st.guest_count);
	printf("ID (%zu bytes): %s\n", id_len, sev_hex(id, id_len, hex));
	return 0;
}

static int write_file(const char *dir, const char *name, const void *data, size_t len,
		      struct err *e)
{
	char path[4096];
	bool written;
	int saved = 0;
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return err_set(e, ENAMETOOLONG, "%s: path too long", dir);
	f = fopen(path, "we");
	if (!f)
		return err_sys(e, errno, "%s", path);
	/* fclose() frees @f whatever it returns: it is called once, last. */
	written = fwrite(data, 1, len, f) == len && !fflush(f);
	if (!written)
		saved = errno ? errno : EIO;
	if (fclose(f) && written) {
		written = false;
		saved = errno;
	}
	if (!written)
		return err_sys(e, saved, "%s: write", path);
	printf("  %s (%zu bytes)\n", path, len);
	return 0;
}

static int platform_export(int argc, char **argv)
{
	struct sev_chain_certs *c = calloc(1, sizeof(*c));
	const char *dir = NULL;
	enum sev_backend_kind kind;
	struct sev_platform p;
	struct err e = { 0 };
	bool have_amd = false;
	char b64path[4096];
	int r, i;

	if (!c)
		return EXIT_ERROR;
	if (parse(argc, argv, true, &dir, &kind)) {
		free(c);
		return usage("export: give DIR");
	}
	r = sev_platform_open(&p, kind, "/dev/sev", &e);
	if (!r) {
		r = sev_platform_export(&p, c, &have_amd, &e);
		sev_platform_close(&p);
	}
	if (!r && mkdir(dir, 0755) < 0 && errno != EEXIST)
		r = err_sys(&e, errno, "%s", dir);
	if (r)
		goto out;
	printf("certificates of %s:\n", backend_line(kind));
	for (i = SEV_CHAIN_CEK; !r && i < SEV_CHAIN_NR; i++)
		r = write_file(dir, file_names[i], c->sev[i], SEV_CERT_SIZE, &e);
	for (i = 0; !r && have_amd && i < 2; i++)
		r = write_file(dir, file_names[i], c->amd[i], c->amd_len[i], &e);
	if (!r && (size_t)snprintf(b64path, sizeof(b64path), "%s/pdh.b64", dir) >= sizeof(b64path))
		r = err_set(&e, ENAMETOOLONG, "%s: path too long", dir);
	if (!r)
		r = sev_write_base64(b64path, c->sev[SEV_CHAIN_PDH], SEV_CERT_SIZE, 0, &e);
	if (r)
		goto out;
	printf("  %s (the PDH in base64, for `sevvm owner session --pdh`)\n", b64path);
	if (kind == SEV_BACKEND_SIM)
		printf("these are " TEST_KEYS ": never trust a guest launched with them\n");
	else
		printf("ark.cert and ask.cert: AMD publishes them for each product (AMD's key "
		       "distribution server); sevvm has no network code: fetch them into %s\n",
		       dir);
out:
	free(c);
	return r ? cmd_fail("platform", &e) : 0;
}

/* Reads DIR/NAME (at most @max bytes). */
static int read_cert(const char *dir, const char *name, uint8_t *buf, size_t max, size_t *len,
		     struct err *e)
{
	char path[4096];
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return err_sys(e, errno, "%s", path);
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		fclose(f);
		return err_set(e, EINVAL, "%s: not a certificate file of at most %zu bytes", path,
			       max);
	}
	*len = fread(buf, 1, max, f);
	fclose(f);
	return 0;
}

static int platform_verify(int argc, char **argv)
{
	struct sev_chain_certs *c = calloc(1, sizeof(*c));
	enum sev_backend_kind kind;
	struct sev_chain view;
	const char *dir = NULL;
	struct err e = { 0 };
	uint8_t ark_id[16];
	char hex[33];
	size_t len = 0;
	int r = 0, i;

	if (!c)
		return EXIT_ERROR;
	if (parse(argc, argv, true, &dir, &kind) || kind != SEV_BACKEND_KVM) {
		free(c);
		return usage("verify: give DIR (the files of `sevvm platform export`)");
	}
	sev_chain_certs_view(c, &view);
	for (i = 0; !r && i < SEV_CHAIN_NR; i++) {
		bool amd = i < SEV_CHAIN_CEK;

		r = read_cert(dir, file_names[i], amd ? c->amd[i] : c->sev[i],
			      amd ? AMD_CERT_MAX : SEV_CERT_SIZE, &len, &e);
		view.len[i] = len;
	}
	if (r) {
		free(c);
		return cmd_fail("platform", &e);
	}
	r = sev_chain_verify(&view, ark_id, &e);
	free(c);
	if (r) {
		printf("chain invalid: %s\n", e.msg);
		return 1;
	}
	if (sev_backend_sim_is_test_ark(ark_id))
		printf("chain valid — " TEST_KEYS " (ARK key id \"%.14s\")\n",
		       (const char *)ark_id);
	else
		printf("chain valid up to the ARK with key id %s: compare that ARK with the one "
		       "AMD publishes for the product; sevvm ships no AMD root\n",
		       sev_hex(ark_id, 16, hex));
	return 0;
}

int cmd_platform(int argc, char **argv)
{
	static const struct command subs[] = {
		{ .name = "status", .main = platform_status },
		{ .name = "export", .main = platform_export },
		{ .name = "verify", .main = platform_verify },
	};

	return command_dispatch("platform", platform_usage, subs, 3, argc, argv);
}

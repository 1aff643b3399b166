// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm platform`: PLATFORM_STATUS, PDH_CERT_EXPORT and GET_ID2 on
 * /dev/sev or the software model, and `verify`, which checks a chain
 * exported to files with OpenSSL, offline, up to AMD's root embedded in
 * sevvm, an owner's --ark, or with --allow-test-root the model's TEST root
 * (sev/chain_trust.h). The model's chain is TEST KEYS and every line about
 * it says so.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sev/chain_trust.h"
#include "sev/launch_log.h"
#include "sev/platform.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/options.h"
#include "vmm/vm.h"

#define TEST_KEYS	"TEST KEYS of sevvm's software model, not AMD's"

static const char platform_usage[] =
"usage: sevvm platform status [--sev-backend kvm|sim]\n"
"       sevvm platform export DIR [--sev-backend kvm|sim]\n"
"       sevvm platform verify DIR [--product NAME | --ark FILE] [--allow-test-root]\n";

static int usage(const char *what)
{
	return cmd_usage_error("platform", platform_usage, "%s", what);
}

/* Options: [DIR], --sev-backend, and (verify: @trust) the chain's root. */
static int parse(int argc, char **argv, bool want_dir, const char **dir,
		 enum sev_backend_kind *kind, struct sev_trust_opts *trust)
{
	static const struct option opts[] = {
		{ "sev-backend", required_argument, NULL, 'b' },
		{ "product", required_argument, NULL, 'p' },
		{ "ark", required_argument, NULL, 'a' },
		{ "allow-test-root", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*kind = SEV_BACKEND_KVM;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'b') {
			if (parse_sev_backend(optarg, kind))
				return -EINVAL;
		} else if (c == 'p' && trust)
			trust->product = optarg;
		else if (c == 'a' && trust)
			trust->ark_path = optarg;
		else if (c == 't' && trust)
			trust->allow_test_root = true;
		else
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

	if (parse(argc, argv, false, NULL, &kind, NULL))
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
	int r, i;

	if (!c)
		return EXIT_ERROR;
	if (parse(argc, argv, true, &dir, &kind, NULL)) {
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
		r = write_file(dir, sev_chain_files[i], c->sev[i], SEV_CERT_SIZE, &e);
	for (i = 0; !r && have_amd && i < 2; i++)
		r = write_file(dir, sev_chain_files[i], c->amd[i], c->amd_len[i], &e);
	if (r)
		goto out;
	if (kind == SEV_BACKEND_SIM)
		printf("these are " TEST_KEYS ": never trust a guest launched with them\n");
	else
		printf("no ark.cert or ask.cert: sevvm embeds AMD's, and `sevvm platform verify "
		       "%s` ends the chain at them\n", dir);
out:
	free(c);
	return r ? cmd_fail("platform", &e) : 0;
}

static int platform_verify(int argc, char **argv)
{
	struct sev_trust_opts trust = { 0 };
	struct sev_trust_result res;
	enum sev_backend_kind kind;
	const char *dir = NULL;
	struct err e = { 0 };
	char line[512];
	unsigned int i;
	int r;

	if (parse(argc, argv, true, &dir, &kind, &trust) || kind != SEV_BACKEND_KVM)
		return usage("verify: give DIR (the files of `sevvm platform export`)");
	r = sev_chain_verify_dir(dir, &trust, &res, &e);
	if (r < 0)
		return cmd_fail("platform", &e);
	for (i = 0; i < res.nr_notes; i++)
		printf("note: %s\n", res.notes[i]);
	if (r) {
		printf("chain invalid: %s\n", e.msg);
		return 1;
	}
	printf("%s\n", sev_trust_describe(&res, line, sizeof(line)));
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

// SPDX-License-Identifier: GPL-2.0
/*
 * `sevvm owner`: the guest owner's three steps of an SEV launch.
 *   session  the GODH certificate and session blob for LAUNCH_START, with
 *            the TEK and TIK they carry (sev-reference Part C 2.3), for the
 *            PDH of a chain verified up to its root (sev/chain_trust.h);
 *   verify   the expected LAUNCH_MEASURE (55766 6.5) of a launch digest,
 *            given or computed like `sevvm measure`, against the actual one;
 *   secret   the LAUNCH_SECRET header and encrypted EFI secret table (6.6).
 * Files use the formats QEMU, libvirt and sevctl use: certificates, sessions,
 * secret headers and payloads in base64; TEK and TIK as 16 raw bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sev/blob.h"
#include "sev/chain_trust.h"
#include "sev/crypto.h"
#include "sev/launch_log.h"
#include "vmm/util/le.h"
#include "sev/owner.h"
#include "vmm/cmd/command.h"
#include "vmm/cmd/launch_options.h"
#include "vmm/cmd/measure.h"
#include "vmm/cmd/options.h"

#define OWNER_SECRETS_MAX	64
#define OWNER_TABLE_MAX		(16u * 1024)	/* SEV_FW_BLOB_MAX_SIZE */
#define OWNER_SECRET_FILE_MAX	(OWNER_TABLE_MAX - 48)

/* "sevvm owner: MSG" and the usage on stderr; returns EXIT_ERROR. */
#define usage_error(...)	cmd_usage_error("owner", owner_usage, __VA_ARGS__)

static const char owner_usage[] =
"usage: sevvm owner session --chain DIR --policy P [--product NAME | --ark FILE]\n"
"                           [--allow-test-root] [--out DIR]\n"
"       sevvm owner verify --measurement M --tik F --api MAJ.MIN --build N --policy P\n"
"                          (--digest D | the options of `sevvm measure`)\n"
"       sevvm owner secret --tek F --tik F --measurement M --secret GUID:FILE...\n"
"                          [--out DIR]\n";

/* "DIR/name" into @buf. */
static int out_path(char *buf, size_t size, const char *dir, const char *name, struct err *e)
{
	if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size)
		return err_set(e, ENAMETOOLONG, "--out %s: path too long", dir);
	return 0;
}

/*
 * The LAUNCH_MEASURE blob, MEASURE[32] || MNONCE[16], in base64 (as
 * sevctl's --launch-measure-blob and virt-qemu-sev-validate's --measurement
 * take it), given as the text itself or as a file holding it.
 */
static int read_measurement(const char *arg, uint8_t blob[48], struct err *e)
{
	struct stat st;

	if (!sev_base64_decode_exact(arg, blob, 48))
		return 0;
	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode))
		return sev_read_raw_or_base64(arg, "--measurement", 48, blob, e);
	return err_set(e, EINVAL, "--measurement '%.80s': expected the 48-byte launch measure "
		       "blob (MEASURE || MNONCE) in base64, or a file holding it", arg);
}

/* ---- owner session ---------------------------------------------------- */

static int owner_session(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chain", required_argument, NULL, 'c' },
		{ "product", required_argument, NULL, 'p' },
		{ "ark", required_argument, NULL, 'a' },
		{ "allow-test-root", no_argument, NULL, 't' },
		{ "pdh", required_argument, NULL, 'd' },
		{ "policy", required_argument, NULL, 'P' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *chain = NULL, *dir = ".";
	struct sev_trust_opts trust = { 0 };
	struct sev_trust_result *res;
	struct sev_owner_session s;
	char path[4][4096], line[512];
	bool policy_set = false;
	struct err e = { 0 };
	uint32_t policy = 0;
	unsigned int i;
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': chain = optarg; break;
		case 'p': trust.product = optarg; break;
		case 'a': trust.ark_path = optarg; break;
		case 't': trust.allow_test_root = true; break;
		case 'd':
			return usage_error("--pdh: the PDH comes from the verified chain: give "
					   "--chain DIR (with DIR/pdh.cert)");
		case 'o': dir = optarg; break;
		case 'P':
			if (parse_u32(optarg, &policy))
				return usage_error("--policy '%s': expected a 32-bit number",
						   optarg);
			policy_set = true;
			break;
		default:
			return usage_error("session: bad option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("session: unexpected argument '%s'", argv[optind]);
	if (!chain || !policy_set)
		return usage_error("session: give --chain DIR and --policy P");
	res = malloc(sizeof(*res));
	if (!res)
		return EXIT_ERROR;
	r = sev_chain_verify_dir(chain, &trust, res, &e);
	for (i = 0; r >= 0 && i < res->nr_notes; i++)
		printf("note: %s\n", res->notes[i]);
	if (r > 0)
		err_prefix(&e, "--chain %s: chain invalid: ", chain);
	if (!r) {
		printf("%s\n", sev_trust_describe(res, line, sizeof(line)));
		r = sev_owner_session_new(res->pdh, sizeof(res->pdh), policy, NULL, NULL, &s, &e);
		if (r)
			err_prefix(&e, "--chain %s: pdh.cert: ", chain);
	}
	free(res);
	if (r)
		return cmd_fail("owner", &e);
	r = out_path(path[0], sizeof(path[0]), dir, "tek.bin", &e);
	if (!r)
		r = out_path(path[1], sizeof(path[1]), dir, "tik.bin", &e);
	if (!r)
		r = out_path(path[2], sizeof(path[2]), dir, "godh.b64", &e);
	if (!r)
		r = out_path(path[3], sizeof(path[3]), dir, "session.b64", &e);
	if (!r)
		r = sev_write_private(path[0], s.tek, sizeof(s.tek), &e);
	if (!r)
		r = sev_write_private(path[1], s.tik, sizeof(s.tik), &e);
	if (!r)
		r = sev_write_base64(path[2], s.godh, sizeof(s.godh), 0, &e);
	if (!r)
		r = sev_write_base64(path[3], s.session, sizeof(s.session), 0, &e);
	sev_owner_session_wipe(&s);
	if (r)
		return cmd_fail("owner", &e);
	printf("session for policy %#x: TEK %s, TIK %s (mode 0600), GODH certificate %s, "
	       "session %s\n", policy, path[0], path[1], path[2], path[3]);
	return 0;
}

/* ---- owner verify ----------------------------------------------------- */

struct verify_args {
	const char *measurement, *digest, *tik;
	int nfwd;
	char **fwd;		/* "measure" and the remaining options */
};

/* Takes --measurement, --digest and --tik; the rest goes to `measure`'s parser. */
static int split_verify_args(int argc, char **argv, struct verify_args *v)
{
	static const char *const mine[] = { "--measurement", "--digest", "--tik" };
	int i, k;

	v->fwd = calloc((size_t)argc + 3, sizeof(*v->fwd));
	if (!v->fwd)
		return -ENOMEM;
	v->fwd[v->nfwd++] = (char *)"measure";
	for (i = 1; i < argc; i++) {
		const char **slot[] = { &v->measurement, &v->digest, &v->tik };
		bool taken = false;

		for (k = 0; k < 3; k++) {
			size_t n = strlen(mine[k]);

			if (!strcmp(argv[i], mine[k])) {
				if (i + 1 >= argc)
					return -EINVAL;
				*slot[k] = argv[++i];
				taken = true;
			} else if (!strncmp(argv[i], mine[k], n) && argv[i][n] == '=') {
				*slot[k] = argv[i] + n + 1;
				taken = true;
			}
		}
		if (!taken)
			v->fwd[v->nfwd++] = argv[i];
	}
	return 0;
}

/* --digest D: 64 hex digits (as `sevvm measure` prints) or base64. */
static int parse_digest(const char *s, uint8_t out[32])
{
	if (strlen(s) == 64)
		return parse_hex(s, out, 32);
	return sev_base64_decode_exact(s, out, 32);
}

/* With --digest, only the platform's and the guest's parameters remain. */
static int digest_params(struct verify_args *v, struct launch_options *o, struct err *e)
{
	static const struct option opts[] = {
		{ "api", required_argument, NULL, 'a' },
		{ "build", required_argument, NULL, 'b' },
		{ "policy", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct measure_config *m = &o->measure;
	uint32_t n;
	int c;

	*o = (struct launch_options){ .vm = { .ncpus = 1 } };
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(v->nfwd, v->fwd, "", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_api_version(optarg, &m->api_major, &m->api_minor))
				return err_set(e, EINVAL, "--api '%s': expected MAJOR.MINOR",
					       optarg);
			m->api_set = true;
			break;
		case 'b':
			if (parse_u32(optarg, &n) || n > 255)
				return err_set(e, EINVAL, "--build '%s': expected 0..255", optarg);
			m->build = (uint8_t)n;
			m->build_set = true;
			break;
		case 'p':
			if (parse_u32(optarg, &o->vm.sev.policy))
				return err_set(e, EINVAL, "--policy '%s': expected a 32-bit number",
					       optarg);
			o->vm.sev.policy_set = true;
			break;
		default:
			return err_set(e, EINVAL, "verify --digest: '%s' is not one of --api, "
				       "--build, --policy (the launch's options compute the digest "
				       "instead of --digest)", v->fwd[optind - 1]);
		}
	}
	if (optind < v->nfwd)
		return err_set(e, EINVAL, "verify: unexpected argument '%s'", v->fwd[optind]);
	return 0;
}

/* The expected launch digest: --digest, or computed as `sevvm measure` does. */
static int verify_config(struct verify_args *v, struct launch_options *o, uint8_t digest[32],
			 struct err *e)
{
	int r;

	if (v->digest) {
		r = digest_params(v, o, e);
		if (!r && parse_digest(v->digest, digest))
			r = err_set(e, EINVAL, "--digest '%.80s': expected 64 hex digits or base64 "
				    "of 32 bytes", v->digest);
	} else {
		r = launch_options_parse(v->nfwd, v->fwd, LAUNCH_MEASURE, o, e);
		if (r > 0)
			r = err_set(e, EINVAL, "verify: for help, see `sevvm owner --help`");
	}
	if (r < 0)
		return r;
	if (!o->measure.api_set || !o->measure.build_set || !o->vm.sev.policy_set)
		return err_set(e, EINVAL, "verify: give --api, --build and --policy");
	return v->digest ? 0 : sevvm_measure(&o->vm, &o->measure, NULL, digest, e);
}

static int owner_verify(int argc, char **argv)
{
	struct verify_args v = { 0 };
	struct launch_options cfg;
	struct err e = { 0 };
	uint8_t blob[48], digest[32], tik[16], want[32];
	char h1[65], h2[65], h3[65];
	int r;

	if (split_verify_args(argc, argv, &v)) {
		free(v.fwd);
		return usage_error("verify: %s needs an argument", argv[argc - 1]);
	}
	if (!v.measurement || !v.tik) {
		free(v.fwd);
		return usage_error("verify: give --measurement M and --tik F");
	}
	r = read_measurement(v.measurement, blob, &e);
	if (!r)
		r = verify_config(&v, &cfg, digest, &e);
	free(v.fwd);
	if (!r)
		r = sev_read_exact(v.tik, "--tik", tik, sizeof(tik), &e);
	if (r)
		return cmd_fail("owner", &e);
	/* MEASURE = HMAC(TIK, 0x04 || maj || min || build || policy || LD || MNONCE). */
	r = sev_measurement(tik, cfg.measure.api_major, cfg.measure.api_minor, cfg.measure.build,
			    cfg.vm.sev.policy, digest, blob + 32, want);
	OPENSSL_cleanse(tik, sizeof(tik));
	if (r) {
		err_set(&e, EIO, "verify: HMAC failed");
		return cmd_fail("owner", &e);
	}
	sev_hex(want, 32, h1);
	sev_hex(blob, 32, h2);
	sev_hex(digest, 32, h3);
	if (CRYPTO_memcmp(want, blob, 32)) {
		printf("mismatch: expected measurement %s, actual %s (launch digest %s, API %u.%u "
		       "build %u, policy %#x)\n", h1, h2, h3, cfg.measure.api_major,
		       cfg.measure.api_minor, cfg.measure.build, cfg.vm.sev.policy);
		return 1;
	}
	printf("match: measurement %s (launch digest %s, API %u.%u build %u, policy %#x)\n", h1,
	       h3, cfg.measure.api_major, cfg.measure.api_minor, cfg.measure.build, cfg.vm.sev.policy);
	return 0;
}

/* ---- owner secret ----------------------------------------------------- */

struct secret_files {
	struct sev_secret_entry ents[OWNER_SECRETS_MAX];
	uint8_t *bufs[OWNER_SECRETS_MAX];
	size_t nr;
};

static void secret_files_free(struct secret_files *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++) {
		if (f->bufs[i])
			OPENSSL_cleanse(f->bufs[i], f->ents[i].len);
		free(f->bufs[i]);
	}
	f->nr = 0;
}

/* "GUID:FILE": the file's bytes under that GUID. */
static int secret_file_add(struct secret_files *f, const char *arg, struct err *e)
{
	const char *path = strchr(arg, ':');
	struct sev_secret_entry *en;
	char guid[37];
	size_t n;
	int r;

	if (f->nr == OWNER_SECRETS_MAX)
		return err_set(e, EINVAL, "--secret: at most %d secrets", OWNER_SECRETS_MAX);
	if (!path || path - arg != 36)
		return err_set(e, EINVAL, "--secret '%.80s': expected GUID:FILE", arg);
	memcpy(guid, arg, 36);
	guid[36] = 0;
	en = &f->ents[f->nr];
	if (sev_guid_parse(guid, en->guid))
		return err_set(e, EINVAL, "--secret '%.80s': '%s' is not a GUID", arg, guid);
	path++;
	f->bufs[f->nr] = malloc(OWNER_SECRET_FILE_MAX);
	if (!f->bufs[f->nr])
		return err_set(e, ENOMEM, "--secret %s", path);
	r = sev_read_private(path, "--secret", f->bufs[f->nr], OWNER_SECRET_FILE_MAX, &n, e);
	if (r) {
		free(f->bufs[f->nr]);
		f->bufs[f->nr] = NULL;
		return r;
	}
	en->data = f->bufs[f->nr];
	en->len = n;
	f->nr++;
	return 0;
}

static int owner_secret(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tek", required_argument, NULL, 'e' },
		{ "tik", required_argument, NULL, 'i' },
		{ "measurement", required_argument, NULL, 'm' },
		{ "secret", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tek_path = NULL, *tik_path = NULL, *meas = NULL, *dir = ".";
	struct secret_files files = { .nr = 0 };
	uint8_t tek[16], tik[16], blob[48], hdr[SEV_OWNER_SECRET_HDR], sum[32];
	uint8_t *table = NULL, *trans = NULL;
	char hpath[4096], spath[4096], hex[65];
	struct err e = { 0 };
	size_t len = 0;
	int c, r = 0;

	optind = 1;
	opterr = 0;
	while (!r && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'e': tek_path = optarg; break;
		case 'i': tik_path = optarg; break;
		case 'm': meas = optarg; break;
		case 'o': dir = optarg; break;
		case 's': r = secret_file_add(&files, optarg, &e); break;
		default:
			secret_files_free(&files);
			return usage_error("secret: bad option '%s'", argv[optind - 1]);
		}
	}
	if (r)
		goto out;
	if (optind < argc || !tek_path || !tik_path || !meas || !files.nr) {
		secret_files_free(&files);
		return usage_error("secret: give --tek F --tik F --measurement M and at least one "
				   "--secret GUID:FILE");
	}
	r = read_measurement(meas, blob, &e);
	if (!r)
		r = sev_read_exact(tek_path, "--tek", tek, sizeof(tek), &e);
	if (!r)
		r = sev_read_exact(tik_path, "--tik", tik, sizeof(tik), &e);
	if (!r)
		r = sev_secret_table(files.ents, files.nr, &table, &len, &e);
	/* sevvm run, like KVM, takes LAUNCH_SECRET data of at most 16 KiB. */
	if (!r && len > OWNER_TABLE_MAX)
		r = err_set(&e, EFBIG, "secret: the table is %zu bytes, more than the %u a "
			    "launch takes", len, OWNER_TABLE_MAX);
	if (!r && !(trans = malloc(len)))
		r = err_set(&e, ENOMEM, "secret: %zu bytes", len);
	if (!r)
		r = sev_secret_package(tek, tik, blob, table, len, NULL, NULL, hdr, trans, &e);
	if (!r)
		r = out_path(hpath, sizeof(hpath), dir, "secret_header.b64", &e);
	if (!r)
		r = out_path(spath, sizeof(spath), dir, "secret.b64", &e);
	if (!r)
		r = sev_write_base64(hpath, hdr, sizeof(hdr), 0, &e);
	if (!r)
		r = sev_write_base64(spath, trans, len, 0, &e);
	/*
	 * The line sevvm's firmware prints for the table it finds: size is the
	 * table's own length field, the SHA-256 is over those bytes (without
	 * the padding to 16 bytes).
	 */
	if (!r && !sev_sha256(table, get_le32(table + SEV_GUID_LEN), sum))
		printf("secret table GUID %s size %u sha256 %s (%zu secret%s, padded to %zu "
		       "bytes; header %s, payload %s)\n", SEV_SECRET_TABLE_GUID,
		       get_le32(table + SEV_GUID_LEN), sev_hex(sum, 32, hex), files.nr,
		       files.nr == 1 ? "" : "s", len, hpath, spath);
out:
	OPENSSL_cleanse(tek, sizeof(tek));
	OPENSSL_cleanse(tik, sizeof(tik));
	if (table)
		OPENSSL_cleanse(table, len);
	free(table);
	free(trans);
	secret_files_free(&files);
	return r ? cmd_fail("owner", &e) : 0;
}

int cmd_owner(int argc, char **argv)
{
	static const struct command subs[] = {
		{ .name = "session", .main = owner_session },
		{ .name = "verify", .main = owner_verify },
		{ .name = "secret", .main = owner_secret },
	};

	return command_dispatch("owner", owner_usage, subs, 3, argc, argv);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The chain's root: AMD's embedded ARK of the product, the owner's --ark,
 * or (when allowed) the model's TEST root; see sev/chain_trust.h. Every
 * decision compares whole certificates or verifies signatures; a key id is
 * only ever used to word a message.
 */
#include "sev/chain_trust.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sev/amd_roots.h"
#include "sev/backend.h"
#include "sev/crypto.h"
#include "sev/launch_log.h"

const char *const sev_chain_files[SEV_CHAIN_NR] = {
	"ark.cert", "ask.cert", "cek.cert", "oca.cert", "pek.cert", "pdh.cert",
};

/* The chain as read from DIR; ark.cert and ask.cert may be missing. */
struct chain_dir {
	struct sev_chain_certs c;
	struct sev_chain view;
	bool have[SEV_CHAIN_NR];
	uint8_t owner_ark[AMD_CERT_MAX];
	size_t owner_ark_len;
};

int sev_chain_file_read(const char *path, uint8_t *buf, size_t max, size_t *len,
			struct err *e)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, errno, "%s", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		r = err_set(e, EINVAL, "%s: not a certificate file of at most %zu bytes", path,
			    max);
		goto out;
	}
	while (got < max) {
		n = read(fd, buf + got, max - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = err_sys(e, errno, "%s", path);
			goto out;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	*len = got;
out:
	close(fd);
	return r;
}

static int read_dir(const char *dir, struct chain_dir *d, struct err *e)
{
	char path[4096];
	int i, r;

	sev_chain_certs_view(&d->c, &d->view);
	for (i = 0; i < SEV_CHAIN_NR; i++) {
		bool amd = i < SEV_CHAIN_CEK;

		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, sev_chain_files[i]) >=
		    sizeof(path))
			return err_set(e, ENAMETOOLONG, "%s: path too long", dir);
		/* AMD publishes the ARK and ASK; the roots sevvm embeds replace them. */
		if (amd && access(path, F_OK) < 0 && errno == ENOENT) {
			d->view.len[i] = 0;
			continue;
		}
		r = sev_chain_file_read(path, amd ? d->c.amd[i] : d->c.sev[i],
					amd ? AMD_CERT_MAX : SEV_CERT_SIZE, &d->view.len[i], e);
		if (r)
			return r;
		d->have[i] = true;
	}
	return 0;
}

static void note(struct sev_trust_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct sev_trust_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->nr_notes == SEV_TRUST_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(res->notes[res->nr_notes++], SEV_TRUST_NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* DIR's ARK or ASK (@i), when present and not byte for byte @ref, is reported and ignored. */
static void note_differs(struct sev_trust_result *res, const struct chain_dir *d,
			 enum sev_chain_idx i, const uint8_t *ref, size_t ref_len, const char *what)
{
	if (d->have[i] && (d->view.len[i] != ref_len || memcmp(d->view.cert[i], ref, ref_len)))
		note(res, "%s differs from %s: ignored", sev_chain_files[i], what);
}

/* The chain of DIR with @ark and @ask in place of DIR's; on success *res says where it ends. */
static int verify_with(const struct chain_dir *d, const uint8_t *ark, size_t ark_len,
		       const uint8_t *ask, size_t ask_len, struct sev_trust_result *res,
		       struct err *e)
{
	struct sev_chain view = d->view;
	int r;

	view.cert[SEV_CHAIN_ARK] = ark;
	view.len[SEV_CHAIN_ARK] = ark_len;
	view.cert[SEV_CHAIN_ASK] = ask;
	view.len[SEV_CHAIN_ASK] = ask_len;
	r = sev_chain_verify(&view, res->ark_id, e);
	if (r)
		return r;
	if (sev_sha256(ark, ark_len, res->ark_sha256))
		return err_set(e, EIO, "ARK: SHA-256 failed");
	memcpy(res->pdh, d->c.sev[SEV_CHAIN_PDH], SEV_CERT_SIZE);
	return 0;
}

static int amd_chain(const struct chain_dir *d, const struct amd_root *root,
		     struct sev_trust_result *res, struct err *e)
{
	char what[64];
	int r;

	snprintf(what, sizeof(what), "AMD's %s ARK embedded in sevvm", root->name);
	note_differs(res, d, SEV_CHAIN_ARK, root->ark, root->ark_len, what);
	snprintf(what, sizeof(what), "AMD's %s ASK embedded in sevvm", root->name);
	note_differs(res, d, SEV_CHAIN_ASK, root->ask, root->ask_len, what);
	r = verify_with(d, root->ark, root->ark_len, root->ask, root->ask_len, res, e);
	if (r) {
		err_prefix(e, "up to AMD's %s root: ", root->name);
		return r;
	}
	res->root = SEV_ROOT_AMD;
	res->product = root->name;
	return 0;
}

static bool is_test_root(const uint8_t *ark, size_t len)
{
	return len >= AMD_CERT_OFF_KEY_ID + 16 &&
	       sev_backend_sim_is_test_ark(ark + AMD_CERT_OFF_KEY_ID);
}

static int test_root_refused(struct err *e)
{
	return err_set(e, EPERM, "ARK: the chain ends at the TEST root of sevvm's software model "
		       "(TEST KEYS, not AMD's), which proves nothing about a platform; "
		       "--allow-test-root accepts it for testing");
}

static int owner_chain(const struct chain_dir *d, const struct sev_trust_opts *o,
		       struct sev_trust_result *res, struct err *e)
{
	bool test = is_test_root(d->owner_ark, d->owner_ark_len);
	int r;

	if (test && !o->allow_test_root)
		return test_root_refused(e);
	if (!d->have[SEV_CHAIN_ASK])
		return err_set(e, ENOENT, "ASK: no ask.cert in the chain's directory, the ASK "
			       "that --ark %s signs", o->ark_path);
	note_differs(res, d, SEV_CHAIN_ARK, d->owner_ark, d->owner_ark_len, "--ark's root");
	r = verify_with(d, d->owner_ark, d->owner_ark_len, d->view.cert[SEV_CHAIN_ASK],
			d->view.len[SEV_CHAIN_ASK], res, e);
	if (r) {
		err_prefix(e, "up to --ark %s: ", o->ark_path);
		return r;
	}
	res->root = test ? SEV_ROOT_TEST : SEV_ROOT_OWNER;
	res->ark_path = o->ark_path;
	return 0;
}

/* The product whose ARK signed DIR's ASK; -ENOENT if none. */
static int product_of_ask(const struct chain_dir *d, struct amd_root *root)
{
	const uint8_t *ask = d->view.cert[SEV_CHAIN_ASK];
	struct err ignored = { 0 };
	unsigned int i;

	for (i = 0; !amd_root_get(i, root); i++) {
		if (!amd_cert_pair_verify(root->ark, root->ark_len, ask, d->view.len[SEV_CHAIN_ASK],
					  &ignored))
			return 0;
	}
	return -ENOENT;
}

/* Without ask.cert: the product whose ARK and ASK verify the whole chain. */
static int product_of_chain(const struct chain_dir *d, struct sev_trust_result *res,
			    struct err *e)
{
	struct err ignored = { 0 };
	struct amd_root root;
	unsigned int i;

	for (i = 0; !amd_root_get(i, &root); i++) {
		if (!verify_with(d, root.ark, root.ark_len, root.ask, root.ask_len, res, &ignored))
			return amd_chain(d, &root, res, e);
	}
	return err_set(e, EBADMSG, "CEK: not signed by AMD's ASK of any product sevvm embeds "
		       "(%s), and the chain's directory has no ask.cert: the chain does not end "
		       "at AMD's root (--product NAME shows where it fails against one; --ark "
		       "FILE names an owner's own trusted root)", amd_root_products());
}

/* DIR's ARK claims the key id of one of AMD's, but is not that certificate. */
static const char *impostor_of(const struct chain_dir *d)
{
	const uint8_t *ark = d->view.cert[SEV_CHAIN_ARK];
	struct amd_root root;
	unsigned int i;

	if (!d->have[SEV_CHAIN_ARK] || d->view.len[SEV_CHAIN_ARK] < AMD_CERT_OFF_KEY_ID + 16)
		return NULL;
	for (i = 0; !amd_root_get(i, &root); i++) {
		if (!memcmp(ark + AMD_CERT_OFF_KEY_ID, root.ark + AMD_CERT_OFF_KEY_ID, 16) &&
		    (d->view.len[SEV_CHAIN_ARK] != root.ark_len ||
		     memcmp(ark, root.ark, root.ark_len)))
			return root.name;
	}
	return NULL;
}

static int auto_chain(const struct chain_dir *d, const struct sev_trust_opts *o,
		      struct sev_trust_result *res, struct err *e)
{
	const struct sev_chain *v = &d->view;
	const char *impostor;
	struct amd_root root;

	if (!d->have[SEV_CHAIN_ASK])
		return product_of_chain(d, res, e);
	if (!product_of_ask(d, &root))
		return amd_chain(d, &root, res, e);
	if (d->have[SEV_CHAIN_ARK] && is_test_root(v->cert[SEV_CHAIN_ARK], v->len[SEV_CHAIN_ARK])) {
		if (!o->allow_test_root)
			return test_root_refused(e);
		res->root = SEV_ROOT_TEST;
		return verify_with(d, v->cert[SEV_CHAIN_ARK], v->len[SEV_CHAIN_ARK],
				   v->cert[SEV_CHAIN_ASK], v->len[SEV_CHAIN_ASK], res, e);
	}
	impostor = impostor_of(d);
	if (impostor)
		note(res, "ark.cert carries the key id of AMD's %s ARK but is not that "
		     "certificate: ignored", impostor);
	return err_set(e, EBADMSG, "ASK: not signed by AMD's ARK of any product sevvm embeds "
		       "(%s): the chain does not end at AMD's root (--ark FILE names an "
		       "owner's own trusted root)", amd_root_products());
}

int sev_chain_verify_dir(const char *dir, const struct sev_trust_opts *o,
			 struct sev_trust_result *res, struct err *e)
{
	struct chain_dir *d;
	struct amd_root root;
	int r;

	memset(res, 0, sizeof(*res));
	if (o->product && o->ark_path)
		return err_set(e, EINVAL, "--product and --ark: give one root, not both");
	if (o->product && amd_root_find(o->product, &root))
		return err_set(e, EINVAL, "--product '%.32s': sevvm embeds the roots of %s",
			       o->product, amd_root_products());
	d = calloc(1, sizeof(*d));
	if (!d)
		return err_set(e, ENOMEM, "chain: out of memory");
	r = read_dir(dir, d, e);
	if (!r && o->ark_path)
		r = sev_chain_file_read(o->ark_path, d->owner_ark, sizeof(d->owner_ark),
					&d->owner_ark_len, e);
	if (r)
		goto out;
	if (o->ark_path)
		r = owner_chain(d, o, res, e);
	else if (o->product)
		r = amd_chain(d, &root, res, e);
	else
		r = auto_chain(d, o, res, e);
	if (r)
		r = SEV_TRUST_INVALID;
out:
	free(d);
	if (r)
		memset(res->pdh, 0, sizeof(res->pdh));
	return r;
}

const char *sev_trust_describe(const struct sev_trust_result *res, char *buf, size_t len)
{
	char id[33], sum[65];

	sev_hex(res->ark_id, 16, id);
	sev_hex(res->ark_sha256, 32, sum);
	switch (res->root) {
	case SEV_ROOT_AMD:
		snprintf(buf, len, "chain valid up to AMD's %s ARK, embedded in sevvm (key id %s, "
			 "sha256 %s)", res->product, id, sum);
		break;
	case SEV_ROOT_OWNER:
		snprintf(buf, len, "chain valid up to the owner's root %s (key id %s, sha256 %s): "
			 "not AMD's; trusted because --ark names it", res->ark_path, id, sum);
		break;
	case SEV_ROOT_TEST:
		snprintf(buf, len, "chain valid up to the TEST root of sevvm's software model, "
			 "allowed by --allow-test-root: TEST KEYS, not AMD's; it proves nothing "
			 "about a platform");
		break;
	}
	return buf;
}

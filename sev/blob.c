// SPDX-License-Identifier: GPL-2.0
#include "sev/blob.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define B64_FILE_MAX	(1u << 20)

static int read_text(const char *path, const char *option, char **out, size_t *len,
		     struct err *e)
{
	struct stat st;
	char *buf;
	FILE *f = fopen(path, "re");

	if (!f)
		return err_sys(e, errno, "%s %s", option, path);
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > B64_FILE_MAX) {
		fclose(f);
		return err_set(e, EINVAL, "%s %s: not a regular file of at most %u bytes",
			       option, path, B64_FILE_MAX);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return err_set(e, ENOMEM, "%s %s", option, path);
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[*len] = 0;
	*out = buf;
	return 0;
}

int sev_read_base64(const char *path, const char *option, size_t max, uint8_t **out,
		    size_t *len, struct err *e)
{
	EVP_ENCODE_CTX *ctx = NULL;
	uint8_t *dec = NULL;
	char *text = NULL;
	size_t tlen = 0;
	int n = 0, fin = 0, r;

	r = read_text(path, option, &text, &tlen, e);
	if (r)
		return r;
	dec = malloc(tlen / 4 * 3 + 4);
	ctx = EVP_ENCODE_CTX_new();
	if (!dec || !ctx) {
		r = err_set(e, ENOMEM, "%s %s", option, path);
		goto out;
	}
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, dec, &n, (const unsigned char *)text, (int)tlen) < 0 ||
	    EVP_DecodeFinal(ctx, dec + n, &fin) < 0) {
		r = err_set(e, EINVAL, "%s %s: not base64 text", option, path);
		goto out;
	}
	*len = (size_t)n + (size_t)fin;
	if (!*len || *len > max) {
		r = err_set(e, EINVAL, "%s %s: decodes to %zu bytes, expected 1..%zu", option,
			    path, *len, max);
		goto out;
	}
	*out = dec;
	dec = NULL;
out:
	EVP_ENCODE_CTX_free(ctx);
	free(dec);
	free(text);
	return r;
}

/*
 * Keys go to a new file of mode 0600 made next to @path (O_EXCL, so never
 * an existing file or a symlink's target), then renamed over @path: an
 * existing file keeps neither its mode nor its owner, and a symlink at
 * @path is replaced, not followed.
 */
int sev_write_private(const char *path, const void *data, size_t len, struct err *e)
{
	char tmp[PATH_MAX];
	size_t done = 0;
	int fd, r = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return err_set(e, ENAMETOOLONG, "%s", path);
	fd = mkostemp(tmp, O_CLOEXEC);	/* mode 0600, O_EXCL */
	if (fd < 0)
		return err_sys(e, errno, "%s", path);
	while (!r && done < len) {
		ssize_t n = write(fd, (const uint8_t *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = err_sys(e, n < 0 ? errno : EIO, "%s: write", path);
		else
			done += (size_t)n;
	}
	if (!r && fsync(fd) < 0)
		r = err_sys(e, errno, "%s: fsync", path);
	if (close(fd) < 0 && !r)
		r = err_sys(e, errno, "%s: close", path);
	if (!r && rename(tmp, path) < 0)
		r = err_sys(e, errno, "%s", path);
	if (r)
		unlink(tmp);
	return r;
}

/* With read(2), so no stdio buffer keeps a copy of the key. */
int sev_read_private(const char *path, const char *option, void *buf, size_t max, size_t *len,
		     struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t done = 0;
	uint8_t extra;
	ssize_t n = 0;
	int saved;

	if (fd < 0)
		return err_sys(e, errno, "%s %s", option, path);
	while (done < max) {
		n = read(fd, (uint8_t *)buf + done, max - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	/* One byte more tells a file of exactly @max bytes from a longer one. */
	if (done == max)
		do {
			n = read(fd, &extra, 1);
		} while (n < 0 && errno == EINTR);
	saved = errno;
	close(fd);
	*len = done;
	if (n < 0 || n > 0) {
		OPENSSL_cleanse(buf, done);
		OPENSSL_cleanse(&extra, sizeof(extra));
		if (n < 0)
			return err_sys(e, saved, "%s %s: read", option, path);
		return err_set(e, EFBIG, "%s %s: more than %zu bytes", option, path, max);
	}
	return 0;
}

int sev_read_exact(const char *path, const char *option, void *buf, size_t len, struct err *e)
{
	size_t got;
	int r = sev_read_private(path, option, buf, len, &got, e);

	if (r == -EFBIG || (!r && got != len)) {
		OPENSSL_cleanse(buf, len);
		return err_set(e, EINVAL, "%s %s: expected exactly %zu bytes", option, path, len);
	}
	return r;
}

int sev_read_raw_or_base64(const char *path, const char *option, size_t raw_len,
			   uint8_t *out, struct err *e)
{
	struct stat st;
	uint8_t *dec = NULL;
	size_t len = 0;
	int r;

	if (stat(path, &st) < 0)
		return err_sys(e, errno, "%s %s", option, path);
	if (S_ISREG(st.st_mode) && (size_t)st.st_size == raw_len)
		return sev_read_exact(path, option, out, raw_len, e);
	r = sev_read_base64(path, option, raw_len, &dec, &len, e);
	if (r)
		return r;
	if (len != raw_len)
		r = err_set(e, EINVAL, "%s %s: %zu bytes, expected %zu (raw or base64)", option,
			    path, len, raw_len);
	else
		memcpy(out, dec, raw_len);
	OPENSSL_cleanse(dec, len);
	free(dec);
	return r;
}

int sev_base64_decode_exact(const char *text, uint8_t *out, size_t len)
{
	size_t tlen = strlen(text), pad = 0;
	uint8_t *dec;
	int n;

	if (tlen != (len + 2) / 3 * 4)
		return -EINVAL;
	while (pad < 2 && tlen > pad && text[tlen - 1 - pad] == '=')
		pad++;
	dec = malloc(tlen / 4 * 3);
	if (!dec)
		return -ENOMEM;
	n = EVP_DecodeBlock(dec, (const unsigned char *)text, (int)tlen);
	if (n < 0 || (size_t)n - pad != len) {
		free(dec);
		return -EINVAL;
	}
	memcpy(out, dec, len);
	OPENSSL_cleanse(dec, (size_t)n);
	free(dec);
	return 0;
}

int sev_write_base64(const char *path, const void *data, size_t len, int private,
		     struct err *e)
{
	size_t tlen = (len + 2) / 3 * 4;
	char *text = malloc(tlen + 2);
	int fd, r = 0;

	if (!text)
		return err_set(e, ENOMEM, "%s", path);
	EVP_EncodeBlock((unsigned char *)text, data, (int)len);
	text[tlen] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, private ? 0600 : 0644);
	if (fd < 0)
		r = err_sys(e, errno, "%s", path);
	else if (write(fd, text, tlen + 1) != (ssize_t)(tlen + 1))
		r = err_sys(e, errno ? errno : EIO, "%s: write", path);
	if (fd >= 0 && close(fd) < 0 && !r)
		r = err_sys(e, errno, "%s", path);
	OPENSSL_cleanse(text, tlen + 1);
	free(text);
	return r;
}

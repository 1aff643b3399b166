// SPDX-License-Identifier: GPL-2.0
#include "sev/blob.h"

#include <errno.h>
#include <fcntl.h>
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

int sev_write_private(const char *path, const void *data, size_t len, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ssize_t n;

	if (fd < 0)
		return err_sys(e, errno, "%s", path);
	n = write(fd, data, len);
	if (n != (ssize_t)len || fchmod(fd, 0600) < 0) {
		close(fd);
		return err_sys(e, n < 0 ? errno : EIO, "%s: write", path);
	}
	return close(fd) < 0 ? err_sys(e, errno, "%s", path) : 0;
}

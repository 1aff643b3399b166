// SPDX-License-Identifier: GPL-2.0
#include "devices/debugcon.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vmm/util/clock.h"

int debugcon_open(struct debugcon *d, const char *where, const struct timespec *t0, struct err *e)
{
	*d = (struct debugcon){ .fd = STDOUT_FILENO, .t0 = t0 ? *t0 : clock_now() };
	if (strcmp(where, "stdout")) {
		d->fd = open(where, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (d->fd < 0)
			return err_sys(e, errno, "--debugcon %s", where);
		d->own_fd = true;
	}
	pthread_mutex_init(&d->lock, NULL);
	return 0;
}

static void write_all(struct debugcon *d, const char *p, size_t n)
{
	while (n && !d->write_failed) {
		ssize_t w = write(d->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "sevvm: --debugcon: write: %s; its output is dropped\n",
				w < 0 ? strerror(errno) : "no progress");
			d->write_failed = true;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* The line so far, with its time stamp and @nl; with d->lock held. */
static void flush_line(struct debugcon *d, bool nl)
{
	char out[32 + DEBUGCON_LINE_MAX + 1];
	struct timespec now = clock_now();
	int n;

	n = snprintf(out, 32, "[%12.6f] ", clock_seconds_between(&d->t0, &now));
	if (n < 0 || n >= 32)
		n = 0;
	memcpy(out + n, d->line, d->len);
	n += (int)d->len;
	if (nl)
		out[n++] = '\n';
	write_all(d, out, (size_t)n);
	d->len = 0;
}

void debugcon_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	struct debugcon *d = opaque;
	const uint8_t *b = data;
	unsigned int i;

	(void)offset;
	if (!is_write) {
		memset(data, 0, len);
		*(uint8_t *)data = DEBUGCON_READBACK;
		return;
	}
	pthread_mutex_lock(&d->lock);
	for (i = 0; i < len; i++) {
		if (b[i] == '\n') {
			flush_line(d, true);
			continue;
		}
		if (b[i] == '\r')
			continue;	/* OVMF ends lines with CR LF */
		d->line[d->len++] = (char)b[i];
		if (d->len == sizeof(d->line))
			flush_line(d, true);	/* a long line goes out in pieces */
	}
	pthread_mutex_unlock(&d->lock);
}

void debugcon_close(struct debugcon *d)
{
	if (d->fd < 0)
		return;
	pthread_mutex_lock(&d->lock);
	if (d->len)
		flush_line(d, true);
	pthread_mutex_unlock(&d->lock);
	if (d->own_fd)
		close(d->fd);
	d->fd = -1;
	pthread_mutex_destroy(&d->lock);
}

// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/console.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int console_init(struct console *c, int out_fd, int in_fd, const char *expect,
		 void (*on_match)(void *), void *opaque, struct err *e)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->out_fd = out_fd;
	c->in_fd = in_fd;
	c->on_match = on_match;
	c->opaque = opaque;
	if (expect) {
		r = regcomp(&c->expect, expect, REG_EXTENDED | REG_NOSUB);
		if (r) {
			char msg[128];

			regerror(r, &c->expect, msg, sizeof(msg));
			return err_set(e, EINVAL, "--expect '%s': %s", expect, msg);
		}
		c->has_expect = true;
	}
	pthread_mutex_init(&c->lock, NULL);
	return 0;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* stdout gone: the guest keeps running */
		buf += n;
		len -= (size_t)n;
	}
}

static void flush_stream(struct console *c, struct console_stream *s)
{
	write_all(c->out_fd, s->obuf, s->olen);
	s->olen = 0;
}

/* With the lock held; returns true when the expectation matched just now. */
static bool match_line(struct console *c, struct console_stream *s)
{
	if (!c->has_expect || c->matched || !s->line_dirty)
		return false;
	s->line_dirty = false;
	s->line[s->llen] = '\0';
	if (regexec(&c->expect, s->line, 0, NULL, 0))
		return false;
	c->matched = true;
	return true;
}

/* Every stream's output, and a match on any pending partial line. */
static bool flush_all_locked(struct console *c)
{
	bool hit = false;
	unsigned int i;

	for (i = 0; i < CONSOLE_NR_SOURCES; i++) {
		flush_stream(c, &c->streams[i]);
		hit |= match_line(c, &c->streams[i]);
	}
	return hit;
}

void console_destroy(struct console *c)
{
	pthread_mutex_lock(&c->lock);
	flush_all_locked(c);
	pthread_mutex_unlock(&c->lock);
	if (c->raw)
		tcsetattr(c->in_fd, TCSAFLUSH, &c->saved);
	c->raw = false;
	if (c->has_expect)
		regfree(&c->expect);
	c->has_expect = false;
	pthread_mutex_destroy(&c->lock);
}

/*
 * With the lock held: @n bytes of @s's output into the line --expect is
 * matched against. Returns true when it matched just now.
 */
static bool add_to_line(struct console *c, struct console_stream *s, const uint8_t *p,
			size_t n)
{
	bool hit = false;
	size_t i;

	for (i = 0; i < n && !hit; i++) {
		uint8_t byte = p[i];

		if (byte == '\n' || byte == '\r') {
			hit = match_line(c, s);
			s->llen = 0;
		} else if (byte) {
			/* NULs would end the string early; they never match anyway. */
			if (s->llen == CONSOLE_LINE) {
				hit = match_line(c, s);
				/* Keep the second half so a marker split here still matches. */
				memmove(s->line, s->line + CONSOLE_LINE / 2, CONSOLE_LINE / 2);
				s->llen = CONSOLE_LINE / 2;
			}
			s->line[s->llen++] = (char)byte;
			s->line_dirty = true;
		}
	}
	return hit;
}

/*
 * The output goes to @s's buffer a piece at a time: up to and including
 * the next newline, or as much as fills the buffer, which is then written
 * out; the lock is taken for each piece, so a long buffer does not keep the
 * other source waiting. The line is kept only while an expectation waits
 * for its match: nothing else reads it (console_has_pending() asks the
 * same), and a match never comes undone.
 */
void console_write(struct console *c, enum console_source src, const void *buf, size_t len)
{
	struct console_stream *s = &c->streams[src < CONSOLE_NR_SOURCES ? src : CONSOLE_SERIAL];
	const uint8_t *p = buf;
	bool hit = false;

	while (len) {
		size_t n;
		const uint8_t *nl;

		pthread_mutex_lock(&c->lock);
		n = CONSOLE_OBUF - s->olen;
		n = len < n ? len : n;
		nl = memchr(p, '\n', n);
		if (nl)
			n = (size_t)(nl - p) + 1;
		memcpy(s->obuf + s->olen, p, n);
		s->olen += n;
		if (nl || s->olen == CONSOLE_OBUF)
			flush_stream(c, s);
		if (c->has_expect && !c->matched)
			hit |= add_to_line(c, s, p, n);
		pthread_mutex_unlock(&c->lock);
		p += n;
		len -= n;
	}
	if (hit && c->on_match)
		c->on_match(c->opaque);
}

void console_putc(struct console *c, enum console_source src, uint8_t byte)
{
	console_write(c, src, &byte, 1);
}

void console_flush(struct console *c)
{
	bool hit;

	pthread_mutex_lock(&c->lock);
	hit = flush_all_locked(c);
	pthread_mutex_unlock(&c->lock);
	if (hit && c->on_match)
		c->on_match(c->opaque);
}

bool console_has_pending(struct console *c)
{
	bool p = false;
	unsigned int i;

	pthread_mutex_lock(&c->lock);
	for (i = 0; i < CONSOLE_NR_SOURCES; i++) {
		const struct console_stream *s = &c->streams[i];

		p |= s->olen || (c->has_expect && !c->matched && s->line_dirty);
	}
	pthread_mutex_unlock(&c->lock);
	return p;
}

int console_raw_input(struct console *c, struct err *e)
{
	struct termios t;

	if (!isatty(c->in_fd))
		return 0;
	if (tcgetattr(c->in_fd, &c->saved) < 0)
		return err_sys(e, errno, "tcgetattr(stdin)");
	t = c->saved;
	/* Raw input, but keep output processing so host messages stay legible. */
	t.c_iflag &= (tcflag_t)~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t.c_lflag &= (tcflag_t)~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag &= (tcflag_t)~(CSIZE | PARENB);
	t.c_cflag |= CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(c->in_fd, TCSAFLUSH, &t) < 0)
		return err_sys(e, errno, "tcsetattr(stdin)");
	c->raw = true;
	return 0;
}

size_t console_filter_input(struct console *c, const uint8_t *in, size_t len,
			    uint8_t *out, bool *quit)
{
	size_t i, n = 0;

	*quit = false;
	for (i = 0; i < len; i++) {
		uint8_t b = in[i];

		if (c->saw_escape) {
			c->saw_escape = false;
			if (b == 'x' || b == 'X') {
				*quit = true;
				return n;
			}
			if (b == CONSOLE_ESCAPE)
				out[n++] = b;
			/* Any other key after Ctrl-A is swallowed. */
			continue;
		}
		if (b == CONSOLE_ESCAPE) {
			c->saw_escape = true;
			continue;
		}
		out[n++] = b;
	}
	return n;
}

// SPDX-License-Identifier: GPL-2.0
#include "sev/launch_log.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#define LOG_TAIL "\n]}\n"

int sev_log_open(struct sev_log *l, const char *path, struct err *e)
{
	*l = (struct sev_log){ 0 };
	pthread_mutex_init(&l->lock, NULL);
	if (!path)
		return 0;
	l->f = fopen(path, "we");
	if (!l->f)
		return err_sys(e, errno, "--launch-log %s", path);
	fputs("{\"sevvm_launch_log\": 1, \"events\": [", l->f);
	l->tail = ftell(l->f);
	fputs(LOG_TAIL, l->f);
	l->tail_written = true;
	fflush(l->f);
	return 0;
}

/* One event at the tail; with @flush, the closing brackets after it, on disk. */
static void write_event(struct sev_log *l, bool flush, const char *type, const char *fmt,
			va_list ap)
{
	if (l->tail_written)
		fseek(l->f, l->tail, SEEK_SET);
	fprintf(l->f, "%s\n  {\"type\": \"%s\"%s", l->n ? "," : "", type, fmt[0] ? ", " : "");
	vfprintf(l->f, fmt, ap);
	fputs("}", l->f);
	l->n++;
	l->tail_written = false;
	if (!flush)
		return;
	l->tail = ftell(l->f);
	fputs(LOG_TAIL, l->f);
	l->tail_written = true;
	fflush(l->f);
}

static void log_locked(struct sev_log *l, bool flush, const char *type, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void log_locked(struct sev_log *l, bool flush, const char *type, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	write_event(l, flush, type, fmt, ap);
	va_end(ap);
}

void sev_log_close(struct sev_log *l)
{
	unsigned int i;

	if (!l->f)
		return;
	pthread_mutex_lock(&l->lock);
	for (i = 0; i < SEV_LOG_BOUNDED_KINDS && l->bounded[i].type; i++)
		log_locked(l, false, "summary", "\"events\": \"%s\", \"logged\": %" PRIu64
			   ", \"not_logged\": %" PRIu64, l->bounded[i].type, l->bounded[i].logged,
			   l->bounded[i].not_logged);
	if (!l->tail_written)
		fputs(LOG_TAIL, l->f);
	pthread_mutex_unlock(&l->lock);
	fclose(l->f);
	l->f = NULL;
}

void sev_log_event(struct sev_log *l, const char *type, const char *fmt, ...)
{
	va_list ap;

	if (!l->f)
		return;
	pthread_mutex_lock(&l->lock);
	va_start(ap, fmt);
	write_event(l, true, type, fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&l->lock);
}

void sev_log_event_bounded(struct sev_log *l, const char *type, const char *fmt, ...)
{
	struct sev_log_bounded *b = NULL;
	unsigned int i;
	va_list ap;

	if (!l->f)
		return;
	pthread_mutex_lock(&l->lock);
	for (i = 0; i < SEV_LOG_BOUNDED_KINDS && !b; i++)
		if (!l->bounded[i].type || !strcmp(l->bounded[i].type, type))
			b = &l->bounded[i];
	if (b && !b->type)
		b->type = type;
	if (!b || b->logged >= SEV_LOG_BOUNDED_MAX) {
		if (b)
			b->not_logged++;
		pthread_mutex_unlock(&l->lock);
		return;
	}
	b->logged++;
	va_start(ap, fmt);
	write_event(l, false, type, fmt, ap);
	va_end(ap);
	pthread_mutex_unlock(&l->lock);
}

const char *sev_log_str(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	for (; s && *s && o + 7 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)snprintf(buf + o, len - o, "\\u%04x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = 0;
	return buf;
}

const char *sev_hex(const uint8_t *p, size_t n, char *buf)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		buf[2 * i] = digits[p[i] >> 4];
		buf[2 * i + 1] = digits[p[i] & 15];
	}
	buf[2 * n] = 0;
	return buf;
}

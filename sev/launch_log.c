// SPDX-License-Identifier: GPL-2.0
#include "sev/launch_log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "sev/measured.h"

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

void sev_log_region(struct sev_log *l, uint64_t gpa, uint64_t len, const char *what,
		    const uint8_t *bytes, const uint8_t sha256[32], const uint8_t running[32])
{
	char hs[65], hr[65], name[2 * SEV_REGION_NAME_MAX];
	char *data = NULL;

	if (!l->f)
		return;
	/* Without memory for the hex, the event goes out without "data". */
	if (len <= SEV_MEASURED_DATA_MAX)
		data = malloc(2 * len + 1);
	if (data)
		sev_hex(bytes, len, data);
	sev_log_event(l, "region", "\"gpa\": %" PRIu64 ", \"len\": %" PRIu64 ", \"what\": \"%s\", "
		      "\"sha256\": \"%s\", \"digest\": \"%s\"%s%s%s", gpa, len,
		      sev_log_str(what, name, sizeof(name)), sev_hex(sha256, 32, hs),
		      sev_hex(running, 32, hr), data ? ", \"data\": \"" : "", data ? data : "",
		      data ? "\"" : "");
	free(data);
}

void sev_log_vmsa(struct sev_log *l, unsigned int cpu, uint64_t rip, const uint8_t *page,
		  const uint8_t sha256[32])
{
	char hs[65], *hex;
	size_t n = SEV_VMSA_PAGE;

	if (!l->f)
		return;
	while (n && !page[n - 1])
		n--;
	hex = malloc(2 * n + 1);
	if (hex)
		sev_hex(page, n, hex);
	sev_log_event(l, "vmsa", "\"cpu\": %u, \"rip\": %" PRIu64 ", \"sha256\": \"%s\"%s%s%s", cpu,
		      rip, sev_hex(sha256, 32, hs), hex ? ", \"vmsa\": \"" : "", hex ? hex : "",
		      hex ? "\"" : "");
	free(hex);
}

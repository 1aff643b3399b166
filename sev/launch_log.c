// SPDX-License-Identifier: GPL-2.0
#include "sev/launch_log.h"

#include <errno.h>
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
	fflush(l->f);
	return 0;
}

void sev_log_close(struct sev_log *l)
{
	if (l->f)
		fclose(l->f);
	l->f = NULL;
}

void sev_log_event(struct sev_log *l, const char *type, const char *fmt, ...)
{
	va_list ap;

	if (!l->f)
		return;
	pthread_mutex_lock(&l->lock);
	fseek(l->f, l->tail, SEEK_SET);
	fprintf(l->f, "%s\n  {\"type\": \"%s\"%s", l->n ? "," : "", type, fmt[0] ? ", " : "");
	va_start(ap, fmt);
	vfprintf(l->f, fmt, ap);
	va_end(ap);
	fputs("}", l->f);
	l->tail = ftell(l->f);
	fputs(LOG_TAIL, l->f);
	fflush(l->f);
	l->n++;
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

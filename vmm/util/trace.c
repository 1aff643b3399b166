// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/trace.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

int trace_parse_kinds(const char *s, unsigned int *kinds, struct err *e)
{
	const char *p = s;

	*kinds = 0;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 4 && !strncmp(p, "ghcb", 4))
			*kinds |= TRACE_GHCB;
		else if (n == 5 && !strncmp(p, "exits", 5))
			*kinds |= TRACE_EXITS;
		else if (n == 3 && !strncmp(p, "all", 3))
			*kinds |= TRACE_GHCB | TRACE_EXITS;
		else
			return err_set(e, EINVAL, "--trace '%s': expected ghcb, exits or all "
				       "(comma-separated)", s);
		p += n;
		if (*p == ',' && *++p == '\0')
			return err_set(e, EINVAL, "--trace '%s': empty item", s);
	}
	if (!*kinds)
		return err_set(e, EINVAL, "--trace '%s': expected ghcb, exits or all", s);
	return 0;
}

int trace_open(struct trace *t, unsigned int kinds, const char *path, struct err *e)
{
	*t = (struct trace){ .f = stderr, .kinds = kinds };
	if (path) {
		t->f = fopen(path, "we");
		if (!t->f)
			return err_sys(e, errno, "--trace-file %s", path);
		t->own = true;
	}
	pthread_mutex_init(&t->lock, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t->t0);
	return 0;
}

void trace_line(struct trace *t, enum trace_kind k, const char *fmt, ...)
{
	struct timespec now;
	va_list ap;
	double s;

	if (!trace_on(t, k))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - t->t0.tv_sec) + (double)(now.tv_nsec - t->t0.tv_nsec) / 1e9;
	pthread_mutex_lock(&t->lock);
	fprintf(t->f, "[%12.6f] %s ", s, k == TRACE_GHCB ? "ghcb" : "exit");
	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
	fputc('\n', t->f);
	if (!t->own)
		fflush(t->f);
	pthread_mutex_unlock(&t->lock);
}

void trace_close(struct trace *t)
{
	if (!t->f)
		return;
	if (t->own)
		fclose(t->f);
	else
		fflush(t->f);
	pthread_mutex_destroy(&t->lock);
	t->f = NULL;
}

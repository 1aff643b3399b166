// SPDX-License-Identifier: GPL-2.0
#include "vmm/util/trace.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "vmm/util/clock.h"

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
		else if (n == 7 && !strncmp(p, "startup", 7))
			*kinds |= TRACE_STARTUP;
		else if (n == 3 && !strncmp(p, "all", 3))
			*kinds |= TRACE_GHCB | TRACE_EXITS | TRACE_STARTUP;
		else
			return err_set(e, EINVAL, "--trace '%s': expected ghcb, exits, startup "
				       "or all (comma-separated)", s);
		p += n;
		if (*p == ',' && *++p == '\0')
			return err_set(e, EINVAL, "--trace '%s': empty item", s);
	}
	if (!*kinds)
		return err_set(e, EINVAL, "--trace '%s': expected ghcb, exits, startup or all", s);
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
	t->t0 = clock_now();
	t->phase_start = t->t0;
	trace_line(t, TRACE_STARTUP, "begins at CLOCK_MONOTONIC %lld.%09ld",
		   (long long)t->t0.tv_sec, t->t0.tv_nsec);
	return 0;
}

static const char *kind_name(enum trace_kind k)
{
	switch (k) {
	case TRACE_GHCB:	return "ghcb";
	case TRACE_EXITS:	return "exit";
	case TRACE_STARTUP:	return "startup";
	}
	return "?";
}

void trace_line(struct trace *t, enum trace_kind k, const char *fmt, ...)
{
	struct timespec now;
	va_list ap;

	if (!trace_on(t, k))
		return;
	now = clock_now();
	pthread_mutex_lock(&t->lock);
	fprintf(t->f, "[%12.6f] %s ", clock_seconds_between(&t->t0, &now), kind_name(k));
	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
	fputc('\n', t->f);
	if (!t->own)
		fflush(t->f);
	pthread_mutex_unlock(&t->lock);
}

void trace_phase(struct trace *t, const char *phase)
{
	struct timespec now;

	if (!trace_on(t, TRACE_STARTUP))
		return;
	now = clock_now();
	trace_line(t, TRACE_STARTUP, "%8.3f ms %s",
		   clock_seconds_between(&t->phase_start, &now) * 1e3, phase);
	t->phase_start = now;
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

/* SPDX-License-Identifier: GPL-2.0 */
/* Text appended to a fixed buffer that stays NUL-ended and is cut, never overrun. */
#ifndef SEVVM_UTIL_STRBUF_H
#define SEVVM_UTIL_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t cap;		/* > 0 */
	size_t len;		/* < cap */
};

static inline struct strbuf strbuf_on(char *buf, size_t cap)
{
	buf[0] = '\0';
	return (struct strbuf){ .buf = buf, .cap = cap };
}

/* Appends; what does not fit is dropped. */
void strbuf_printf(struct strbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

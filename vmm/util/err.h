/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting for library code: a function that fails fills a
 * struct err with one line of text and returns -errno; only main() decides
 * to print it and exit.
 */
#ifndef SEVVM_ERR_H
#define SEVVM_ERR_H

#include <stddef.h>

struct err {
	int code;		/* positive errno value, 0 when unset */
	char msg[512];
};

/* Records the message and returns -errnum (errnum must be positive). */
int err_set(struct err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like err_set() but appends ": strerror(errnum)". */
int err_sys(struct err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes an existing message with more context ("file: " + msg). */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

// SPDX-License-Identifier: GPL-2.0
/* Shared by the SEV unit tests: hex helpers and the Python oracle runner. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/unit/sev_oracle.h"

const char *hx(const void *p, size_t n)
{
	static char buf[HEX_SLOTS][2 * HEX_MAX + 1];
	static unsigned int slot;
	char *s = buf[slot++ % HEX_SLOTS];
	const uint8_t *b = p;
	size_t i;

	ck_assert_uint_le(n, HEX_MAX);
	if (!n)
		return "-";
	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	return s;
}

void unhex_line(const char *line, uint8_t *out, size_t len)
{
	size_t i;

	ck_assert_msg(strlen(line) == 2 * len, "oracle line of %zu hex digits, expected %zu",
		      strlen(line), 2 * len);
	for (i = 0; i < len; i++) {
		unsigned int v;

		ck_assert_int_eq(sscanf(line + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/* Runs the oracle; its @nr output lines are decoded into outs[i] (lens[i] bytes). */
void oracle(unsigned int nr, uint8_t *const outs[], const size_t lens[], const char *fmt, ...)
{
	char *args = NULL, *cmd = NULL, *line = NULL;
	unsigned int i = 0;
	size_t cap = 0;
	ssize_t n;
	va_list ap;
	FILE *f;

	ck_assert_msg(access(PYTHON, X_OK) == 0, PYTHON " is missing: the SEV oracle needs "
		      "python3 with python3-cryptography");
	ck_assert_msg(access(ORACLE, R_OK) == 0, ORACLE " not found: run the tests from the "
		      "repository root");
	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&args, fmt, ap), 0);
	va_end(ap);
	ck_assert_int_ge(asprintf(&cmd, PYTHON " " ORACLE " %s", args), 0);
	f = popen(cmd, "r");
	ck_assert_msg(f != NULL, "popen %s", cmd);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		ck_assert_msg(i < nr, "oracle printed more than %u lines", nr);
		unhex_line(line, outs[i], lens[i]);
		i++;
	}
	ck_assert_msg(pclose(f) == 0, "oracle failed: %.200s", cmd);
	ck_assert_uint_eq(i, nr);
	free(line);
	free(cmd);
	free(args);
}

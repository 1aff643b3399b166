/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEV unit tests' link to tests/sev/oracle.py (Python hashlib/hmac and
 * python3-cryptography): an independent computation of every crypto step.
 */
#ifndef SEVVM_TESTS_UNIT_SEV_ORACLE_H
#define SEVVM_TESTS_UNIT_SEV_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include "tests/unit/unit.h"

#define PYTHON		"/usr/bin/python3"
#define ORACLE		"tests/sev/oracle.py"
#define HEX_SLOTS	8
#define HEX_MAX		4200	/* bytes: a certificate is 2084, a VMSA page 4096 */

/* Hex of @p in one of HEX_SLOTS rotating buffers ("-" when empty). */
const char *hx(const void *p, size_t n);
/* Parses @len bytes of hex from @line (asserts on malformed input). */
void unhex_line(const char *line, uint8_t *out, size_t len);
/* Runs the oracle with the arguments @fmt gives; line i of its output fills outs[i]. */
void oracle(unsigned int nr, uint8_t *const outs[], const size_t lens[], const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A P-384 scalar for the oracle's keys (any value in [1, n-1]). */
#define GODH_PRIV	"3a9f2c1d5e7b6a4f8c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d" \
			"7e8f90a1b2c3d4e5f6071829"

#endif

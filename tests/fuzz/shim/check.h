/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Check assertions tests/unit/virtio_harness.c uses, for the fuzz
 * targets that link it: a failed one is a harness bug, so it aborts.
 */
#ifndef SEVVM_FUZZ_CHECK_SHIM_H
#define SEVVM_FUZZ_CHECK_SHIM_H
#include <stdio.h>
#include <stdlib.h>

#define ck_assert_fuzz(c)							\
	do {									\
		if (!(c)) {							\
			fprintf(stderr, "%s:%d: harness: %s\n", __FILE__, __LINE__, #c); \
			abort();						\
		}								\
	} while (0)
#define ck_assert_ptr_nonnull(p)	ck_assert_fuzz((p) != NULL)
#define ck_assert_int_eq(a, b)		ck_assert_fuzz((a) == (b))
#define ck_assert_uint_eq(a, b)		ck_assert_fuzz((a) == (b))
#define ck_assert_msg(c, ...)		ck_assert_fuzz(c)

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_TESTS_UNIT_H
#define SEVVM_TESTS_UNIT_H

#include <check.h>

Suite *bzimage_suite(void);
Suite *e820_suite(void);
Suite *mptable_suite(void);
Suite *uart_suite(void);
Suite *devices_suite(void);
Suite *core_suite(void);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_MEASURE_H
#define SEVVM_MEASURE_H

#include <stdio.h>
#include "vmm/vm.h"

/*
 * The launch digest of @cfg's launch into @digest; with @out, also prints
 * it there (and with --tik the measurement). @out NULL: quiet, for
 * `sevvm owner verify`.
 */
int sevvm_measure(const struct vm_config *cfg, FILE *out, uint8_t digest[32], struct err *e);

/* The firmware launch (--firmware): measure_fw.c. */
int sevvm_measure_firmware(const struct vm_config *cfg, FILE *out, uint8_t digest[32],
			   struct err *e);
/* With --tik, prints the measurement of @digest; else nothing. */
int measure_print_measurement(const struct vm_config *cfg, uint32_t policy,
			      const uint8_t digest[32], struct err *e);

#endif

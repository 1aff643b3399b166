/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_MEASURE_H
#define SEVVM_MEASURE_H

#include "vmm/vm.h"

/* Prints the launch digest (and measurement) of @cfg's launch. */
int sevvm_measure(const struct vm_config *cfg, struct err *e);

/* The firmware launch (--firmware): measure_fw.c. */
int sevvm_measure_firmware(const struct vm_config *cfg, struct err *e);
/* With --tik, prints the measurement of @digest; else nothing. */
int measure_print_measurement(const struct vm_config *cfg, uint32_t policy,
			      const uint8_t digest[32], struct err *e);

#endif

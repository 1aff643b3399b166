/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_MEASURE_H
#define SEVVM_MEASURE_H

#include "vmm/vm.h"

/* Prints the launch digest (and measurement) of @cfg's launch. */
int sevvm_measure(const struct vm_config *cfg, struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SEVVM_INSPECT_H
#define SEVVM_INSPECT_H

#include <stdio.h>
#include "vmm/util/err.h"

/* `sevvm inspect FIRMWARE`: what a firmware image offers an SEV launch. */
int sevvm_inspect(const char *path, FILE *out, struct err *e);

#endif

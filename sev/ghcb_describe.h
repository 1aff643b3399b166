/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A GHCB in words, for the debugger (monitor ghcb): the GHCB MSR value
 * (GHCB spec 56421 2.3.1: an MSR-protocol request or response, or the GPA
 * of the GHCB page) and a GHCB page's contents (table 3). The page is the
 * guest's: every field is read within its bounds and nothing is trusted.
 */
#ifndef SEVVM_SEV_GHCB_DESCRIBE_H
#define SEVVM_SEV_GHCB_DESCRIBE_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"
#include "vmm/util/strbuf.h"

/* The SW_EXITCODE's name ("IOIO", "MMIO read", ...), or NULL for one sevvm does not know. */
const char *ghcb_exit_name(uint64_t code);

/* One line for the GHCB MSR value @msr. */
void ghcb_describe_msr(uint64_t msr, struct strbuf *out);

/*
 * The GHCB page @page of @len bytes: -EINVAL with a message naming what is
 * wrong when @len is not a whole page.
 */
int ghcb_describe_page(const uint8_t *page, size_t len, struct strbuf *out, struct err *e);

#endif

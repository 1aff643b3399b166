/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel MultiProcessor Specification 1.4 table, so Linux finds every vCPU,
 * the IOAPIC and the ISA interrupt routing without ACPI.
 */
#ifndef SEVVM_MPTABLE_H
#define SEVVM_MPTABLE_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/util/err.h"

#define MPTABLE_MAX_CPUS	255

/* Bytes needed for @ncpus processors. */
size_t mptable_size(unsigned int ncpus);

/*
 * Writes the floating pointer and the configuration table into @buf, which
 * the guest will see at @gpa. APIC IDs are 0..ncpus-1 with CPU 0 the BSP;
 * the IOAPIC gets ID @ncpus. Returns the number of bytes written.
 */
int mptable_write(void *buf, size_t len, uint64_t gpa, unsigned int ncpus,
		  struct err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel MP specification 1.4, chapter 4: the floating pointer and the
 * configuration table entries. Freestanding: sevvm's direct boot
 * (vmm/mptable.c) and its firmware (firmware/mptable.c) both build it.
 */
#ifndef SEVVM_MPSPEC_H
#define SEVVM_MPSPEC_H

#include <stddef.h>
#include <stdint.h>

#define MP_SPEC_REV		4
#define APIC_VERSION		0x14
#define IOAPIC_VERSION		0x11

enum mp_entry_type {
	MP_PROCESSOR = 0, MP_BUS = 1, MP_IOAPIC = 2, MP_INTSRC = 3, MP_LINTSRC = 4,
};

enum mp_irq_type { MP_INT = 0, MP_NMI = 1, MP_SMI = 2, MP_EXTINT = 3 };

#define CPU_ENABLED	0x01
#define CPU_BSP		0x02
#define BUS_ID_PCI	0	/* must equal the PCI bus number (Linux) */
#define BUS_ID_ISA	1
#define ISA_IRQS	16
#define PCI_SLOTS	31	/* 1..31; slot 0 is the host bridge */
#define IRQ_PCI_FLAGS	0x0d	/* active high (01), level triggered (11 << 2) */

struct mpf_intel {
	char signature[4];	/* "_MP_" */
	uint32_t physptr;
	uint8_t length;		/* in 16-byte units */
	uint8_t specification;
	uint8_t checksum;
	uint8_t feature1, feature2, feature3, feature4, feature5;
} __attribute__((packed));

struct mpc_table {
	char signature[4];	/* "PCMP" */
	uint16_t length;
	uint8_t spec;
	uint8_t checksum;
	char oem[8];
	char productid[12];
	uint32_t oemptr;
	uint16_t oemsize;
	uint16_t oemcount;
	uint32_t lapic;
	uint32_t reserved;
} __attribute__((packed));

struct mpc_cpu {
	uint8_t type, apicid, apicver, cpuflag;
	uint32_t cpufeature, featureflag, reserved[2];
} __attribute__((packed));

struct mpc_bus {
	uint8_t type, busid;
	char bustype[6];
} __attribute__((packed));

struct mpc_ioapic {
	uint8_t type, apicid, apicver, flags;
	uint32_t apicaddr;
} __attribute__((packed));

struct mpc_intsrc {
	uint8_t type, irqtype;
	uint16_t irqflag;
	uint8_t srcbus, srcbusirq, dstapic, dstirq;
} __attribute__((packed));

_Static_assert(sizeof(struct mpf_intel) == 16, "MP floating pointer is 16 bytes");
_Static_assert(sizeof(struct mpc_table) == 44, "MP config header is 44 bytes");
_Static_assert(sizeof(struct mpc_cpu) == 20, "MP processor entry is 20 bytes");
_Static_assert(sizeof(struct mpc_intsrc) == 8, "MP interrupt entry is 8 bytes");

static inline uint8_t mp_checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *b++);
	return (uint8_t)-sum;
}

#endif

// SPDX-License-Identifier: GPL-2.0
/* MP specification 1.4, chapter 4 (floating pointer, configuration table). */
#include "vmm/mptable.h"

#include <errno.h>
#include <string.h>
#include "vmm/layout.h"

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

static uint8_t checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *b++);
	return (uint8_t)-sum;
}

size_t mptable_size(unsigned int ncpus)
{
	return sizeof(struct mpf_intel) + sizeof(struct mpc_table) +
	       ncpus * sizeof(struct mpc_cpu) + 2 * sizeof(struct mpc_bus) +
	       sizeof(struct mpc_ioapic) +
	       (ISA_IRQS + PCI_SLOTS + 2) * sizeof(struct mpc_intsrc);
}

int mptable_write(void *buf, size_t len, uint64_t gpa, unsigned int ncpus,
		  struct err *e)
{
	size_t need = mptable_size(ncpus);
	struct mpf_intel *mpf = buf;
	struct mpc_table *mpc = (struct mpc_table *)(mpf + 1);
	uint8_t *p = (uint8_t *)(mpc + 1);
	uint8_t ioapic_id = (uint8_t)ncpus;
	uint16_t count = 0;
	unsigned int i;

	if (!ncpus || ncpus > MPTABLE_MAX_CPUS - 1)
		return err_set(e, EINVAL, "MP table: %u CPUs (1..%d)", ncpus, MPTABLE_MAX_CPUS - 1);
	if (len < need)
		return err_set(e, ENOSPC, "MP table: needs %zu bytes, have %zu", need, len);
	if (gpa + need > SZ_1M)
		return err_set(e, EINVAL, "MP table must lie below 1 MiB");
	memset(buf, 0, need);

	for (i = 0; i < ncpus; i++) {
		struct mpc_cpu cpu = {
			.type = MP_PROCESSOR,
			.apicid = (uint8_t)i,
			.apicver = APIC_VERSION,
			.cpuflag = CPU_ENABLED | (i == 0 ? CPU_BSP : 0),
			.cpufeature = 0x600,	/* family 6 */
			.featureflag = 0x201,	/* FPU, APIC */
		};
		memcpy(p, &cpu, sizeof(cpu));
		p += sizeof(cpu);
		count++;
	}

	struct mpc_bus pci = { .type = MP_BUS, .busid = BUS_ID_PCI };
	memcpy(pci.bustype, "PCI   ", 6);
	memcpy(p, &pci, sizeof(pci));
	p += sizeof(pci);
	count++;

	struct mpc_bus isa = { .type = MP_BUS, .busid = BUS_ID_ISA };
	memcpy(isa.bustype, "ISA   ", 6);
	memcpy(p, &isa, sizeof(isa));
	p += sizeof(isa);
	count++;

	struct mpc_ioapic ioapic = {
		.type = MP_IOAPIC, .apicid = ioapic_id, .apicver = IOAPIC_VERSION,
		.flags = 1, .apicaddr = (uint32_t)GUEST_IOAPIC_ADDR,
	};
	memcpy(p, &ioapic, sizeof(ioapic));
	p += sizeof(ioapic);
	count++;

	/*
	 * ISA IRQ n goes to IOAPIC pin n: KVM's default GSI routing does the
	 * same, so the in-kernel PIT's IRQ 0 reaches pin 0.
	 */
	for (i = 0; i < ISA_IRQS; i++) {
		struct mpc_intsrc src = {
			.type = MP_INTSRC, .irqtype = MP_INT, .irqflag = 0,
			.srcbus = BUS_ID_ISA, .srcbusirq = (uint8_t)i,
			.dstapic = ioapic_id, .dstirq = (uint8_t)i,
		};
		memcpy(p, &src, sizeof(src));
		p += sizeof(src);
		count++;
	}

	/* PCI interrupt entries: source IRQ is slot << 2 | pin (INTA# = 0). */
	for (i = 1; i <= PCI_SLOTS; i++) {
		struct mpc_intsrc src = {
			.type = MP_INTSRC, .irqtype = MP_INT, .irqflag = IRQ_PCI_FLAGS,
			.srcbus = BUS_ID_PCI, .srcbusirq = (uint8_t)(i << 2),
			.dstapic = ioapic_id, .dstirq = (uint8_t)MPTABLE_PCI_SLOT_PIN(i),
		};
		memcpy(p, &src, sizeof(src));
		p += sizeof(src);
		count++;
	}

	/* LINT0 is the 8259's ExtINT, LINT1 the NMI, on every local APIC. */
	for (i = 0; i < 2; i++) {
		struct mpc_intsrc lint = {
			.type = MP_LINTSRC, .irqtype = i ? MP_NMI : MP_EXTINT,
			.srcbus = BUS_ID_ISA, .dstapic = 0xff, .dstirq = (uint8_t)i,
		};
		memcpy(p, &lint, sizeof(lint));
		p += sizeof(lint);
		count++;
	}

	memcpy(mpc->signature, "PCMP", 4);
	mpc->length = (uint16_t)((size_t)(p - (uint8_t *)mpc));
	mpc->spec = MP_SPEC_REV;
	memcpy(mpc->oem, "SEVVM   ", 8);
	memcpy(mpc->productid, "SEVVM       ", 12);
	mpc->oemcount = count;
	mpc->lapic = (uint32_t)GUEST_LAPIC_ADDR;
	mpc->checksum = checksum(mpc, mpc->length);

	memcpy(mpf->signature, "_MP_", 4);
	mpf->physptr = (uint32_t)(gpa + sizeof(*mpf));
	mpf->length = 1;
	mpf->specification = MP_SPEC_REV;
	mpf->checksum = checksum(mpf, sizeof(*mpf));
	return (int)need;
}

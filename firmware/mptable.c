// SPDX-License-Identifier: GPL-2.0
/*
 * The MP table (Intel MP specification 1.4, chapter 4) through which Linux
 * finds the CPUs without ACPI: the freestanding counterpart of sevvm's
 * vmm/mptable.c. The floating pointer sits in the last KiB of base memory
 * (0x9fc00, spec 4.0 b; Linux scans it), because under QEMU the BIOS area
 * 0xf0000.. is a read-only alias of the firmware image.
 */
#include "firmware/fw.h"
#include "firmware/boot.h"

#define MP_SPEC_REV	4
#define APIC_VERSION	0x14
#define IOAPIC_VERSION	0x11
#define IOAPIC_ADDR	0xfec00000u
#define LAPIC_ADDR	0xfee00000u
#define ISA_IRQS	16
#define MP_MAX_CPUS	64	/* the table ends below FW_MP_FLOAT */

enum { MP_PROCESSOR, MP_BUS, MP_IOAPIC, MP_INTSRC, MP_LINTSRC };
enum { MP_INT, MP_NMI, MP_SMI, MP_EXTINT };

struct mpf_intel {
	char signature[4];
	uint32_t physptr;
	uint8_t length, specification, checksum, feature[5];
} __attribute__((packed));

struct mpc_table {
	char signature[4];
	uint16_t length;
	uint8_t spec, checksum;
	char oem[8], productid[12];
	uint32_t oemptr;
	uint16_t oemsize, oemcount;
	uint32_t lapic, reserved;
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

_Static_assert(sizeof(struct mpc_table) == 44, "MP config header is 44 bytes");
_Static_assert(FW_MP_TABLE + 44 + MP_MAX_CPUS * 20 + 8 + 8 + (ISA_IRQS + 2) * 8 <= FW_MP_FLOAT,
	       "MP table overlaps the floating pointer");

static uint8_t checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *b++);
	return (uint8_t)-sum;
}

void mptable_write(struct fw *fw)
{
	struct mpf_intel *mpf = (struct mpf_intel *)(uintptr_t)FW_MP_FLOAT;
	struct mpc_table *mpc = (struct mpc_table *)(uintptr_t)FW_MP_TABLE;
	uint8_t *p = (uint8_t *)(mpc + 1);
	unsigned int i, ncpus = fw->ncpus > MP_MAX_CPUS ? MP_MAX_CPUS : fw->ncpus;
	uint8_t ioapic_id = (uint8_t)ncpus;
	uint16_t count = 0;

	memset(mpc, 0, FW_LOW_RESERVED_END - FW_MP_TABLE);
	for (i = 0; i < ncpus; i++, count++, p += sizeof(struct mpc_cpu)) {
		struct mpc_cpu cpu = {
			.type = MP_PROCESSOR, .apicid = (uint8_t)i, .apicver = APIC_VERSION,
			.cpuflag = 1 | (i == 0 ? 2 : 0),	/* enabled, BSP */
			.cpufeature = 0x600, .featureflag = 0x201,
		};
		memcpy(p, &cpu, sizeof(cpu));
	}
	struct mpc_bus isa = { .type = MP_BUS, .busid = 0, .bustype = "ISA   " };
	memcpy(p, &isa, sizeof(isa));
	p += sizeof(isa);
	count++;
	struct mpc_ioapic ioapic = {
		.type = MP_IOAPIC, .apicid = ioapic_id, .apicver = IOAPIC_VERSION,
		.flags = 1, .apicaddr = IOAPIC_ADDR,
	};
	memcpy(p, &ioapic, sizeof(ioapic));
	p += sizeof(ioapic);
	count++;
	/* ISA IRQ n to IOAPIC pin n, as KVM's and QEMU's default routing does. */
	for (i = 0; i < ISA_IRQS; i++, count++, p += sizeof(struct mpc_intsrc)) {
		struct mpc_intsrc src = {
			.type = MP_INTSRC, .irqtype = MP_INT, .srcbus = 0,
			.srcbusirq = (uint8_t)i, .dstapic = ioapic_id, .dstirq = (uint8_t)i,
		};
		memcpy(p, &src, sizeof(src));
	}
	/* LINT0 ExtINT (the 8259), LINT1 NMI, on every local APIC. */
	for (i = 0; i < 2; i++, count++, p += sizeof(struct mpc_intsrc)) {
		struct mpc_intsrc lint = {
			.type = MP_LINTSRC, .irqtype = i ? MP_NMI : MP_EXTINT, .srcbus = 0,
			.dstapic = 0xff, .dstirq = (uint8_t)i,
		};
		memcpy(p, &lint, sizeof(lint));
	}
	memcpy(mpc->signature, "PCMP", 4);
	mpc->length = (uint16_t)(p - (uint8_t *)mpc);
	mpc->spec = MP_SPEC_REV;
	memcpy(mpc->oem, "SEVVM   ", 8);
	memcpy(mpc->productid, "SEVVM-FW    ", 12);
	mpc->oemcount = count;
	mpc->lapic = LAPIC_ADDR;
	mpc->checksum = checksum(mpc, mpc->length);

	memcpy(mpf->signature, "_MP_", 4);
	mpf->physptr = FW_MP_TABLE;
	mpf->length = 1;
	mpf->specification = MP_SPEC_REV;
	mpf->checksum = checksum(mpf, sizeof(*mpf));
}

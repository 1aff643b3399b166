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
#include "vmm/mpspec.h"

#define IOAPIC_ADDR	0xfec00000u
#define LAPIC_ADDR	0xfee00000u
#define MP_MAX_CPUS	64	/* the table ends below FW_MP_FLOAT */

_Static_assert(FW_MP_TABLE + sizeof(struct mpc_table) + MP_MAX_CPUS * sizeof(struct mpc_cpu) +
	       sizeof(struct mpc_bus) + sizeof(struct mpc_ioapic) +
	       (ISA_IRQS + 2) * sizeof(struct mpc_intsrc) <= FW_MP_FLOAT,
	       "MP table overlaps the floating pointer");

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
			.cpuflag = CPU_ENABLED | (i == 0 ? CPU_BSP : 0),
			.cpufeature = 0x600, .featureflag = 0x201,
		};
		memcpy(p, &cpu, sizeof(cpu));
	}
	struct mpc_bus isa = { .type = MP_BUS, .busid = BUS_ID_ISA, .bustype = "ISA   " };
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
			.type = MP_INTSRC, .irqtype = MP_INT, .srcbus = BUS_ID_ISA,
			.srcbusirq = (uint8_t)i, .dstapic = ioapic_id, .dstirq = (uint8_t)i,
		};
		memcpy(p, &src, sizeof(src));
	}
	/* LINT0 ExtINT (the 8259), LINT1 NMI, on every local APIC. */
	for (i = 0; i < 2; i++, count++, p += sizeof(struct mpc_intsrc)) {
		struct mpc_intsrc lint = {
			.type = MP_LINTSRC, .irqtype = i ? MP_NMI : MP_EXTINT, .srcbus = BUS_ID_ISA,
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
	mpc->checksum = mp_checksum(mpc, mpc->length);

	memcpy(mpf->signature, "_MP_", 4);
	mpf->physptr = FW_MP_TABLE;
	mpf->length = 1;
	mpf->specification = MP_SPEC_REV;
	mpf->checksum = mp_checksum(mpf, sizeof(*mpf));
}

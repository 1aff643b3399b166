// SPDX-License-Identifier: GPL-2.0
/* MP specification 1.4, chapter 4 (floating pointer, configuration table). */
#include "vmm/mptable.h"

#include <errno.h>
#include <string.h>
#include "vmm/layout.h"
#include "devices/pci.h"
#include "vmm/mpspec.h"

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
			.dstapic = ioapic_id, .dstirq = (uint8_t)PCI_SLOT_INTX_PIN(i),
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
	mpc->checksum = mp_checksum(mpc, mpc->length);

	memcpy(mpf->signature, "_MP_", 4);
	mpf->physptr = (uint32_t)(gpa + sizeof(*mpf));
	mpf->length = 1;
	mpf->specification = MP_SPEC_REV;
	mpf->checksum = mp_checksum(mpf, sizeof(*mpf));
	return (int)need;
}

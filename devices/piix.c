// SPDX-License-Identifier: GPL-2.0
/* PIIX3 ISA bridge and PIIX4 PM function at 00:01 (devices/piix.h). */
#include "devices/piix.h"

#include <string.h>

#define PCI_HEADER_TYPE		0x0e
#define PCI_HEADER_MULTI_FN	0x80
#define PCI_INTERRUPT_PIN	0x3d
#define CLASS_ISA_BRIDGE	0x060100
#define CLASS_OTHER_BRIDGE	0x068000
#define PIIX3_PIRQRC		0x60	/* PIRQA#..PIRQD# route control */
#define PIIX3_PIRQ_DISABLED	0x80	/* IRQEN clear: routed nowhere (the reset value) */
#define PIIX4_PM_REVISION	0x03	/* QEMU's PIIX4 ACPI */
#define PCI_IO_SPACE_INDICATOR	0x01u	/* PMBA bit 0 is hardwired to 1 */

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Bus lock held: recompute where the PM block is decoded. */
static void pm_cfg_written(struct pci_device *d, unsigned int off, unsigned int len)
{
	struct piix *p = d->opaque;
	uint32_t base = get32(d->cfg + PIIX4_PMBA) & PIIX4_PMBA_MASK;
	bool on = d->cfg[PIIX4_PMREGMISC] & PIIX4_PMIOSE;

	(void)off;
	(void)len;
	__atomic_store_n(&p->decode, on ? base | 1u : 0u, __ATOMIC_RELEASE);
}

int piix_init(struct piix *p, struct pci_bus *bus, struct acpi_pm *regs, struct err *e)
{
	struct pci_device *isa = &p->isa, *pm = &p->pm;
	int r;

	memset(p, 0, sizeof(*p));
	p->regs = regs;
	pci_device_init(isa, PIIX_VENDOR, PIIX3_ISA_DEVICE, CLASS_ISA_BRIDGE,
			PCI_HEADER_MULTI_FN);
	memset(isa->cfg + PIIX3_PIRQRC, PIIX3_PIRQ_DISABLED, 4);
	memset(isa->wmask + PIIX3_PIRQRC, 0x8f, 4);	/* IRQEN and the IRQ number */

	pci_device_init(pm, PIIX_VENDOR, PIIX4_PM_DEVICE, CLASS_OTHER_BRIDGE, 0);
	pm->cfg[0x08] = PIIX4_PM_REVISION;
	pm->cfg[PCI_INTERRUPT_PIN] = 1;		/* INTA#, as QEMU's (the SCI is ISA IRQ 9) */
	pm->cfg[PIIX4_PMBA] = (uint8_t)(ACPI_PM_BASE | PCI_IO_SPACE_INDICATOR);
	pm->cfg[PIIX4_PMBA + 1] = (uint8_t)(ACPI_PM_BASE >> 8);
	pm->wmask[PIIX4_PMBA] = (uint8_t)PIIX4_PMBA_MASK;
	pm->wmask[PIIX4_PMBA + 1] = (uint8_t)(PIIX4_PMBA_MASK >> 8);
	pm->cfg[PIIX4_PMREGMISC] = PIIX4_PMIOSE;
	pm->wmask[PIIX4_PMREGMISC] = PIIX4_PMIOSE;
	pm->cfg_written = pm_cfg_written;
	pm->opaque = p;
	pm_cfg_written(pm, 0, 0);

	r = pci_bus_add_fn(bus, isa, PIIX_SLOT, PIIX3_ISA_FN, e);
	if (!r)
		r = pci_bus_add_fn(bus, pm, PIIX_SLOT, PIIX4_PM_FN, e);
	return r;
}

uint16_t piix_pm_base(const struct piix *p)
{
	uint32_t d = __atomic_load_n(&p->decode, __ATOMIC_ACQUIRE);

	return (uint16_t)(d & PIIX4_PMBA_MASK);
}

bool piix_pm_io(void *opaque, uint64_t port, void *data, unsigned int len, bool is_write)
{
	struct piix *p = opaque;
	uint32_t d = __atomic_load_n(&p->decode, __ATOMIC_ACQUIRE);
	uint64_t base = d & PIIX4_PMBA_MASK;

	if (!(d & 1u) || port < base || port - base >= PIIX4_PM_IO_LEN)
		return false;
	/* The 64-byte block's registers past ACPI_PM_LEN read as all ones. */
	acpi_pm_io(p->regs, port - base, data, len, is_write);
	return true;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rest of QEMU's pc chipset that OVMF programs, on PCI device 00:01
 * (behind the 440FX host bridge of devices/pci.c):
 *
 *   00:01.0  PIIX3 PCI-to-ISA bridge (8086:7000), multi-function, with its
 *            PIRQ route control registers (0x60-0x63) as plain bytes;
 *   00:01.3  PIIX4 power management function (8086:7113): PMBA (0x40,
 *            bits 15:6 of the I/O base of the ACPI PM block) and PMREGMISC
 *            (0x80, bit 0 PMIOSE enables the block) (PIIX4 datasheet 3.4.2).
 *
 * The PM block (devices/acpi_pm.h) is decoded at the base PMBA names while
 * PMIOSE is set, wherever the guest moves it. sevvm hands the guest the
 * function already programmed, PMBA = ACPI_PM_BASE with PMIOSE set, as a
 * firmware would leave it: the FADT names that base for every boot path,
 * and OVMF (PlatformMiscInitialization, AcpiTimerLib) and sevvm's firmware
 * keep an enabled block where it is.
 */
#ifndef SEVVM_PIIX_H
#define SEVVM_PIIX_H

#include <stdbool.h>
#include <stdint.h>
#include "devices/acpi_pm.h"
#include "devices/pci.h"
#include "vmm/util/err.h"

#define PIIX_SLOT		1
#define PIIX3_ISA_FN		0
#define PIIX4_PM_FN		3
#define PIIX_VENDOR		0x8086
#define PIIX3_ISA_DEVICE	0x7000
#define PIIX4_PM_DEVICE		0x7113

#define PIIX4_PMBA		0x40
#define PIIX4_PMBA_MASK		0xffc0u	/* a 64-byte block in I/O space */
#define PIIX4_PMREGMISC		0x80
#define PIIX4_PMIOSE		0x01u
#define PIIX4_PM_IO_LEN		64

struct piix {
	struct pci_device isa, pm;
	struct acpi_pm *regs;
	/* PM block decode: base | 1 while on, 0 while off; atomic (vCPU threads read it). */
	uint32_t decode;
};

/* Adds both functions to @bus at 00:01 and ties the PM function to @regs. */
int piix_init(struct piix *p, struct pci_bus *bus, struct acpi_pm *regs, struct err *e);
/* The PM block's I/O base while decoded, else 0 (bus lock not needed). */
uint16_t piix_pm_base(const struct piix *p);
/* iobus movable decoder (vmm/util/iobus.h) for port I/O: the PM block. */
bool piix_pm_io(void *opaque, uint64_t port, void *data, unsigned int len, bool is_write);

#endif

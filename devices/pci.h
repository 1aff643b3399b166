/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI bus 0 behind configuration mechanism 1 (PCI Local Bus 3.0, 3.2.2.3.2):
 * CONFIG_ADDRESS at 0xcf8, CONFIG_DATA at 0xcfc..0xcff. Device 0 is the host
 * bridge; devices register a 256-byte configuration space of their own.
 */
#ifndef SEVVM_PCI_H
#define SEVVM_PCI_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "vmm/util/err.h"
#include "vmm/util/iobus.h"

#define PCI_CONFIG_ADDR		0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_MAX_DEVICES		32
#define PCI_MAX_FUNCTIONS	8
#define PCI_MAX_DEVFN		(PCI_MAX_DEVICES * PCI_MAX_FUNCTIONS)
#define PCI_CFG_SIZE		256

/*
 * PCI bus 0's slots 1..31 have their INTA# on IOAPIC pins 16..23 (level,
 * active high), described in the table for every slot.
 */
#define PCI_SLOT_INTX_PIN(slot)		(16u + (slot) % 8u)

struct pci_device {
	uint8_t cfg[PCI_CFG_SIZE];
	uint8_t wmask[PCI_CFG_SIZE];	/* writable bits */
	/* Optional hooks run after a config write, with the bus lock held. */
	void (*cfg_written)(struct pci_device *d, unsigned int off, unsigned int len);
	/* Optional hook run before a config read, with the bus lock held. */
	void (*cfg_reading)(struct pci_device *d, unsigned int off, unsigned int len);
	void *opaque;
	/*
	 * BAR 0 as a 64-bit memory BAR of @bar_size bytes (a power of two),
	 * served by @bar_io while memory decoding is on; 0 for none.
	 */
	uint64_t bar_size;
	iobus_fn bar_io;
};

/*
 * The chipset's Reset Control Register shares the mechanism's ports: a byte
 * access to 0xcf9 (ICH9 datasheet 13.7.5, PIIX4 the same) is not
 * CONFIG_ADDRESS, which takes only dword accesses. Setting RST_CPU (bit 2)
 * resets the machine; the FADT names it as the ACPI reset register.
 */
#define PCI_RESET_CONTROL_PORT	0xcf9
#define PCI_RESET_CONTROL_RESET	0x06	/* SYS_RST | RST_CPU: a hard reset */
#define PCI_RESET_CONTROL_RST_CPU	(1u << 2)

struct pci_bus {
	pthread_mutex_t lock;
	uint32_t config_address;
	uint8_t reset_control;
	/* Called with no lock held when the guest sets RST_CPU; NULL: ignored. */
	void (*reset)(void *opaque);
	void *reset_opaque;
	struct pci_device host_bridge;
	struct pci_device *dev[PCI_MAX_DEVFN];	/* by slot << 3 | function */
	uint64_t mmio_base;	/* the memory window is [mmio_base, PCI_MMIO_END) */
};

void pci_bus_init(struct pci_bus *bus);
void pci_bus_destroy(struct pci_bus *bus);
/* Fills the header with vendor/device/class; slot 0 is the host bridge. */
void pci_device_init(struct pci_device *d, uint16_t vendor, uint16_t device,
		     uint32_t class_code, uint8_t header_type);
/* Function 0 of @slot. */
int pci_bus_add(struct pci_bus *bus, struct pci_device *d, unsigned int slot, struct err *e);
/* Function @fn of @slot: function 0's header type must say multi-function (bit 7). */
int pci_bus_add_fn(struct pci_bus *bus, struct pci_device *d, unsigned int slot,
		   unsigned int fn, struct err *e);

/* Makes BAR 0 a 64-bit memory BAR at @addr, memory decoding on (as firmware leaves it). */
void pci_device_set_bar64(struct pci_device *d, uint64_t size, uint64_t addr, iobus_fn io);
/* BAR 0's address while memory decoding is on, else 0. Bus lock held or no vCPUs. */
uint64_t pci_bar64_addr(const struct pci_device *d);

/*
 * iobus adapter for the PCI memory window [bus->mmio_base, PCI_MMIO_END):
 * dispatches to the device whose BAR 0 holds the address, wherever the guest
 * moved it inside the window. @offset is relative to bus->mmio_base.
 */
void pci_mmio_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);
/* Where sevvm places the BARs itself (direct boot and its own firmware). */
#define PCI_MMIO_WINDOW		0xe0000000ull
#define PCI_MMIO_SIZE		0x10000000ull
/*
 * The window ends where OVMF's 32-bit PCI aperture ends (0xfc000000, below
 * the IOAPIC; PlatformInitLib's PlatformMemMapInitialization).
 */
#define PCI_MMIO_END		0xfc000000ull

/*
 * The window's base for RAM below 4 GiB ending at @low_ram_end: the base of
 * OVMF's uncached 32-bit area on the 440FX, 4 GiB minus the largest power of
 * two that fits above the RAM (one variable MTRR: PlatformQemuUc32Base-
 * Initialization), where OVMF's PCI bus driver allocates BARs from. It is
 * never above PCI_MMIO_WINDOW for sevvm's 3 GiB MMIO hole.
 */
uint64_t pci_mmio_base_for(uint64_t low_ram_end);

/* Configuration access by bus/device/function, for the mechanism and tests. */
uint32_t pci_cfg_read(struct pci_bus *bus, uint32_t address, unsigned int off_in_dword,
		      unsigned int len);
void pci_cfg_write(struct pci_bus *bus, uint32_t address, unsigned int off_in_dword,
		   unsigned int len, uint32_t val);

/* iobus adapter for 0xcf8..0xcff. */
void pci_conf1_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Lock order: the bus lock, then a device's own lock (its cfg_written and
 * cfg_reading hooks run with the bus lock held; virtio-pci takes its
 * device lock there), then what that device takes (vmm/vm.h lists all).
 */
#include "devices/pci.h"

#include <errno.h>
#include <string.h>

#define PCI_VENDOR_ID		0x00
#define PCI_COMMAND		0x04
#define PCI_CLASS_REVISION	0x08
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_COMMAND_MEMORY	0x2
#define PCI_BAR_MEM64		0x4
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c

#define CONF1_ENABLE		0x80000000u

/*
 * The Intel 82441FX PMC (440FX host bridge), OVMF's INTEL_82441_DEVICE_ID
 * (OvmfPkg/Include/IndustryStandard/I440FxPiix4.h); revision 2 as QEMU's.
 */
#define HOST_VENDOR		0x8086
#define HOST_DEVICE		0x1237
#define HOST_REVISION		0x02
#define CLASS_HOST_BRIDGE	0x060000
/*
 * PAM0..PAM6 (82441FX datasheet 3.2.18): read/write enables of the BIOS
 * areas below 1 MiB. sevvm maps RAM there whatever they say, so they are
 * plain read/write bytes for firmware that programs them.
 */
#define I440FX_PAM0		0x59
#define I440FX_PAM_COUNT	7

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void pci_device_init(struct pci_device *d, uint16_t vendor, uint16_t device,
		     uint32_t class_code, uint8_t header_type)
{
	memset(d->cfg, 0, sizeof(d->cfg));
	memset(d->wmask, 0, sizeof(d->wmask));
	put16(d->cfg + PCI_VENDOR_ID, vendor);
	put16(d->cfg + PCI_VENDOR_ID + 2, device);
	d->cfg[PCI_CLASS_REVISION + 1] = (uint8_t)class_code;
	d->cfg[PCI_CLASS_REVISION + 2] = (uint8_t)(class_code >> 8);
	d->cfg[PCI_CLASS_REVISION + 3] = (uint8_t)(class_code >> 16);
	d->cfg[PCI_HEADER_TYPE] = header_type;
	put16(d->cfg + PCI_SUBSYSTEM_VENDOR_ID, vendor);
	/* Command register: I/O, memory, bus master, INTx disable. */
	put16(d->wmask + PCI_COMMAND, 0x0407);
}

void pci_bus_init(struct pci_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
	pthread_mutex_init(&bus->lock, NULL);
	pci_device_init(&bus->host_bridge, HOST_VENDOR, HOST_DEVICE, CLASS_HOST_BRIDGE, 0);
	bus->host_bridge.cfg[PCI_CLASS_REVISION] = HOST_REVISION;
	memset(bus->host_bridge.wmask + I440FX_PAM0, 0xff, I440FX_PAM_COUNT);
	bus->dev[0] = &bus->host_bridge;
	bus->mmio_base = PCI_MMIO_WINDOW;
}

uint64_t pci_mmio_base_for(uint64_t low_ram_end)
{
	uint64_t room = (1ull << 32) - low_ram_end, pow2 = 1ull << 31;

	while (pow2 > room)
		pow2 >>= 1;
	return (1ull << 32) - pow2;
}

void pci_bus_destroy(struct pci_bus *bus)
{
	pthread_mutex_destroy(&bus->lock);
}

int pci_bus_add_fn(struct pci_bus *bus, struct pci_device *d, unsigned int slot,
		   unsigned int fn, struct err *e)
{
	unsigned int devfn = slot * PCI_MAX_FUNCTIONS + fn;

	if (slot >= PCI_MAX_DEVICES || fn >= PCI_MAX_FUNCTIONS)
		return err_set(e, EINVAL, "PCI device %02x.%u out of range", slot, fn);
	if (bus->dev[devfn])
		return err_set(e, EBUSY, "PCI device %02x.%u is taken", slot, fn);
	/* Guests scan functions 1-7 only behind a multi-function function 0. */
	if (fn && (!bus->dev[devfn - fn] || !(bus->dev[devfn - fn]->cfg[PCI_HEADER_TYPE] & 0x80)))
		return err_set(e, EINVAL, "PCI device %02x.%u: function 0 is not multi-function",
			       slot, fn);
	bus->dev[devfn] = d;
	return 0;
}

int pci_bus_add(struct pci_bus *bus, struct pci_device *d, unsigned int slot, struct err *e)
{
	return pci_bus_add_fn(bus, d, slot, 0, e);
}

/* Device of CONFIG_ADDRESS @a on bus 0; NULL for none. */
static struct pci_device *addressed(struct pci_bus *bus, uint32_t a)
{
	unsigned int busno = a >> 16 & 0xff, devfn = a >> 8 & 0xff;

	if (!(a & CONF1_ENABLE) || busno)
		return NULL;
	return bus->dev[devfn];
}

uint32_t pci_cfg_read(struct pci_bus *bus, uint32_t address, unsigned int off_in_dword,
		      unsigned int len)
{
	struct pci_device *d;
	uint32_t v = 0;
	unsigned int off, i;

	pthread_mutex_lock(&bus->lock);
	d = addressed(bus, address);
	off = (address & 0xfc) + off_in_dword;
	if (!d || off + len > PCI_CFG_SIZE) {
		v = 0xffffffffu;
	} else {
		if (d->cfg_reading)
			d->cfg_reading(d, off, len);
		for (i = 0; i < len; i++)
			v |= (uint32_t)d->cfg[off + i] << (8 * i);
	}
	pthread_mutex_unlock(&bus->lock);
	if (len < 4)
		v &= (1u << (8 * len)) - 1;
	return v;
}

void pci_cfg_write(struct pci_bus *bus, uint32_t address, unsigned int off_in_dword,
		   unsigned int len, uint32_t val)
{
	struct pci_device *d;
	unsigned int off, i;

	pthread_mutex_lock(&bus->lock);
	d = addressed(bus, address);
	off = (address & 0xfc) + off_in_dword;
	if (d && off + len <= PCI_CFG_SIZE) {
		for (i = 0; i < len; i++) {
			uint8_t m = d->wmask[off + i], b = (uint8_t)(val >> (8 * i));

			d->cfg[off + i] = (uint8_t)((d->cfg[off + i] & ~m) | (b & m));
		}
		if (d->cfg_written)
			d->cfg_written(d, off, len);
	}
	pthread_mutex_unlock(&bus->lock);
}

static void reset_control_io(struct pci_bus *bus, uint8_t *data, bool is_write)
{
	bool reset;

	pthread_mutex_lock(&bus->lock);
	if (!is_write) {
		*data = bus->reset_control;
		pthread_mutex_unlock(&bus->lock);
		return;
	}
	/* Bits 1-3 are SYS_RST, RST_CPU and FULL_RST; RST_CPU acts on writing 1. */
	bus->reset_control = *data & 0x0e;
	reset = *data & PCI_RESET_CONTROL_RST_CPU;
	pthread_mutex_unlock(&bus->lock);
	if (reset && bus->reset)
		bus->reset(bus->reset_opaque);
}

void pci_conf1_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	struct pci_bus *bus = opaque;
	uint32_t v = 0;

	if (offset == PCI_RESET_CONTROL_PORT - PCI_CONFIG_ADDR && len == 1) {
		reset_control_io(bus, data, is_write);
		return;
	}
	if (offset < 4) {
		/* CONFIG_ADDRESS takes only full dword accesses (mechanism #1). */
		if (offset != 0 || len != 4) {
			if (!is_write)
				memset(data, 0xff, len);
			return;
		}
		pthread_mutex_lock(&bus->lock);
		if (is_write)
			memcpy(&bus->config_address, data, 4);
		else
			memcpy(data, &bus->config_address, 4);
		pthread_mutex_unlock(&bus->lock);
		return;
	}
	pthread_mutex_lock(&bus->lock);
	v = bus->config_address;
	pthread_mutex_unlock(&bus->lock);
	if (is_write) {
		uint32_t val = 0;

		memcpy(&val, data, len);
		pci_cfg_write(bus, v, (unsigned int)offset - 4, len, val);
	} else {
		uint32_t r = pci_cfg_read(bus, v, (unsigned int)offset - 4, len);

		memcpy(data, &r, len);
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void pci_device_set_bar64(struct pci_device *d, uint64_t size, uint64_t addr, iobus_fn io)
{
	/* Sizing (PCI 3.0, 6.2.5.1): writing all ones reads back ~(size - 1). */
	uint64_t mask = ~(size - 1);

	d->bar_size = size;
	d->bar_io = io;
	put32(d->cfg + PCI_BAR0, (uint32_t)addr | PCI_BAR_MEM64);
	put32(d->cfg + PCI_BAR0 + 4, (uint32_t)(addr >> 32));
	put32(d->wmask + PCI_BAR0, (uint32_t)mask & ~0xfu);
	put32(d->wmask + PCI_BAR0 + 4, (uint32_t)(mask >> 32));
	d->cfg[PCI_COMMAND] |= PCI_COMMAND_MEMORY;
}

uint64_t pci_bar64_addr(const struct pci_device *d)
{
	uint64_t a;

	if (!d->bar_size || !(d->cfg[PCI_COMMAND] & PCI_COMMAND_MEMORY))
		return 0;
	a = (uint64_t)get32(d->cfg + PCI_BAR0 + 4) << 32 | (get32(d->cfg + PCI_BAR0) & ~0xfu);
	return a;
}

void pci_mmio_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	struct pci_bus *bus = opaque;
	uint64_t addr = bus->mmio_base + offset;
	struct pci_device *hit = NULL;
	uint64_t base = 0;
	unsigned int i;

	pthread_mutex_lock(&bus->lock);
	for (i = 1; i < PCI_MAX_DEVFN && !hit; i++) {
		struct pci_device *d = bus->dev[i];
		uint64_t a = d ? pci_bar64_addr(d) : 0;

		if (a && addr >= a && addr - a < d->bar_size && len <= d->bar_size - (addr - a)) {
			hit = d;
			base = a;
		}
	}
	pthread_mutex_unlock(&bus->lock);
	if (hit)
		hit->bar_io(hit->opaque, addr - base, data, len, is_write);
	else if (!is_write)
		memset(data, 0xff, len);
}

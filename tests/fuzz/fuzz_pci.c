// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space (conf1 ports and the config access functions,
 * devices/pci.c) and the virtio-pci common, notify, ISR and MSI-X regions
 * behind BAR 0 (devices/virtio_pci.c), of a virtio-blk device; the chipset
 * functions at 00:01 that conf1 reaches (devices/piix.c) and the ACPI PM
 * block wherever their PMBA puts it (its movable port decoder).
 * Input: accesses of 7 bytes each: kind (1), offset (2), value (4).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "devices/piix.h"
#include "tests/fuzz/blk_device.h"
#include "tests/fuzz/fuzz.h"

#define SLOT	3

static struct acpi_pm pm;
static struct piix piix;

static void pm_power_off(void *opaque)
{
	(void)opaque;
}

static uint64_t pm_now(void *opaque)
{
	static uint64_t ns;

	(void)opaque;
	return ns += 1000;
}

static const struct acpi_pm_ops pm_ops = { .power_off = pm_power_off, .now_ns = pm_now };

static void chipset_setup(void)
{
	struct err e;

	acpi_pm_init(&pm, &pm_ops, NULL);
	if (piix_init(&piix, &h->bus, &pm, &e)) {
		fprintf(stderr, "piix_init: %s\n", e.msg);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	uint8_t port[8];

	if (!h) {
		blk_device_setup(SLOT, "pci");
		chipset_setup();
	}
	vh_bar_write(h, 20, 1, 0);	/* device reset */
	/* BAR 0 and the command register back where the harness wants them. */
	vh_cfg_write(h, 0x10, 4, (uint32_t)h->bar);
	vh_cfg_write(h, 0x14, 4, (uint32_t)(h->bar >> 32));
	vh_cfg_write(h, 0x04, 2, 0x6);
	while (in.left) {
		unsigned int kind = (unsigned int)fuzz_take(&in, 1);
		unsigned int off = (unsigned int)fuzz_take(&in, 2);
		uint64_t v = fuzz_take(&in, 4);
		unsigned int len = sizes[kind & 3];

		switch (kind >> 2 & 3) {
		case 0:		/* config space of the slot, through the functions */
			if (len == 8 || (off & 3) + len > 4)
				len = 1;	/* as conf1 delivers them */
			if (kind & 0x10)
				vh_cfg_write(h, off & 0xff, len, (uint32_t)v);
			else
				vh_cfg_read(h, off & 0xff, len);
			break;
		case 1:		/* conf1: 0xcf8 address, 0xcfc..0xcff data */
			if (len == 8 || (off & 7) + len > 8)
				len = 1;	/* inside the 8 ports, as the bus delivers */
			memcpy(port, &v, sizeof(v));
			pci_conf1_io(&h->bus, off & 7, port, len, kind & 0x10);
			break;
		case 3:		/* port I/O: the PM block if decoded there */
			if (len == 8)
				len = 4;
			memcpy(port, &v, sizeof(v));
			piix_pm_io(&piix, off, port, len, kind & 0x10);
			break;
		default:	/* BAR 0 */
			if (kind & 0x10)
				vh_bar_write(h, off % VIRTIO_PCI_BAR_SIZE, len, v);
			else
				vh_bar_read(h, off % VIRTIO_PCI_BAR_SIZE, len);
			break;
		}
	}
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/* The VM's legacy platform devices and the host console they talk to. */
#ifndef SEVVM_VM_DEVICES_H
#define SEVVM_VM_DEVICES_H

#include "devices/acpi_pm.h"
#include "devices/debug_exit.h"
#include "devices/pc_testdev.h"
#include "devices/i8042.h"
#include "devices/pci.h"
#include "devices/piix.h"
#include "devices/rtc.h"
#include "devices/uart8250.h"
#include "vmm/util/console.h"
#include "vmm/vm.h"

struct debugcon;

struct vm_devices {
	struct console con;
	struct uart com1;
	struct i8042 kbd;
	struct rtc rtc;
	struct pci_bus pci;
	struct debug_exit dbg;
	struct pc_testdev testdev;
	struct acpi_pm pm;
	struct piix piix;	/* 00:01: ISA bridge and the PM function that places pm */
	struct debugcon *debugcon;	/* --debugcon; NULL when off */
};

/* Allocates vm->dev and opens the console (stdout, stdin, --expect) first of all. */
int vm_devices_open(struct vm *vm, struct err *e);
/*
 * COM1, the i8042, the RTC, PCI configuration (and the reset register), the
 * ACPI PM block, the debug exit port, fw_cfg and --debugcon.
 */
int vm_devices_add(struct vm *vm, struct err *e);
void vm_devices_destroy(struct vm *vm);

#endif

// SPDX-License-Identifier: GPL-2.0
/* The legacy platform devices on the I/O bus, and what their events do to the VM. */
#include "vmm/vm_devices.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "devices/debugcon.h"
#include "devices/fw_cfg.h"
#include "sev/ghcb.h"
#include "vmm/boot_fw.h"
#include "vmm/layout.h"
#include "vmm/util/clock.h"

/* Device callbacks. */
static void com1_tx(void *opaque, uint8_t byte)
{
	struct vm *vm = opaque;

	console_putc(&vm->dev->con, CONSOLE_SERIAL, byte);
}

/* An ISA interrupt line of a device (@what names it); a failure stops the VM. */
static void set_irq_line(struct vm *vm, unsigned int line, int level, const char *what)
{
	struct kvm_irq_level irq = { .irq = line, .level = (uint32_t)level };

	if (ioctl(vm->fd, KVM_IRQ_LINE, &irq) < 0)
		vm_request_stop(vm, VM_STOP_ERROR, EXIT_ERROR, "KVM_IRQ_LINE (%s, IRQ %u): %s",
				what, line, strerror(errno));
}

static void testdev_irq(void *opaque, unsigned int line, int level)
{
	set_irq_line(opaque, line, level, "pc-testdev");
}

static void com1_irq(void *opaque, int level)
{
	set_irq_line(opaque, UART_COM1_IRQ, level, "COM1");
}

static void kbd_reset(void *opaque)
{
	vm_request_stop(opaque, VM_STOP_RESET, EXIT_GUEST_OK,
			"guest reset (i8042 reset line)");
}

static void acpi_power_off(void *opaque)
{
	vm_request_stop(opaque, VM_STOP_POWEROFF, EXIT_GUEST_OK,
			"guest powered off (ACPI S5)");
}

static void acpi_sci(void *opaque, int level)
{
	set_irq_line(opaque, ACPI_SCI_IRQ, level, "SCI");
}

static uint64_t monotonic_ns(void *opaque)
{
	(void)opaque;
	return clock_now_ns();
}

static void acpi_reset(void *opaque)
{
	vm_request_stop(opaque, VM_STOP_RESET, EXIT_GUEST_OK,
			"guest rebooted (ACPI reset register)");
}

/* sevvm's firmware stops without SEV-ES by writing 0x10 + its reason code. */
#define FW_EXIT_BASE	0x10

static void debug_exit(void *opaque, int status)
{
	struct vm *vm = opaque;
	unsigned int code = (unsigned int)(status >> 1) - FW_EXIT_BASE;
	const char *why = vm->fw ? ghcb_term_reason(2, code) : "unknown";

	if (strcmp(why, "unknown"))
		vm_request_stop(vm, VM_STOP_DEBUG_EXIT, status, "guest wrote the debug exit port: "
				"exit status %d (%s)", status, why);
	else
		vm_request_stop(vm, VM_STOP_DEBUG_EXIT, status,
				"guest wrote the debug exit port: exit status %d", status);
}

static void expect_matched(void *opaque)
{
	struct vm *vm = opaque;

	vm_request_stop(vm, VM_STOP_EXPECT, EXIT_GUEST_OK,
			"console output matched --expect '%s'", vm->cfg->expect);
}

static time_t host_time(void)
{
	return time(NULL);
}

int vm_devices_open(struct vm *vm, struct err *e)
{
	vm->dev = calloc(1, sizeof(*vm->dev));
	if (!vm->dev)
		return err_set(e, ENOMEM, "devices");
	return console_init(&vm->dev->con, STDOUT_FILENO, STDIN_FILENO, vm->cfg->expect,
			    expect_matched, vm, e);
}

/* --debugcon: ports 0x402 and 0xe9, both to the same output. */
static int add_debugcon(struct vm *vm, struct err *e)
{
	struct vm_devices *d = vm->dev;
	int r;

	d->debugcon = calloc(1, sizeof(*d->debugcon));
	if (!d->debugcon)
		return err_set(e, ENOMEM, "--debugcon");
	r = debugcon_open(d->debugcon, vm->cfg->debugcon, vm->trace ? &vm->trace->t0 : NULL, e);
	if (r) {
		free(d->debugcon);
		d->debugcon = NULL;
		return r;
	}
	r = iobus_register(&vm->pio, DEBUGCON_PORT, 1, debugcon_io, d->debugcon, "debugcon", e);
	if (!r)
		r = iobus_register(&vm->pio, DEBUGCON_BOCHS_PORT, 1, debugcon_io, d->debugcon,
				   "debugcon (0xe9)", e);
	return r;
}

int vm_devices_add(struct vm *vm, struct err *e)
{
	struct vm_devices *d = vm->dev;
	static const struct uart_ops com1_ops = { .tx = com1_tx, .set_irq = com1_irq };
	static const struct acpi_pm_ops pm_ops = {
		.power_off = acpi_power_off, .set_sci = acpi_sci, .now_ns = monotonic_ns,
	};
	int r;

	uart_init(&d->com1, &com1_ops, vm);
	i8042_init(&d->kbd, kbd_reset, vm);
	rtc_init(&d->rtc, host_time);
	rtc_set_memory(&d->rtc, vm->cfg->mem_size < GUEST_MMIO_HOLE_START ?
			       vm->cfg->mem_size : GUEST_MMIO_HOLE_START,
		       vm->cfg->mem_size > GUEST_MMIO_HOLE_START ?
			       vm->cfg->mem_size - GUEST_MMIO_HOLE_START : 0);
	pci_bus_init(&d->pci);
	d->pci.mmio_base = pci_mmio_base_for(vm->cfg->mem_size < GUEST_MMIO_HOLE_START ?
					     vm->cfg->mem_size : GUEST_MMIO_HOLE_START);
	d->pci.reset = acpi_reset;
	d->pci.reset_opaque = vm;
	acpi_pm_init(&d->pm, &pm_ops, vm);
	d->dbg = (struct debug_exit){ .exit = debug_exit, .opaque = vm };
	d->testdev = (struct pc_testdev){ .set_irq = testdev_irq, .opaque = vm };

	r = piix_init(&d->piix, &d->pci, &d->pm, e);
	if (r)
		return r;
	/* The PM block sits where the guest's PMBA puts it (devices/piix.h). */
	iobus_set_movable(&vm->pio, piix_pm_io, &d->piix);
	r = iobus_register(&vm->pio, UART_COM1_BASE, 8, uart_io, &d->com1, "ttyS0", e);
	if (!r)
		r = iobus_register(&vm->pio, I8042_DATA_PORT, 1, i8042_data_io, &d->kbd,
				   "i8042 data", e);
	if (!r)
		r = iobus_register(&vm->pio, I8042_CMD_PORT, 1, i8042_cmd_io, &d->kbd,
				   "i8042 command", e);
	if (!r)
		r = iobus_register(&vm->pio, RTC_PORT, 2, rtc_io, &d->rtc, "rtc", e);
	if (!r)
		r = iobus_register(&vm->pio, PCI_CONFIG_ADDR, 8, pci_conf1_io, &d->pci,
				   "pci conf1", e);
	if (!r)
		r = iobus_register(&vm->pio, DEBUG_EXIT_PORT, DEBUG_EXIT_SIZE, debug_exit_io,
				   &d->dbg, "debug exit", e);
	/* pc-testdev, always present: nothing else claims its ports. */
	if (!r)
		r = iobus_register(&vm->pio, PC_TESTDEV_IOPORT, PC_TESTDEV_IOPORT_LEN,
				   pc_testdev_ioport_io, &d->testdev, "pc-testdev", e);
	if (!r)
		r = iobus_register(&vm->pio, PC_TESTDEV_IRQ_PORT, PC_TESTDEV_IRQ_LINES,
				   pc_testdev_irq_io, &d->testdev, "pc-testdev irq", e);
	if (!r && vm->fw)
		r = iobus_register(&vm->pio, FW_CFG_PORT_SEL, FW_CFG_PORT_LEN, fw_cfg_io,
				   &vm->fw->cfg, "fw_cfg", e);
	if (!r && vm->cfg->debugcon)
		r = add_debugcon(vm, e);
	return r;
}

void vm_devices_destroy(struct vm *vm)
{
	struct vm_devices *d = vm->dev;

	if (!d)
		return;
	console_destroy(&d->con);
	uart_destroy(&d->com1);
	i8042_destroy(&d->kbd);
	rtc_destroy(&d->rtc);
	pci_bus_destroy(&d->pci);
	acpi_pm_destroy(&d->pm);
	if (d->debugcon) {
		debugcon_close(d->debugcon);
		free(d->debugcon);
	}
	free(d);
	vm->dev = NULL;
}

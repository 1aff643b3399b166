// SPDX-License-Identifier: GPL-2.0
/*
 * The chipset OVMF programs: 440FX host bridge, PIIX3 ISA bridge and the
 * PIIX4 PM function whose PMBA/PMIOSE place the ACPI PM block
 * (devices/pci.h, devices/piix.h), the CMOS memory sizes (devices/rtc.h),
 * and the PCI window OVMF allocates BARs in.
 */
#include <string.h>
#include "devices/acpi_pm.h"
#include "devices/pci.h"
#include "devices/piix.h"
#include "devices/rtc.h"
#include "tests/unit/unit.h"
#include "vmm/util/iobus.h"

#define BDF(slot, fn)	(0x80000000u | (slot) << 11 | (fn) << 8)

struct pm_clock {
	uint64_t ns;
	int power_offs;
};

static void clock_power_off(void *opaque)
{
	((struct pm_clock *)opaque)->power_offs++;
}

static uint64_t clock_now(void *opaque)
{
	return ((struct pm_clock *)opaque)->ns;
}

static const struct acpi_pm_ops clock_ops = { .power_off = clock_power_off, .now_ns = clock_now };

struct chipset {
	struct pci_bus bus;
	struct acpi_pm pm;
	struct piix piix;
	struct iobus pio;
	struct pm_clock clock;
};

static void chipset_init(struct chipset *c)
{
	struct err e = { 0 };

	memset(c, 0, sizeof(*c));
	pci_bus_init(&c->bus);
	acpi_pm_init(&c->pm, &clock_ops, &c->clock);
	ck_assert_int_eq(piix_init(&c->piix, &c->bus, &c->pm, &e), 0);
	iobus_init(&c->pio, "pio");
	iobus_set_movable(&c->pio, piix_pm_io, &c->piix);
}

static void chipset_destroy(struct chipset *c)
{
	acpi_pm_destroy(&c->pm);
	pci_bus_destroy(&c->bus);
}

/* A port read through the I/O bus, as a vCPU does it. */
static uint32_t port_read(struct chipset *c, uint16_t port, unsigned int len)
{
	uint32_t v = 0;

	iobus_access(&c->pio, port, &v, len, false);
	return v;
}

static void port_write(struct chipset *c, uint16_t port, unsigned int len, uint32_t v)
{
	iobus_access(&c->pio, port, &v, len, true);
}

/* OVMF's OvmfPlatforms.h / I440FxPiix4.h IDs, at the addresses it reads them. */
START_TEST(chipset_ids)
{
	struct chipset c;

	chipset_init(&c);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0), 0, 4), 0x12378086);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0), 2, 2), 0x1237);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0) | 8, 0, 4), 0x06000002);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 0), 0, 4), 0x70008086);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 0) | 8, 0, 4) >> 8, 0x060100);
	/* Function 0 says multi-function, so guests scan 00:01.1-7. */
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 0) | 0xc, 2, 1), 0x80);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 3), 0, 4), 0x71138086);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 3) | 8, 0, 4), 0x06800003);
	/* Functions 1, 2 and 4-7 of slot 1 are absent. */
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 1), 0, 4), 0xffffffff);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 7), 0, 4), 0xffffffff);
	/* PAM0..PAM6 read back what is written; 0x58 and 0x60 stay read-only. */
	pci_cfg_write(&c.bus, BDF(0, 0) | 0x58, 1, 4, 0x33333333);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0) | 0x58, 0, 4), 0x33333300);
	pci_cfg_write(&c.bus, BDF(0, 0) | 0x5c, 0, 4, 0x11223344);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0) | 0x5c, 0, 4), 0x11223344);
	pci_cfg_write(&c.bus, BDF(0, 0) | 0x60, 0, 1, 0xff);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0) | 0x60, 0, 1), 0);
	/* No SMRAM: the 440FX's SMRAM control (0x72) is 0 and stays 0. */
	pci_cfg_write(&c.bus, BDF(0, 0) | 0x70, 2, 1, 0x4a);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(0, 0) | 0x70, 2, 1), 0);
	chipset_destroy(&c);
}
END_TEST

/* A function other than 0 needs a multi-function function 0. */
START_TEST(chipset_functions_need_multifunction)
{
	struct pci_bus bus;
	struct pci_device a, b;
	struct err e = { 0 };

	pci_bus_init(&bus);
	pci_device_init(&a, 0x1af4, 0x1041, 0x020000, 0);
	pci_device_init(&b, 0x1af4, 0x1042, 0x010000, 0);
	ck_assert_int_lt(pci_bus_add_fn(&bus, &b, 4, 2, &e), 0);
	ck_assert_int_eq(pci_bus_add(&bus, &a, 4, &e), 0);
	ck_assert_int_lt(pci_bus_add_fn(&bus, &b, 4, 2, &e), 0);
	ck_assert_msg(strstr(e.msg, "not multi-function"), "%s", e.msg);
	ck_assert_int_lt(pci_bus_add_fn(&bus, &b, 4, 8, &e), 0);
	ck_assert_int_lt(pci_bus_add(&bus, &b, 4, &e), 0);
	pci_bus_destroy(&bus);
}
END_TEST

/*
 * The PM block as sevvm hands it over: at ACPI_PM_BASE, enabled, where the
 * FADT names it; OVMF sees PMIOSE set and keeps it.
 */
START_TEST(chipset_pm_at_reset)
{
	struct chipset c;
	uint32_t t0, t1;

	chipset_init(&c);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 3) | 0x40, 0, 4), ACPI_PM_BASE | 1);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 3) | 0x80, 0, 1) & PIIX4_PMIOSE, 1);
	ck_assert_uint_eq(piix_pm_base(&c.piix), ACPI_PM_BASE);
	c.clock.ns = 1000000000ull;
	t0 = port_read(&c, ACPI_PM_BASE + ACPI_PM_TMR, 4);
	c.clock.ns += 1000000ull;	/* 1 ms: 3579.545 ticks */
	t1 = port_read(&c, ACPI_PM_BASE + ACPI_PM_TMR, 4);
	ck_assert_uint_eq(t0, 3579545u);
	ck_assert_uint_eq(t1 - t0, 3579u);
	/* S5 through PM1_CNT at the enabled base. */
	port_write(&c, ACPI_PM_BASE + ACPI_PM1_CNT, 2, ACPI_SLP_TYP_S5 << 10 | ACPI_PM1_SLP_EN);
	ck_assert_int_eq(c.clock.power_offs, 1);
	chipset_destroy(&c);
}
END_TEST

/* The guest moves PMBA (OVMF's PIIX4 value 0xb000): the block follows; PMIOSE gates it. */
START_TEST(chipset_pm_moves_with_pmba)
{
	struct chipset c;

	chipset_init(&c);
	c.clock.ns = 2000000000ull;
	/* Off: nothing decodes the block. */
	pci_cfg_write(&c.bus, BDF(1, 3) | 0x80, 0, 1, 0);
	ck_assert_uint_eq(piix_pm_base(&c.piix), 0);
	ck_assert_uint_eq(port_read(&c, ACPI_PM_BASE + ACPI_PM_TMR, 4), 0xffffffff);
	/* PlatformMiscInitialization: PMBA, then PMIOSE. Bits 5:1 are not writable. */
	pci_cfg_write(&c.bus, BDF(1, 3) | 0x40, 0, 4, 0xb000 | 0x3e);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 3) | 0x40, 0, 4), 0xb001);
	ck_assert_uint_eq(port_read(&c, 0xb008, 4), 0xffffffff);
	pci_cfg_write(&c.bus, BDF(1, 3) | 0x80, 0, 1, 0xff);
	ck_assert_uint_eq(pci_cfg_read(&c.bus, BDF(1, 3) | 0x80, 0, 1), PIIX4_PMIOSE);
	ck_assert_uint_eq(piix_pm_base(&c.piix), 0xb000);
	ck_assert_uint_eq(port_read(&c, 0xb008, 4), 2u * 3579545u & ACPI_PM_TIMER_MASK);
	ck_assert_uint_eq(port_read(&c, ACPI_PM_BASE + ACPI_PM_TMR, 4), 0xffffffff);
	/* The rest of the 64-byte block reads as all ones; past it, nothing. */
	ck_assert_uint_eq(port_read(&c, 0xb000 + 0x3c, 4), 0xffffffff);
	port_write(&c, 0xb040 + ACPI_PM1_CNT, 2, ACPI_SLP_TYP_S5 << 10 | ACPI_PM1_SLP_EN);
	ck_assert_int_eq(c.clock.power_offs, 0);
	port_write(&c, 0xb000 + ACPI_PM1_CNT, 2, ACPI_SLP_TYP_S5 << 10 | ACPI_PM1_SLP_EN);
	ck_assert_int_eq(c.clock.power_offs, 1);
	/* A fixed range wins over the movable block (0xcf8 is the bus's). */
	pci_cfg_write(&c.bus, BDF(1, 3) | 0x40, 0, 2, 0x0cc0);
	ck_assert_uint_eq(piix_pm_base(&c.piix), 0x0cc0);
	ck_assert_uint_eq(port_read(&c, 0x0cc8, 4), 2u * 3579545u & ACPI_PM_TIMER_MASK);
	chipset_destroy(&c);
}
END_TEST

static unsigned int cmos(struct rtc *r, uint8_t reg)
{
	rtc_write(r, RTC_PORT, reg);
	return rtc_read(r, RTC_PORT + 1);
}

/* What OVMF and SeaBIOS compute from CMOS: QEMU's pc_cmos_init_late() values. */
START_TEST(chipset_cmos_memory)
{
	struct rtc r;

	rtc_init(&r, NULL);
	rtc_set_memory(&r, 512ull << 20, 0);
	/* OVMF: ((0x35 << 8 | 0x34) << 16) + 16 MiB = 512 MiB. */
	ck_assert_uint_eq((cmos(&r, 0x35) << 8 | cmos(&r, 0x34)) * 65536ull + (16ull << 20),
			  512ull << 20);
	/* KiB above 1 MiB, 16 bits: 511 MiB saturates. */
	ck_assert_uint_eq(cmos(&r, 0x31) << 8 | cmos(&r, 0x30), 0xffff);
	ck_assert_uint_eq(cmos(&r, 0x18) << 8 | cmos(&r, 0x17), 0xffff);
	ck_assert_uint_eq(cmos(&r, 0x16) << 8 | cmos(&r, 0x15), 640);
	ck_assert_uint_eq(cmos(&r, 0x5b) | cmos(&r, 0x5c) << 8 | cmos(&r, 0x5d) << 16, 0);
	/* 6 GiB: 3 GiB below the hole, 3 GiB above 4 GiB; 0x30/0x31 saturate. */
	rtc_set_memory(&r, 3ull << 30, 3ull << 30);
	ck_assert_uint_eq(cmos(&r, 0x35) << 8 | cmos(&r, 0x34), (3u << 14) - 256);
	ck_assert_uint_eq(cmos(&r, 0x31) << 8 | cmos(&r, 0x30), 0xffff);
	ck_assert_uint_eq(cmos(&r, 0x5b) | cmos(&r, 0x5c) << 8 | cmos(&r, 0x5d) << 16,
			  3u << 14);
	rtc_set_memory(&r, 32ull << 20, 0);
	ck_assert_uint_eq(cmos(&r, 0x31) << 8 | cmos(&r, 0x30), 31u * 1024);
	ck_assert_uint_eq(cmos(&r, 0x35) << 8 | cmos(&r, 0x34), 256);
	/* 4 MiB: nothing above 16 MiB. */
	rtc_set_memory(&r, 4ull << 20, 0);
	ck_assert_uint_eq(cmos(&r, 0x35) << 8 | cmos(&r, 0x34), 0);
	ck_assert_uint_eq(cmos(&r, 0x31) << 8 | cmos(&r, 0x30), 3u * 1024);
	rtc_destroy(&r);
}
END_TEST

/* OVMF's 440FX aperture base: one MTRR from there to 4 GiB, never in RAM. */
START_TEST(chipset_pci_window)
{
	ck_assert_uint_eq(pci_mmio_base_for(4ull << 20), 0x80000000);
	ck_assert_uint_eq(pci_mmio_base_for(512ull << 20), 0x80000000);
	ck_assert_uint_eq(pci_mmio_base_for(2ull << 30), 0x80000000);
	ck_assert_uint_eq(pci_mmio_base_for((2ull << 30) + 4096), 0xc0000000);
	ck_assert_uint_eq(pci_mmio_base_for(3ull << 30), 0xc0000000);
	/* sevvm's own BAR placement lies inside every window. */
	ck_assert_uint_le(pci_mmio_base_for(3ull << 30), PCI_MMIO_WINDOW);
	ck_assert_uint_le(PCI_MMIO_WINDOW + PCI_MMIO_SIZE, PCI_MMIO_END);
}
END_TEST

Suite *chipset_suite(void)
{
	Suite *s = suite_create("chipset");
	TCase *tc = tcase_create("piix");

	tcase_add_test(tc, chipset_ids);
	tcase_add_test(tc, chipset_functions_need_multifunction);
	tcase_add_test(tc, chipset_pm_at_reset);
	tcase_add_test(tc, chipset_pm_moves_with_pmba);
	tcase_add_test(tc, chipset_cmos_memory);
	tcase_add_test(tc, chipset_pci_window);
	suite_add_tcase(s, tc);
	return s;
}

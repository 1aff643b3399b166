/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI power management I/O block with the register layout of the Intel
 * ICH9's PMBASE (ICH9 datasheet 13.8.3; QEMU's q35 puts PMBASE at 0x600):
 *
 *   PMBASE + 0  PM1_STS  16 bits, write 1 to clear
 *   PMBASE + 2  PM1_EN   16 bits
 *   PMBASE + 4  PM1_CNT  SCI_EN (always set: there is no SMI_CMD), SLP_TYP, SLP_EN
 *   PMBASE + 8  PM_TMR   24-bit counter at 3.579545 MHz (ACPI 6.4, 4.8.3.3)
 *
 * Writing SLP_TYP = 7 (the S5 value of ICH9 and of the DSDT's \_S5) with
 * SLP_EN powers the machine off. The reset register the FADT names is the
 * chipset's Reset Control Register at 0xcf9 (devices/pci.h).
 *
 * The device raises the SCI while an enabled status bit is set. The timer's
 * TMR_STS is noted when the guest reads PM1_STS, not when the counter's bit
 * 23 flips: no SCI comes from the timer.
 */
#ifndef SEVVM_ACPI_PM_H
#define SEVVM_ACPI_PM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define ACPI_PM_BASE		0x600
#define ACPI_PM_LEN		12
#define ACPI_PM1_STS		0
#define ACPI_PM1_EN		2
#define ACPI_PM1_CNT		4
#define ACPI_PM_TMR		8
#define ACPI_PM1_EVT_LEN	4
#define ACPI_PM1_CNT_LEN	2
#define ACPI_PM_TMR_LEN		4

#define ACPI_SCI_IRQ		9
#define ACPI_PM_TIMER_HZ	3579545ull
#define ACPI_PM_TIMER_MASK	0xffffffu

/* PM1 status and enable bits (ACPI 6.4, 4.8.3.1). */
#define ACPI_PM1_TMR_STS	(1u << 0)
#define ACPI_PM1_BM_STS		(1u << 4)
#define ACPI_PM1_GBL_STS	(1u << 5)
#define ACPI_PM1_PWRBTN_STS	(1u << 8)
#define ACPI_PM1_RTC_STS	(1u << 10)
#define ACPI_PM1_WAK_STS	(1u << 15)
#define ACPI_PM1_EN_MASK	0x0521u	/* TMR_EN, GBL_EN, PWRBTN_EN, RTC_EN */

/* PM1 control bits (4.8.3.2). */
#define ACPI_PM1_SCI_EN		(1u << 0)
#define ACPI_PM1_SLP_TYP_SHIFT	10
#define ACPI_PM1_SLP_TYP_MASK	(7u << ACPI_PM1_SLP_TYP_SHIFT)
#define ACPI_PM1_SLP_EN		(1u << 13)
#define ACPI_SLP_TYP_S5		7

struct acpi_pm_ops {
	void (*power_off)(void *opaque);
	void (*set_sci)(void *opaque, int level);
	uint64_t (*now_ns)(void *opaque);	/* a monotonic clock */
};

struct acpi_pm {
	pthread_mutex_t lock;		/* a leaf: callbacks run after unlocking */
	const struct acpi_pm_ops *ops;
	void *opaque;
	uint16_t sts, en, cnt;
	uint64_t tmr_seen;		/* timer ticks at the last PM1_STS read */
	int sci;			/* the level last passed to set_sci */
};

void acpi_pm_init(struct acpi_pm *pm, const struct acpi_pm_ops *ops, void *opaque);
void acpi_pm_destroy(struct acpi_pm *pm);
/* The timer's value at @ns of the clock: ticks at 3.579545 MHz, 24 bits. */
uint32_t acpi_pm_timer_at(uint64_t ns);
void acpi_pm_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write);

#endif

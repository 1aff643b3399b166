// SPDX-License-Identifier: GPL-2.0
/* The ACPI PM1 event and control registers and the PM timer (devices/acpi_pm.h). */
#include "devices/acpi_pm.h"

#include <string.h>

#define NSEC_PER_SEC	1000000000ull

/* Whole seconds and the rest apart, so the product cannot overflow 64 bits. */
static uint64_t ticks_at(uint64_t ns)
{
	return ns / NSEC_PER_SEC * ACPI_PM_TIMER_HZ +
	       ns % NSEC_PER_SEC * ACPI_PM_TIMER_HZ / NSEC_PER_SEC;
}

void acpi_pm_init(struct acpi_pm *pm, const struct acpi_pm_ops *ops, void *opaque)
{
	*pm = (struct acpi_pm){ .ops = ops, .opaque = opaque, .cnt = ACPI_PM1_SCI_EN };
	pm->tmr_seen = ticks_at(ops->now_ns(opaque));
	pthread_mutex_init(&pm->lock, NULL);
}

void acpi_pm_destroy(struct acpi_pm *pm)
{
	pthread_mutex_destroy(&pm->lock);
}

uint32_t acpi_pm_timer_at(uint64_t ns)
{
	return (uint32_t)(ticks_at(ns) & ACPI_PM_TIMER_MASK);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int sci_level(const struct acpi_pm *pm)
{
	return (pm->sts & pm->en & ACPI_PM1_EN_MASK) != 0;
}

/*
 * TMR_STS is set each time bit 23 of the counter changes (4.8.3.1.1): seen
 * here as a change of bit 23 and up of the free-running tick count.
 */
static void note_timer(struct acpi_pm *pm, uint64_t ticks)
{
	if ((ticks >> 23) != (pm->tmr_seen >> 23))
		pm->sts |= ACPI_PM1_TMR_STS;
	pm->tmr_seen = ticks;
}

void acpi_pm_io(void *opaque, uint64_t offset, void *data, unsigned int len, bool is_write)
{
	struct acpi_pm *pm = opaque;
	uint8_t regs[ACPI_PM_LEN] = { 0 }, mask[ACPI_PM_LEN] = { 0 };
	uint64_t ticks = ticks_at(pm->ops->now_ns(pm->opaque));
	bool power_off = false;
	int old_sci, sci;
	uint32_t tmr;

	if (offset >= ACPI_PM_LEN || len > ACPI_PM_LEN - offset) {
		if (!is_write)
			memset(data, 0xff, len);
		return;
	}
	pthread_mutex_lock(&pm->lock);
	old_sci = pm->sci;
	if (!is_write) {
		if (offset < ACPI_PM1_EN)
			note_timer(pm, ticks);
		tmr = (uint32_t)(ticks & ACPI_PM_TIMER_MASK);
		memcpy(regs + ACPI_PM1_STS, &pm->sts, 2);
		memcpy(regs + ACPI_PM1_EN, &pm->en, 2);
		memcpy(regs + ACPI_PM1_CNT, &pm->cnt, 2);
		memcpy(regs + ACPI_PM_TMR, &tmr, 4);
		memcpy(data, regs + offset, len);
	} else {
		uint16_t m, v;

		memcpy(regs + offset, data, len);
		memset(mask + offset, 0xff, len);
		m = get16(mask + ACPI_PM1_STS);
		pm->sts &= (uint16_t)~(get16(regs + ACPI_PM1_STS) & m);
		m = get16(mask + ACPI_PM1_EN);
		v = (uint16_t)((pm->en & ~m) | (get16(regs + ACPI_PM1_EN) & m));
		pm->en = v & ACPI_PM1_EN_MASK;
		m = get16(mask + ACPI_PM1_CNT);
		v = (uint16_t)((pm->cnt & ~m) | (get16(regs + ACPI_PM1_CNT) & m));
		/* SLP_EN is write-only and reads as 0; SCI_EN stays set. */
		if ((v & ACPI_PM1_SLP_EN) &&
		    (v & ACPI_PM1_SLP_TYP_MASK) >> ACPI_PM1_SLP_TYP_SHIFT == ACPI_SLP_TYP_S5)
			power_off = true;
		pm->cnt = (uint16_t)((v & ~ACPI_PM1_SLP_EN) | ACPI_PM1_SCI_EN);
	}
	sci = sci_level(pm);
	pm->sci = sci;
	pthread_mutex_unlock(&pm->lock);

	if (sci != old_sci && pm->ops->set_sci)
		pm->ops->set_sci(pm->opaque, sci);
	if (power_off)
		pm->ops->power_off(pm->opaque);
}

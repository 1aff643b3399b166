// SPDX-License-Identifier: GPL-2.0
/* pc-testdev: the scratch register at 0xe0 by width and offset, the IRQ lines. */
#include <string.h>
#include "tests/unit/unit.h"
#include "devices/pc_testdev.h"

struct irq_log {
	unsigned int line, calls;
	int level;
};

static void log_irq(void *opaque, unsigned int line, int level)
{
	struct irq_log *l = opaque;

	l->line = line;
	l->level = level;
	l->calls++;
}

START_TEST(pc_testdev_ioport)
{
	struct pc_testdev t = { 0 };
	uint32_t v = 0x11223344;
	uint16_t w = 0xaabb;
	uint8_t b = 0;

	pc_testdev_ioport_io(&t, 0, &v, 4, true);
	pc_testdev_ioport_io(&t, 2, &b, 1, false);
	ck_assert_uint_eq(b, 0x22);
	pc_testdev_ioport_io(&t, 1, &w, 2, true);
	v = 0;
	pc_testdev_ioport_io(&t, 0, &v, 4, false);
	ck_assert_uint_eq(v, 0x11aabb44);
	w = 0;
	pc_testdev_ioport_io(&t, 2, &w, 2, false);
	ck_assert_uint_eq(w, 0x11aa);
	b = 0x5a;
	pc_testdev_ioport_io(&t, 3, &b, 1, true);
	pc_testdev_ioport_io(&t, 0, &v, 4, false);
	ck_assert_uint_eq(v, 0x5aaabb44);
}
END_TEST

START_TEST(pc_testdev_irq)
{
	struct irq_log l = { 0 };
	struct pc_testdev t = { .set_irq = log_irq, .opaque = &l };
	uint8_t b = 7;
	uint32_t v = 0xffffffff;

	pc_testdev_irq_io(&t, 5, &b, 1, true);
	ck_assert_uint_eq(l.calls, 1);
	ck_assert_uint_eq(l.line, 5);
	ck_assert_int_eq(l.level, 1);
	b = 0;
	pc_testdev_irq_io(&t, 23, &b, 1, true);
	ck_assert_uint_eq(l.line, 23);
	ck_assert_int_eq(l.level, 0);
	/* Reads raise nothing and float high. */
	pc_testdev_irq_io(&t, 0, &v, 4, false);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_uint_eq(l.calls, 2);
}
END_TEST

Suite *pc_testdev_suite(void)
{
	Suite *s = suite_create("pc_testdev");
	TCase *tc = tcase_create("pc_testdev");

	tcase_add_test(tc, pc_testdev_ioport);
	tcase_add_test(tc, pc_testdev_irq);
	suite_add_tcase(s, tc);
	return s;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-pci transport (VIRTIO 1.2, 4.1) driven as a guest driver would,
 * through configuration mechanism 1 and the BAR, with virtio-rng behind it:
 * capabilities, BAR sizing, feature negotiation, a request served, and
 * hostile rings putting the device into DEVICE_NEEDS_RESET; and a device
 * whose I/O blocks while a vCPU touches the registers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "devices/virtio_rng.h"
#include "tests/unit/virtio_harness.h"
#include "tests/unit/unit.h"

#define SLOT		3
#define RAM_SIZE	VH_RAM_SIZE
#define DESC		VH_DESC
#define AVAIL		VH_AVAIL
#define USED		VH_USED
#define BUF		VH_BUF

struct tp_fixture {
	struct vh *h;
	struct virtio_rng rng;
};

static struct tp_fixture *tp;

static uint32_t cfg_read(unsigned int off, unsigned int len)
{
	return vh_cfg_read(tp->h, off, len);
}

static void cfg_write(unsigned int off, unsigned int len, uint32_t v)
{
	vh_cfg_write(tp->h, off, len, v);
}

static uint64_t bar_read(unsigned int off, unsigned int len)
{
	return vh_bar_read(tp->h, off, len);
}

static void bar_write(unsigned int off, unsigned int len, uint64_t v)
{
	vh_bar_write(tp->h, off, len, v);
}

static void setup_host(bool access_platform)
{
	struct err e;

	tp = calloc(1, sizeof(*tp));
	ck_assert_ptr_nonnull(tp);
	tp->h = vh_create(SLOT, access_platform);
	ck_assert_msg(virtio_rng_init(&tp->rng, &tp->h->host, SLOT, &e) == 0, "%s", e.msg);
}

static void setup(void)
{
	setup_host(false);
}

static void teardown(void)
{
	virtio_rng_destroy(&tp->rng);
	vh_free(tp->h);
	free(tp);
}

/* Offsets of the virtio-pci capability of @type (0: none), walking the list. */
static unsigned int find_cap(uint8_t type, uint32_t *offset)
{
	unsigned int at = cfg_read(0x34, 1), n = 0;

	while (at && n++ < 48) {
		if (cfg_read(at, 1) == 0x09 && cfg_read(at + 3, 1) == type) {
			*offset = cfg_read(at + 8, 4);
			return at;
		}
		at = cfg_read(at + 1, 1);
	}
	return 0;
}

START_TEST(tp_config_space)
{
	uint32_t off;
	unsigned int at;

	ck_assert_uint_eq(cfg_read(0, 2), 0x1af4);
	ck_assert_uint_eq(cfg_read(2, 2), 0x1044);	/* 0x1040 + virtio-rng's ID 4 */
	ck_assert_uint_eq(cfg_read(8, 1), 1);		/* revision 1: modern only */
	ck_assert_uint_eq(cfg_read(0x3d, 1), 1);	/* INTA# */
	ck_assert_uint_eq(cfg_read(0x3c, 1), 16 + SLOT % 8);
	ck_assert(cfg_read(6, 2) & 0x10);		/* capability list */
	ck_assert_uint_eq(cfg_read(cfg_read(0x34, 1), 1), 0x11);	/* MSI-X first */
	ck_assert_uint_eq(cfg_read(0x42, 2) & 0x7ff, 1);	/* 2 vectors */
	ck_assert_uint_ne(find_cap(1, &off), 0);
	ck_assert_uint_eq(off, 0);
	at = find_cap(2, &off);
	ck_assert_uint_ne(at, 0);
	ck_assert_uint_eq(cfg_read(at + 16, 4), 4);	/* notify_off_multiplier */
	ck_assert_uint_ne(find_cap(3, &off), 0);
	/* virtio-rng has no device configuration. */
	ck_assert_uint_eq(find_cap(4, &off), 0);
}
END_TEST

START_TEST(tp_bar_sizing)
{
	uint32_t lo = cfg_read(0x10, 4), hi = cfg_read(0x14, 4);

	ck_assert_uint_eq(lo, (uint32_t)tp->h->bar | 0x4);	/* 64-bit memory BAR */
	ck_assert_uint_eq(hi, 0);
	cfg_write(0x04, 2, 0);				/* decoding off, as Linux sizes */
	ck_assert_uint_eq(bar_read(0x12, 2), 0xffff);		/* no device answers now */
	cfg_write(0x10, 4, 0xffffffff);
	cfg_write(0x14, 4, 0xffffffff);
	ck_assert_uint_eq(cfg_read(0x10, 4), 0xffff8004);	/* 32 KiB */
	ck_assert_uint_eq(cfg_read(0x14, 4), 0xffffffff);
	/* Moved inside the window, the BAR answers at its new place. */
	cfg_write(0x10, 4, (uint32_t)(PCI_MMIO_WINDOW + 0x100000));
	cfg_write(0x14, 4, 0);
	cfg_write(0x04, 2, 0x6);
	tp->h->bar = PCI_MMIO_WINDOW + 0x100000;
	ck_assert_uint_eq(bar_read(0x12, 2), 1);	/* num_queues */
}
END_TEST

static uint64_t device_features(void)
{
	bar_write(0, 4, 0);
	uint64_t lo = bar_read(4, 4);

	bar_write(0, 4, 1);
	return lo | bar_read(4, 4) << 32;
}

START_TEST(tp_features)
{
	uint64_t f = device_features();

	ck_assert(f & 1ull << VIRTIO_F_VERSION_1);
	ck_assert(f & 1ull << VIRTIO_F_EVENT_IDX);
	ck_assert(f & 1ull << VIRTIO_F_INDIRECT_DESC);
	ck_assert(!(f & 1ull << VIRTIO_F_ACCESS_PLATFORM));
	/* Without VERSION_1, FEATURES_OK does not stick (2.2.2). */
	bar_write(20, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	bar_write(8, 4, 0);
	bar_write(12, 4, 1u << VIRTIO_F_EVENT_IDX);
	bar_write(20, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	ck_assert(!(bar_read(20, 1) & VIRTIO_STATUS_FEATURES_OK));
	/* With VERSION_1 it does. */
	bar_write(8, 4, 1);
	bar_write(12, 4, 1);
	bar_write(20, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	ck_assert(bar_read(20, 1) & VIRTIO_STATUS_FEATURES_OK);
	/* A feature the device never offered is refused. */
	bar_write(20, 1, 0);
	bar_write(8, 4, 1);
	bar_write(12, 4, 1u | 1u << 30);
	bar_write(20, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	ck_assert(!(bar_read(20, 1) & VIRTIO_STATUS_FEATURES_OK));
}
END_TEST

START_TEST(tp_access_platform)
{
	teardown();
	setup_host(true);
	ck_assert(device_features() & 1ull << VIRTIO_F_ACCESS_PLATFORM);
}
END_TEST

static void driver_init(uint64_t desc, bool driver_ok)
{
	vh_driver_init(tp->h, 0, desc, driver_ok);
}

static void run_kick(void)
{
	vh_kick(tp->h, &tp->rng.vp, 0);
}

START_TEST(tp_request_served)
{
	struct virtq_desc *d = (struct virtq_desc *)(tp->h->mem + DESC);
	uint16_t *avail = (uint16_t *)(tp->h->mem + AVAIL), *used = (uint16_t *)(tp->h->mem + USED);
	static const uint8_t zero[64];

	driver_init(DESC, true);
	ck_assert_uint_eq(bar_read(28, 2), 1);
	d[0] = (struct virtq_desc){ .addr = BUF, .len = 64, .flags = VIRTQ_DESC_F_WRITE };
	avail[2] = 0;
	avail[1] = 1;
	run_kick();
	ck_assert_uint_eq(used[1], 1);
	ck_assert_uint_eq(*(uint32_t *)(used + 4), 64);		/* len */
	ck_assert_int_ne(memcmp(tp->h->mem + BUF, zero, 64), 0);	/* filled */
	/* INTx: the ISR says "queue", and reading it clears it (4.1.4.5). */
	ck_assert_uint_eq(bar_read(0x1000, 1), 1);
	ck_assert_uint_eq(bar_read(0x1000, 1), 0);
}
END_TEST

START_TEST(tp_ring_outside_ram)
{
	driver_init(RAM_SIZE - 0x10, false);
	ck_assert_uint_eq(bar_read(28, 2), 0);			/* not enabled */
	ck_assert(bar_read(20, 1) & VIRTIO_STATUS_NEEDS_RESET);
	ck_assert_uint_eq(bar_read(0x1000, 1), 2);		/* configuration change */
}
END_TEST

START_TEST(tp_bad_avail_needs_reset)
{
	uint16_t *avail = (uint16_t *)(tp->h->mem + AVAIL), *used = (uint16_t *)(tp->h->mem + USED);

	driver_init(DESC, true);
	avail[1] = 100;		/* 100 entries in an 8-entry ring */
	run_kick();
	ck_assert_uint_eq(used[1], 0);
	ck_assert(bar_read(20, 1) & VIRTIO_STATUS_NEEDS_RESET);
	ck_assert_uint_eq(bar_read(0x1000, 1), 2);
	/* A broken device serves nothing until the driver resets it. */
	avail[1] = 1;
	run_kick();
	ck_assert_uint_eq(used[1], 0);
	bar_write(20, 1, 0);
	ck_assert_uint_eq(bar_read(20, 1), 0);
	memset(tp->h->mem + AVAIL, 0, 0x2000);
	driver_init(DESC, true);
	ck_assert(!(bar_read(20, 1) & VIRTIO_STATUS_NEEDS_RESET));
}
END_TEST

START_TEST(tp_msix_masking)
{
	struct virtq_desc *d = (struct virtq_desc *)(tp->h->mem + DESC);
	uint16_t *avail = (uint16_t *)(tp->h->mem + AVAIL);

	/* MSI-X on with the function masked; vector 0 for queue 0. */
	cfg_write(0x43, 1, 0xc0);
	bar_write(0x4000, 4, 0xfee00000);
	bar_write(0x4008, 4, 0x41);
	ck_assert_uint_eq(bar_read(0x4008, 4), 0x41);
	ck_assert_uint_eq(bar_read(0x400c, 4), 1);	/* masked at reset */
	driver_init(DESC, false);
	bar_write(22, 2, 0);
	ck_assert_uint_eq(tp->rng.vp.q[0].enabled, 1);
	ck_assert_uint_eq(bar_read(26, 2), VIRTIO_NO_VECTOR);	/* fixed once enabled */
	bar_write(20, 1, 0);
	bar_write(22, 2, 0);
	bar_write(26, 2, 0);
	ck_assert_uint_eq(bar_read(26, 2), 0);
	bar_write(26, 2, 7);					/* no such vector */
	ck_assert_uint_eq(bar_read(26, 2), VIRTIO_NO_VECTOR);
	bar_write(26, 2, 0);
	driver_init(DESC, true);
	d[0] = (struct virtq_desc){ .addr = BUF, .len = 8, .flags = VIRTQ_DESC_F_WRITE };
	avail[1] = 1;
	run_kick();
	/* Masked: the vector is pending in the PBA, and the ISR stays clear. */
	ck_assert_uint_eq(bar_read(0x5000, 4), 1);
	ck_assert_uint_eq(bar_read(0x1000, 1), 0);
	bar_write(0x400c, 4, 0);
	cfg_write(0x43, 1, 0x80);				/* unmask the function */
	ck_assert_uint_eq(bar_read(0x5000, 4), 0);		/* delivered */
}
END_TEST

START_TEST(tp_cfg_window)
{
	uint32_t off;
	unsigned int at = find_cap(5, &off);

	ck_assert_uint_ne(at, 0);
	/* Read num_queues (common config 0x12) through the window (4.1.4.9). */
	cfg_write(at + 4, 1, 0);
	cfg_write(at + 8, 4, 0x12);
	cfg_write(at + 12, 4, 2);
	ck_assert_uint_eq(cfg_read(at + 16, 2), 1);
	/* Write queue_size (0x18) through it; the BAR sees the new value. */
	cfg_write(at + 8, 4, 0x18);
	cfg_write(at + 16, 2, 16);
	ck_assert_uint_eq(bar_read(0x18, 2), 16);
	/* A misaligned or odd-sized window does nothing. */
	cfg_write(at + 8, 4, 0x19);
	cfg_write(at + 16, 2, 64);
	cfg_write(at + 8, 4, 0x18);
	cfg_write(at + 12, 4, 3);
	cfg_write(at + 16, 2, 64);
	ck_assert_uint_eq(bar_read(0x18, 2), 16);
}
END_TEST

/*
 * A device type whose queue_notify stands for blocking I/O (virtio-blk's
 * preadv on a slow disk): while it runs on the I/O thread, a vCPU reads the
 * ISR, masks an MSI-X vector, selects a queue and reads the device
 * configuration. Those take only the register lock, which the I/O side must
 * not hold (struct virtio_pci: lock order).
 */
struct slow_dev {
	struct virtio_pci vp;
	struct vh *h;
	int trylock;		/* pthread_mutex_trylock(&vp.lock) inside the I/O */
	bool vcpu_done;
	uint32_t msix_ctrl;
};

static void *slow_vcpu(void *opaque)
{
	struct slow_dev *d = opaque;

	(void)vh_bar_read(d->h, 0x1000, 1);		/* ISR */
	vh_bar_write(d->h, 0x400c, 4, 1);		/* mask vector 0 */
	d->msix_ctrl = (uint32_t)vh_bar_read(d->h, 0x400c, 4);
	vh_bar_write(d->h, 22, 2, 0);			/* queue_select */
	(void)vh_bar_read(d->h, 0x2000, 4);		/* device configuration */
	d->vcpu_done = true;
	return NULL;
}

static void slow_notify(struct virtio_pci *vp, unsigned int q)
{
	struct slow_dev *d = vp->dev;
	pthread_t t;

	(void)q;
	d->trylock = pthread_mutex_trylock(&vp->lock);
	ck_assert_msg(d->trylock == 0, "the I/O side holds the register lock");
	pthread_mutex_unlock(&vp->lock);
	ck_assert_int_eq(pthread_create(&t, NULL, slow_vcpu, d), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
}

static void slow_config_read(struct virtio_pci *vp, unsigned int off, void *data,
			     unsigned int len)
{
	(void)vp;
	(void)off;
	memset(data, 0x5a, len);
}

static const struct virtio_device_ops slow_ops = {
	.queue_notify = slow_notify,
	.config_read = slow_config_read,
};

START_TEST(tp_io_without_register_lock)
{
	const struct virtio_pci_config cfg = {
		.name = "slow", .device_id = 4, .class_code = 0xff0000,
		.nqueues = 1, .config_len = 4,
	};
	struct slow_dev *d = calloc(1, sizeof(*d));
	struct err e;

	ck_assert_ptr_nonnull(d);
	d->h = vh_create(SLOT, false);
	d->trylock = -1;
	ck_assert_msg(virtio_pci_init(&d->vp, &d->h->host, &cfg, &slow_ops, d, SLOT, &e) == 0,
		      "%s", e.msg);
	vh_driver_init(d->h, 0, DESC, true);
	vh_kick(d->h, &d->vp, 0);
	ck_assert_int_eq(d->trylock, 0);
	ck_assert(d->vcpu_done);
	ck_assert_uint_eq(d->msix_ctrl, 1);
	/* And the rings' own lock is the one the I/O side held. */
	ck_assert_int_eq(pthread_mutex_trylock(&d->vp.io_lock), 0);
	pthread_mutex_unlock(&d->vp.io_lock);
	virtio_pci_destroy(&d->vp);
	vh_free(d->h);
	free(d);
}
END_TEST

Suite *virtio_pci_suite(void)
{
	Suite *s = suite_create("virtio_pci");
	TCase *tc = tcase_create("transport");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, tp_config_space);
	tcase_add_test(tc, tp_bar_sizing);
	tcase_add_test(tc, tp_features);
	tcase_add_test(tc, tp_access_platform);
	tcase_add_test(tc, tp_request_served);
	tcase_add_test(tc, tp_ring_outside_ram);
	tcase_add_test(tc, tp_bad_avail_needs_reset);
	tcase_add_test(tc, tp_msix_masking);
	tcase_add_test(tc, tp_cfg_window);
	suite_add_tcase(s, tc);
	tc = tcase_create("locking");
	tcase_add_test(tc, tp_io_without_register_lock);
	suite_add_tcase(s, tc);
	return s;
}

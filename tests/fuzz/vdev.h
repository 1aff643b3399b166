/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest requests to a virtio device from fuzz input, through the unit
 * tests' driver (tests/unit/virtio_harness.c): the input is one queue's
 * descriptor table and buffers, and the chains the driver offers.
 */
#ifndef SEVVM_FUZZ_VDEV_H
#define SEVVM_FUZZ_VDEV_H
#include "tests/fuzz/fuzz.h"
#include "tests/unit/virtio_harness.h"

#define VDEV_BUF_MAX	0x4000u	/* bytes of input copied to VH_BUF */

/*
 * Input: offers (1 byte, each head 1 byte), the descriptor table
 * (VH_QSIZE * 16 bytes), then the guest's buffers at VH_BUF. After a reset
 * the driver sets the device up again (VERSION_1, queue @q at @desc) and
 * kicks @q once per 4 offers.
 */
static inline void vdev_run(struct vh *vh, struct virtio_pci *vp, unsigned int q, uint64_t desc,
			    const uint8_t *data, size_t size)
{
	struct fuzz_in in = { .p = data, .left = size };
	unsigned int nr = (unsigned int)fuzz_take(&in, 1) % 32, i;
	uint8_t heads[32];
	size_t n;

	for (i = 0; i < nr; i++)
		heads[i] = (uint8_t)fuzz_take(&in, 1);
	vh_bar_write(vh, 20, 1, 0);	/* device reset */
	memset(vh->mem, 0, VH_BUF + VDEV_BUF_MAX);
	for (i = 0; i < VH_QSIZE * sizeof(struct virtq_desc); i++)
		vh->mem[desc + i] = (uint8_t)fuzz_take(&in, 1);
	n = in.left < VDEV_BUF_MAX ? in.left : VDEV_BUF_MAX;
	memcpy(vh->mem + VH_BUF, in.p, n);
	vh_driver_init(vh, 0, VH_DESC, true);
	if (q)
		vh_queue_init(vh, q, desc, VH_AVAIL, VH_USED);
	for (i = 0; i < nr; i++) {
		vh_offer(vh, heads[i] % VH_QSIZE);
		if (i % 4 == 3 || i == nr - 1)
			vh_kick(vh, vp, q);
	}
}

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-blk's request parser (VIRTIO 1.2, 5.2.6): header, data and status
 * buffers as a hostile driver lays them out, on a 64 KiB image file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "tests/fuzz/blk_device.h"
#include "tests/fuzz/vdev.h"

#define SLOT	2

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!h)
		blk_device_setup(SLOT, "blk");
	vdev_run(h, &blk.vp, 0, VH_DESC, data, size);
	return 0;
}

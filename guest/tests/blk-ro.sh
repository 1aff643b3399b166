#!/bin/sh
# virtio-blk (b), a read-only disk: the file system mounts read-only, a file
# write fails, and a raw write that reaches the device (the block layer's
# read-only flag cleared) fails with the device's I/O error.
[ -b /dev/vda ] || { echo "VIRTIO-BLK-NO-DISK"; exit 1; }
echo "VIRTIO-BLK-RO=$(cat /sys/block/vda/ro)"
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || exit 1
if echo data >/mnt/new.txt; then echo "RO-WRITE-SUCCEEDED"; else echo "RO-WRITE-FAILED"; fi
umount /mnt
blockdev --setrw /dev/vda
if dd if=/dev/zero of=/dev/vda bs=4096 count=1 seek=8 oflag=direct 2>/dev/null; then
	echo "RAW-WRITE-SUCCEEDED"
else
	echo "RAW-WRITE-FAILED"
fi

#!/bin/sh
# virtio-blk (a): mount the ext4 disk, write a file with known contents
# (seq 1 5000), sync and unmount; the host reads it back with debugfs.
# With "kill" as $1 (scenario f) the file is fsync'd, a marker says so, and
# the guest waits to be killed.
[ -b /dev/vda ] || { echo "VIRTIO-BLK-NO-DISK"; exit 1; }
echo "VIRTIO-BLK-SERIAL=$(cat /sys/block/vda/serial 2>/dev/null)"
mkdir -p /mnt
mount -t ext4 /dev/vda /mnt || exit 1
if [ "$1" = kill ]; then
	seq 1 7000 | dd of=/mnt/fsynced.txt conv=fsync 2>/dev/null || exit 1
	echo "VIRTIO-BLK-FSYNCED"
	sleep 600
	exit 1
fi
seq 1 5000 >/mnt/hello.txt
sync
umount /mnt || exit 1
echo "VIRTIO-BLK-WROTE"

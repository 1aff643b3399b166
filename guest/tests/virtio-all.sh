#!/bin/sh
# (e): every virtio device type is there on a 4-vCPU guest.
echo "NPROC=$(nproc)"
echo "MSIX-VECTORS=$(grep -c 'PCI-MSI' /proc/interrupts)"
[ -b /dev/vda ] && echo "ALL-BLK-OK"
[ -e /sys/class/net/eth0 ] && echo "ALL-NET-OK"
[ "$(dd if=/dev/hwrng bs=64 count=1 iflag=fullblock 2>/dev/null | wc -c)" = 64 ] && echo "ALL-RNG-OK"
[ -c /dev/hvc0 ] && echo "ALL-HVC0-OK through hvc0" >/dev/hvc0
mkdir -p /mnt && mount -t ext4 /dev/vda /mnt && seq 1 100 >/mnt/all.txt && umount /mnt &&
	echo "ALL-FS-OK"

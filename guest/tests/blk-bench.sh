#!/bin/sh
# bench/blk inside the guest: sequential write and read (1 MiB blocks) and
# 4 KiB random reads, all O_DIRECT at queue depth 1 (bench/blkio) on /dev/vda,
# between BENCH-BEGIN and BENCH-END (the host samples the VMM's CPU time
# there), then the block layer's request counts.
dev=/dev/vda
[ -b $dev ] || { echo "BENCH no $dev"; exit 1; }
[ -x /bin/blkio ] || { echo "BENCH no /bin/blkio"; exit 1; }
echo "BENCH stat0 $(cat /sys/block/vda/stat)"
echo "BENCH-BEGIN"
sleep 2
echo "BENCH $(/bin/blkio seq-write $dev 1048576 96)"
echo "BENCH $(/bin/blkio seq-read $dev 1048576 96)"
echo "BENCH $(/bin/blkio rand-read $dev 4096 3000)"
echo "BENCH stat1 $(cat /sys/block/vda/stat)"
echo "BENCH-END"
sleep 2

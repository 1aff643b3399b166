#!/bin/sh
# virtio-rng (c): 4 KiB from /dev/hwrng, served by virtio_rng.
echo "RNG-CURRENT=$(cat /sys/class/misc/hw_random/rng_current)"
n=$(dd if=/dev/hwrng bs=4096 count=1 iflag=fullblock 2>/dev/null | wc -c)
echo "RNG-BYTES=$n"
# Not all zeros: 4096 random bytes have many distinct values.
echo "RNG-DISTINCT=$(dd if=/dev/hwrng bs=4096 count=1 iflag=fullblock 2>/dev/null | od -An -v -tu1 | tr -s ' ' '\n' | sort -u | wc -l)"

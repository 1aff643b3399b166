#!/bin/sh
# virtio-net (d): eth0 gets 10.0.2.15/24 and pings the outer VM's TAP end.
ip addr add 10.0.2.15/24 dev eth0 || exit 1
ip link set eth0 up || exit 1
echo "NET-MAC=$(cat /sys/class/net/eth0/address)"
ping -c 3 -W 5 10.0.2.1

#!/bin/sh
# ACPI reset register: `reboot -f` without reboot=k ends sevvm with status 0.
echo "SEVVM-REBOOT"
sync
reboot -f
echo "SEVVM-REBOOT-RETURNED"

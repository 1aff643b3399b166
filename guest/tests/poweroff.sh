#!/bin/sh
# ACPI S5: `poweroff -f` ends sevvm with exit status 0.
echo "SEVVM-POWEROFF"
sync
poweroff -f
echo "SEVVM-POWEROFF-RETURNED"

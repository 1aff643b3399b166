#!/bin/sh
# ACPI scenario: the tables sevvm built, as Linux found them, any ACPI error
# in the kernel log, and the DSDT in base64 for the outer VM's iasl -d
# (tests/nested/hooks/acpi-tables.post).
echo "NPROC=$(nproc)"
echo "ACPI-TABLES: $(cd /sys/firmware/acpi/tables && for t in *; do [ -f "$t" ] && printf '%s ' "$t"; done)"
errors=$(dmesg | grep -ci 'acpi.*error')
dmesg | grep -i 'acpi.*error' | sed 's/^/ACPI-ERROR-LINE: /'
echo "ACPI-ERRORS=$errors"
echo "ACPI-PM-TIMER: $(cat /sys/devices/system/clocksource/clocksource0/available_clocksource)"
echo "SEVVM-DSDT-BEGIN"
base64 /sys/firmware/acpi/tables/DSDT
echo "SEVVM-DSDT-END"
echo "SEVVM-GUEST-OK"

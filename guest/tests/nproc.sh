#!/bin/sh
# Foundation scenario: the guest sees every vCPU sevvm gave it.
echo "NPROC=$(nproc)"
echo "SEVVM-GUEST-OK"

#!/usr/bin/env bash
# Installs the Debian 12 packages that `make` and `make check` need, only when
# something is missing, so a second run costs one dpkg query.
set -euo pipefail

pkgs=(gcc make libc6-dev linux-libc-dev binutils pkg-config check
	qemu-system-x86 linux-image-amd64 busybox-static cpio python3
	libssl-dev openssl python3-cryptography python3-lxml libvirt-clients-qemu ovmf
	e2fsprogs clang libclang-rt-14-dev gdb man-db groff-base libseccomp-dev acpica-tools)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]} (run as root or install them)" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

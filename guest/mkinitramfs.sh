#!/usr/bin/env bash
# Builds sevvm's inner test initramfs: busybox-static, guest/init as /init,
# the test scripts of guest/tests/ as /tests/NAME.sh, and the kernel modules
# named with --module (plus their dependencies) from the installed kernel.
#
# usage: guest/mkinitramfs.sh OUT.cpio.gz [--kernel-version VER] [--module NAME]...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kmod.sh"

usage() { echo "usage: $0 OUT.cpio.gz [--kernel-version VER] [--module NAME]..." >&2; exit 2; }
[ $# -ge 1 ] || usage
out=$1
shift
ver=
mods=()
while [ $# -gt 0 ]; do
	case "$1" in
	--module) [ $# -ge 2 ] || usage; mods+=("$2"); shift 2 ;;
	--kernel-version) [ $# -ge 2 ] || usage; ver=$2; shift 2 ;;
	*) usage ;;
	esac
done

busybox=/bin/busybox
if ! file_is_static=$(LC_ALL=C readelf -d "$busybox" 2>/dev/null) || grep -q NEEDED <<<"$file_is_static"; then
	echo "mkinitramfs: $busybox is not a static busybox (install busybox-static)" >&2
	exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,tests}
cp "$busybox" "$root/bin/busybox"
cp "$here/init" "$root/init"
cp "$here"/tests/*.sh "$root/tests/"
if [ ${#mods[@]} -gt 0 ]; then
	[ -n "$ver" ] || ver=$(kmod_kernel_version)
	kmod_install "$ver" "$root" "${mods[@]}"
fi
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) | gzip -n -6 >"$out.tmp"
mv "$out.tmp" "$out"

#!/usr/bin/env bash
# Fetches the kernel tree pinned in kernel-patches/TREE into a cache
# directory (default build/kernel) and makes a git import of it:
#   <cache>/debs/       the Debian packages (apt-get download)
#   <cache>/pristine/   the unpacked linux-source tree, one commit "pristine"
#   <cache>/headers/    linux-headers-* (config, .kernelvariables, Module.symvers)
#   <cache>/image/      linux-image-*-unsigned unpacked with dpkg-deb -x
# Nothing is installed; an existing step is not redone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$(mkdir -p "${1:-$here/../build/kernel}" && cd "${1:-$here/../build/kernel}" && pwd)
# shellcheck source=TREE
. "$here/TREE"

pkgs=(
	"$SOURCE_PACKAGE=$VERSION"
	"linux-headers-$KABI-$FLAVOUR=$VERSION"
	"linux-headers-$KABI-common=$VERSION"
	"linux-kbuild-$KABI=$VERSION"
	"linux-image-$KABI-$FLAVOUR-unsigned=$VERSION"
)

mkdir -p "$cache/debs"
if [ ! -e "$cache/debs/.done" ]; then
	(cd "$cache/debs" && apt-get download "${pkgs[@]}")
	touch "$cache/debs/.done"
fi

deb() { ls "$cache/debs/$1"_*.deb; }

if [ ! -e "$cache/pristine/.git" ]; then
	rm -rf "$cache/pristine" "$cache/src"
	mkdir -p "$cache/src"
	dpkg-deb -x "$(deb "$SOURCE_PACKAGE")" "$cache/src"
	tarball=$(ls "$cache"/src/usr/src/linux-source-*.tar.*)
	mkdir -p "$cache/pristine"
	tar -xf "$tarball" -C "$cache/pristine" --strip-components=1
	rm -rf "$cache/src"
	git -C "$cache/pristine" init -q
	# -f: Debian's .gitignore ignores everything at the top level.
	git -C "$cache/pristine" add -A -f
	git -C "$cache/pristine" -c user.name=import -c user.email=import@localhost \
		commit -q -m "$SOURCE_PACKAGE $VERSION (pristine)"
	git -C "$cache/pristine" tag pristine
fi

for p in "linux-headers-$KABI-$FLAVOUR" "linux-headers-$KABI-common" "linux-kbuild-$KABI"; do
	if [ ! -e "$cache/headers/.$p" ]; then
		mkdir -p "$cache/headers"
		dpkg-deb -x "$(deb "$p")" "$cache/headers"
		touch "$cache/headers/.$p"
	fi
done

if [ ! -e "$cache/image/.done" ]; then
	mkdir -p "$cache/image"
	dpkg-deb -x "$(deb "linux-image-$KABI-$FLAVOUR-unsigned")" "$cache/image"
	touch "$cache/image/.done"
fi
echo "tree: $cache/pristine ($SOURCE_PACKAGE $VERSION)"

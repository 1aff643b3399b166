# Sourced by the initramfs builders: copies kernel modules with their
# dependencies (from modules.dep) out of the installed linux-image package.
#
#   kmod_kernel_version          the newest /lib/modules/VER that has a
#                                matching /boot/vmlinuz-VER
#   kmod_install VER DEST NAME.. writes DEST/lib/modules/NAME.ko (uncompressed,
#                                busybox insmod cannot read .xz/.zst) and
#                                appends the load order to
#                                DEST/lib/modules/load-order
# KMOD_ROOT=DIR takes the modules from DIR/lib/modules/VER instead (a kernel
# package unpacked there, with modules.dep from depmod -b DIR).

kmod_kernel_version() {
	local v best=
	for v in $(ls /lib/modules 2>/dev/null | sort -V); do
		[ -r "/boot/vmlinuz-$v" ] && [ -r "/lib/modules/$v/modules.dep" ] && best=$v
	done
	if [ -z "$best" ]; then
		echo "kmod: no /boot/vmlinuz-VER with /lib/modules/VER/modules.dep (install linux-image-amd64)" >&2
		return 1
	fi
	echo "$best"
}

# The modules.dep entry (path relative to /lib/modules/VER) for a module name;
# '-' and '_' are the same in module names.
kmod_path() {
	local ver=$1 name
	name=$(sed 's/[-_]/[-_]/g' <<<"$2")
	grep -E "(^|/)${name}\.ko(\.xz|\.zst|\.gz)?:" "${KMOD_ROOT:-}/lib/modules/$ver/modules.dep" | head -n 1 | cut -d: -f1
}

kmod_copy() {
	local src=$1 dst=$2
	case "$src" in
	*.ko) cp "$src" "$dst" ;;
	*.ko.xz) xz -dc "$src" >"$dst" ;;
	*.ko.zst) zstd -qdc "$src" >"$dst" ;;
	*.ko.gz) gzip -dc "$src" >"$dst" ;;
	*) echo "kmod: unknown module format: $src" >&2; return 1 ;;
	esac
}

kmod_install() {
	local ver=$1 dest=$2 name path line dep deps i base
	shift 2
	mkdir -p "$dest/lib/modules"
	touch "$dest/lib/modules/load-order"
	for name in "$@"; do
		path=$(kmod_path "$ver" "$name")
		if [ -z "$path" ]; then
			echo "kmod: module '$name' is not in ${KMOD_ROOT:-}/lib/modules/$ver/modules.dep" >&2
			return 1
		fi
		line=$(grep -E "^${path//./\\.}:" "${KMOD_ROOT:-}/lib/modules/$ver/modules.dep")
		read -r -a deps <<<"${line#*:}"
		# modules.dep lists the whole closure, the last to be loaded first.
		for ((i = ${#deps[@]} - 1; i >= -1; i--)); do
			if [ "$i" -ge 0 ]; then dep=${deps[$i]}; else dep=$path; fi
			base=$(basename "$dep")
			base=${base%%.ko*}.ko
			grep -qxF "$base" "$dest/lib/modules/load-order" && continue
			kmod_copy "${KMOD_ROOT:-}/lib/modules/$ver/$dep" "$dest/lib/modules/$base" || return 1
			echo "$base" >>"$dest/lib/modules/load-order"
		done
	done
}

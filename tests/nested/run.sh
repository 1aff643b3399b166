#!/usr/bin/env bash
# The nested KVM test environment. This machine's /dev/kvm cannot boot Linux,
# so the scenarios run inside an outer VM: Debian's kernel with its kvm_amd on
# qemu-system-x86_64 -accel tcg -cpu EPYC. One outer boot runs every scenario
# of tests/nested/scenarios; the results come back as "PASS: nested/NAME" and
# "FAIL: nested/NAME: reason" lines.
#
# usage: tests/nested/run.sh [BUILD]
# environment:
#   NESTED_SCENARIOS=F  the scenario list (default tests/nested/scenarios)
#   NESTED_ONLY=a,b      run only these scenarios
#   NESTED_TIMEOUT=SEC   limit for the whole run, restarts included (default 2400)
#   NESTED_GUARD=SEC     limit for one scenario inside it (default 300)
#   NESTED_VERBOSE=1     show the outer VM's console while it runs
#   NESTED_SMP=N         CPUs of the outer VM (default 2)
#   NESTED_RETRIES=N     run a failed scenario again up to N times (default 1)
#   NESTED_RESTARTS=N    boot a fresh outer VM for the scenarios left after
#                        the outer kernel died, up to N times (default 12)
#   NESTED_SILENCE=SEC   an outer VM silent this long is wedged: killed, and
#                        a fresh one runs the rest (default 180; outer-init
#                        prints a heartbeat every 30 s)
#   NESTED_PROGRESS=SEC  an outer VM that prints no @@ line but heartbeats (a
#                        kernel stuck but still printing) is wedged too
#                        (default guard + 300)
#   NESTED_HOOKS=DIR     the scenario hooks (default tests/nested/hooks)
#   NESTED_SETUP=CMD     run CMD ROOT BUILD to add files to the outer VM
#   NESTED_WORK=DIR      where the outer VM is made and its console kept
#                        (default BUILD/nested)
#   NESTED_KERNEL=DIR:VER the outer VM's kernel and KVM: DIR/boot/vmlinuz-VER
#                        with its modules in DIR/lib/modules/VER (modules.dep
#                        made by depmod -b DIR); default the newest installed
#                        kernel. The inner guests' kernel and modules are
#                        always the installed kernel's.
# The console is kept in BUILD/nested/console.log (NESTED_WORK).
set -euo pipefail
cd "$(dirname "$0")/../.."
. guest/kmod.sh

build=${1:-build}
work=${NESTED_WORK:-$build/nested}
only=${NESTED_ONLY:-}
limit=${NESTED_TIMEOUT:-2400}
guard=${NESTED_GUARD:-300}
scenarios=${NESTED_SCENARIOS:-tests/nested/scenarios}
smp=${NESTED_SMP:-2}
accel=${NESTED_ACCEL:-tcg}
sevvm=$build/sevvm

die() { echo "nested: $*" >&2; exit 1; }
[ -x "$sevvm" ] || die "$sevvm is not built (run make)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing (install qemu-system-x86)"
ver=$(kmod_kernel_version) || die "no installed kernel"
vmlinuz=/boot/vmlinuz-$ver
outer_root=
outer_ver=$ver
outer_vmlinuz=$vmlinuz
if [ -n "${NESTED_KERNEL:-}" ]; then
	outer_root=${NESTED_KERNEL%:*}
	outer_ver=${NESTED_KERNEL##*:}
	outer_vmlinuz=$outer_root/boot/vmlinuz-$outer_ver
	[ -r "$outer_vmlinuz" ] && [ -r "$outer_root/lib/modules/$outer_ver/modules.dep" ] ||
		die "NESTED_KERNEL=$NESTED_KERNEL: no $outer_vmlinuz with lib/modules/$outer_ver/modules.dep"
fi

# The scenarios to run, in file order.
mkdir -p "$work"
root=$work/outer-root
rm -rf "$root"
mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,payload,hooks}
# A user database with root and nobody: virtio-net-user runs sevvm with
# --user nobody, which looks the user up with getpwnam(3).
printf '%s\n' 'root:x:0:0:root:/:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$root/etc/passwd"
printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
names=()
while IFS='|' read -r name _; do
	name=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' <<<"$name")
	case "$name" in '' | '#'*) continue ;; esac
	if [ -n "$only" ] && ! grep -qxF "$name" <<<"${only//,/$'\n'}"; then
		continue
	fi
	names+=("$name")
done <"$scenarios"
[ ${#names[@]} -gt 0 ] || die "no scenario matches NESTED_ONLY=$only"
for hook in "${NESTED_HOOKS:-tests/nested/hooks}"/*; do
	[ -e "$hook" ] && cp "$hook" "$root/hooks/"
done

# Outer initramfs: busybox, kvm_amd and its dependencies, sevvm with the
# shared libraries it needs, the payloads.
cp /bin/busybox "$root/bin/busybox"
# kvm-hold keeps two idle VMs open while the scenarios run, so KVM's static
# keys flip once at boot and not with every VM (tests/nested/kvm-hold.c).
cc -static -O2 -Wall -Wextra -Werror -o "$root/bin/kvm-hold" tests/nested/kvm-hold.c ||
	die "building tests/nested/kvm-hold.c failed"
cp tests/nested/outer-init "$root/init"
echo "$guard" >"$root/guard-seconds"
echo "${NESTED_RETRIES:-1}" >"$root/retries"
KMOD_ROOT=$outer_root kmod_install "$outer_ver" "$root" kvm_amd
cp "$sevvm" "$root/bin/sevvm"
# sevvm carries its firmware: no firmware file goes next to it. The build's
# image goes to /payload for the hooks to compare with, and `make install`
# puts a second sevvm, its man page and README under /usr/local.
cp "$build/firmware/sevvm-fw.bin" "$root/payload/sevvm-fw.bin"
# Debian's OVMF (package ovmf) for the ovmf-* scenarios; for SEV a copy with
# a kernel hash table area (Debian's image declares none), as tests/sev uses.
cp /usr/share/ovmf/OVMF.fd "$root/payload/OVMF.fd"
python3 tests/sev/ovmf_hash_area.py 0x80cc00 0x400 /usr/share/ovmf/OVMF.fd \
	"$root/payload/OVMF-hashes.fd"
make -s install BUILD="$build" DESTDIR="$(realpath "$root")" PREFIX=/usr/local >/dev/null
# sevvm loads libcrypto at its first call into it (vmm/util/lazy_libcrypto.c)
# and libseccomp in the child that builds the sandbox's filters
# (vmm/util/libseccomp.c), so ldd lists neither: by name, with what they need.
# (awk reads to the end: an early exit would end ldconfig with SIGPIPE,
# which pipefail turns into a failure when its output outgrows one write.)
dlopened=()
for soname in libcrypto.so.3 libseccomp.so.2; do
	lib=$(/sbin/ldconfig -p | awk -v n="$soname" '$1 == n && /x86-64/ && !k++ { print $NF }')
	[ -n "$lib" ] || { echo "nested: no $soname (install libssl3 and libseccomp2)" >&2; exit 1; }
	dlopened+=("$lib")
done
while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done < <({ ldd "$sevvm"; for lib in "${dlopened[@]}"; do echo "$lib"; ldd "$lib"; done; } |
	 grep -oE '/[^ ]+' | sort -u)
guest/mkinitramfs.sh "$root/payload/initrd.cpio.gz" --kernel-version "$ver"
cp "$vmlinuz" "$root/payload/vmlinuz"
# virtio scenarios: an initramfs with Debian's virtio modules, an ext4 image
# made here, e2fsprogs' debugfs and e2fsck (with their libraries) to check
# it inside the outer VM, and the tun module for a TAP device.
guest/mkinitramfs.sh "$root/payload/initrd-virtio.cpio.gz" --kernel-version "$ver" \
	--module virtio_pci --module virtio_blk --module virtio_net \
	--module virtio_console --module virtio_rng --module crc32c_generic --module ext4
rm -f "$work/ext4.img"
truncate -s 32M "$work/ext4.img"
mkfs.ext4 -q -F -L sevvm-test "$work/ext4.img"
cp "$work/ext4.img" "$root/payload/ext4.img"
KMOD_ROOT=$outer_root kmod_install "$outer_ver" "$root" tun
for tool in /usr/sbin/debugfs /usr/sbin/e2fsck; do
	cp "$tool" "$root/bin/"
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done < <(ldd "$tool" | grep -oE '/[^ ]+' | sort -u)
done
cp "$build"/guest/*.bin "$build"/guest/*.elf "$root/payload/"
# ACPI scenarios: Debian's iasl (acpica-tools) disassembles the guest's DSDT.
command -v iasl >/dev/null || die "iasl is missing (install acpica-tools)"
cp "$(command -v iasl)" "$root/bin/iasl"
while read -r lib; do
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done < <(ldd "$(command -v iasl)" | grep -oE '/[^ ]+' | sort -u)
# gdb scenarios: Debian's gdb with its libraries, the part of its Python's
# standard library it needs to start, its data directory.
if command -v gdb >/dev/null; then
	cp "$(command -v gdb)" "$root/bin/gdb"
	while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done < <(ldd "$(command -v gdb)" | grep -oE '/[^ ]+' | sort -u)
	py=$(ldd "$(command -v gdb)" | grep -oE 'libpython3\.[0-9]+' | sed -n '1s/^lib//p')
	if [ -n "$py" ]; then
		mkdir -p "$root/usr/lib"
		tar -C /usr/lib --exclude=__pycache__ --exclude="$py/test" --exclude="$py/idlelib" \
			--exclude="$py/tkinter" --exclude="$py/ensurepip" --exclude="$py/lib2to3" \
			--exclude="$py/pydoc_data" --exclude="$py/config-*" --exclude="$py/site-packages" \
			--exclude="$py/dist-packages" --exclude="$py/unittest" --exclude="$py/distutils" \
			--exclude="$py/asyncio" --exclude="$py/email" --exclude="$py/xml" \
			--exclude="$py/multiprocessing" --exclude="$py/sqlite3" --exclude="$py/turtledemo" \
			--exclude="$py/venv" -cf - "$py" | tar -C "$root/usr/lib" -xf -
	fi
	mkdir -p "$root/usr/share"
	cp -r /usr/share/gdb "$root/usr/share/"
fi
[ -n "${NESTED_SETUP:-}" ] && "$NESTED_SETUP" "$root" "$build"
console=$work/console.log
: >"$console"
# The emulated AMD-V is not perfect. TCG runs the inner guest's XSETBV
# without the SVM intercept, so the inner kernel warns "XSAVE consistency
# problem" and falls back to FXSAVE (real hardware always intercepts XSETBV
# for KVM). About one inner Linux boot in 35 stalls for good (its clock
# stands still); with one outer CPU, a stall wedged the whole outer VM, and
# clocksource=tsc or noxsave in the outer kernel made things worse. So two
# outer CPUs, and a failed scenario runs once more (NESTED_RETRIES); every
# retry is reported with the first attempt's reason. The outer kernel itself
# has died inside its kvm_amd once (a stack overflow in a vCPU thread): the
# scenario it was running fails with the outer kernel's last words, and a
# fresh outer VM runs the ones after it (up to NESTED_RESTARTS times).
# QEMU warns once per vCPU about EPYC features TCG lacks; none matter here.
tcg_noise="TCG doesn't support requested feature"
restarts=${NESTED_RESTARTS:-12}
# (outer-init prints a heartbeat every 30 s while a scenario runs)
silence=${NESTED_SILENCE:-180}
# An outer VM can also be sick without going quiet: a vCPU stuck in its
# kernel makes the soft-lockup watchdog print every few seconds while no
# scenario moves on. Every scenario attempt prints an @@ line at least once
# per guard (plus its hooks), so no new @@ line for this long is a wedge too.
progress=${NESTED_PROGRESS:-$((guard + 300))}
# NESTED_TIMEOUT bounds the whole run, restarts included, so a sick machine
# costs this long at most and make check stays within its budget.
deadline=$(($(date +%s) + limit))
remaining=("${names[@]}")
died=
boot=0
finished=0
qemu_rc=
while :; do
	boot=$((boot + 1))
	left_s=$((deadline - $(date +%s)))
	: >"$root/scenarios"
	for name in "${remaining[@]}"; do
		grep -E "^[[:space:]]*${name}[[:space:]]*\|" "$scenarios" >>"$root/scenarios"
	done
	(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet -R 0:0) |
		gzip -1 >"$work/outer.cpio.gz"
	echo "nested: booting $outer_vmlinuz under TCG (-cpu EPYC) for ${#remaining[@]} scenarios (${left_s}s left): ${remaining[*]}" >&2
	start=$(date +%s)
	set +e
	qemu_cmd=(timeout -s KILL "$left_s" qemu-system-x86_64 -accel "$accel" -cpu EPYC -smp "$smp" -m 3G
		-nodefaults -display none -serial stdio -no-reboot
		-kernel "$outer_vmlinuz" -initrd "$work/outer.cpio.gz"
		-append "console=ttyS0 panic=-1 loglevel=4 quiet")
	# A wedged outer VM prints nothing at all (its own guard cannot run):
	# after $silence seconds of silence it is killed like a dead one.
	# The exit status of timeout/qemu itself, not of the pipeline's sed,
	# goes to a file: 137 is the deadline's SIGKILL.
	: >"$console.boot"
	rm -f "$work/qemu.rc"
	{
		"${qemu_cmd[@]}" </dev/null 2>&1
		echo $? >"$work/qemu.rc"
	} | sed -u -e 's/\r$//' -e "/$tcg_noise/d" >>"$console.boot" &
	qpid=$!
	[ "${NESTED_VERBOSE:-0}" = 1 ] && { tail -f "$console.boot" & tpid=$!; }
	wedged=
	last=0
	marks=0
	quiet_since=$(date +%s)
	moved_since=$quiet_since
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 5
		now=$(date +%s)
		size=$(stat -c %s "$console.boot")
		if [ "$size" != "$last" ]; then
			last=$size
			quiet_since=$now
			n=$(grep -c '^@@[A-SU-Z]' "$console.boot")	# not the @@TICK heartbeat
			[ "$n" != "$marks" ] && marks=$n && moved_since=$now
		fi
		if [ $((now - quiet_since)) -ge "$silence" ]; then
			wedged="printed nothing for ${silence}s"
		elif [ $((now - moved_since)) -ge "$progress" ]; then
			wedged="printed no progress line for ${progress}s"
		fi
		if [ -n "$wedged" ]; then
			pkill -KILL -P "$qpid" 2>/dev/null
			pkill -KILL -f "qemu-system-x86_64 .*-initrd $work/outer.cpio.gz" 2>/dev/null
			break
		fi
	done
	wait "$qpid"
	qemu_rc=$(cat "$work/qemu.rc" 2>/dev/null || echo killed)
	[ -n "${tpid:-}" ] && kill "$tpid" 2>/dev/null
	if [ -n "$wedged" ]; then
		echo "nested: the outer VM $wedged: killed as wedged; its last lines:" >&2
		# (the outer kernel's own lines, a run of equal ones said once)
		grep -v '^\[[a-z0-9-]*\] ' "$console.boot" | tail -n 400 |
			awk 'function put() { if (n) print "nested:   " l (n > 1 ? " (" n " times)" : "") }
			     $0 == l { n++; next } { put(); l = $0; n = 1 } END { put() }' | tail -n 12 >&2
		echo "@@NESTED-ERROR the outer VM $wedged and was killed" >>"$console.boot"
		qemu_rc=wedged
	fi
	set -e
	cat "$console.boot" >>"$console"
	echo "nested: outer VM ran $(($(date +%s) - start)) s (qemu exit $qemu_rc); console in $console" >&2
	grep -q '^@@NESTED-END' "$console.boot" && finished=1 && break
	# The scenario the outer VM died in, and those it never reached.
	dead=$(sed -n 's/^@@RUN \([^:]*\):.*/\1/p' "$console.boot" | tail -n 1)
	if [ -n "$dead" ] && ! grep -qE "^@@SCENARIO $dead (PASS|FAIL)" "$console.boot"; then
		# (awk reads to the end: grep | head would die of SIGPIPE under
		# pipefail when the outer kernel printed many such lines.)
		# (the outer kernel's lines only, not the inner guests' [name] ones)
		last=$(awk '!/^\[[a-z0-9-]+\] / && /BUG|Kernel panic|Oops|RIP:|NESTED-ERROR/ && n++ < 3' \
			"$console.boot" | tr '\n' ' ')
		# QEMU 7.2's TCG aborts now and then while an inner guest runs
		# ("tcg_handle_interrupt: assertion failed", in up to half of
		# the OVMF boots; most likely its SVM CR8 write path, which raises a
		# virtual interrupt after dropping the big QEMU lock). That is the outer
		# emulator's defect, not the scenario's (whose checks stay as
		# they are): up to six such deaths run it again; any other
		# death, once. Each is named in the scenario's result.
		# An "Oops: int3" of the outer kernel is the emulator's too: TCG
		# executed an INT3 that text_poke_bp() had already taken out
		# again (cross-modifying code, see tests/nested/kvm-hold.c).
		kind=other
		if [ "$qemu_rc" = 134 ] || grep -q 'tcg_handle_interrupt: assertion failed' "$console.boot"; then
			kind=emulator
			last="the outer emulator aborted: $(grep -m 1 'assertion failed' "$console.boot" || true) $last"
		elif grep -v '^\[[a-z0-9-]*\] ' "$console.boot" | grep -q 'Oops: int3'; then
			kind=emulator
			last="the outer kernel hit a stale INT3 of its own text patching: $last"
		fi
		why="the outer VM died during it (qemu exit $qemu_rc): ${last:-no message}"
		deaths=$(grep -cxF "$dead $kind" <<<"${died:-}" || true)
		allowed=1
		[ "$kind" = emulator ] && allowed=6
		# The scenario runs again in the fresh outer VM (said so in its result).
		if [ "$deaths" -ge "$allowed" ]; then
			echo "@@SCENARIO $dead FAIL $why" >>"$console"
		else
			died+="$dead $kind"$'\n'
			echo "@@DIED $dead $why" >>"$console"
		fi
	fi
	left=()
	for name in "${remaining[@]}"; do
		grep -qE "^@@SCENARIO $name (PASS|FAIL)" "$console" || left+=("$name")
	done
	[ ${#left[@]} -gt 0 ] || break
	if [ "$boot" -gt "$restarts" ]; then
		echo "nested: the outer VM died $boot times; ${#left[@]} scenarios get no result" >&2
		break
	fi
	if [ $((deadline - $(date +%s))) -lt 120 ]; then
		echo "nested: NESTED_TIMEOUT=${limit}s is spent; ${#left[@]} scenarios get no result" >&2
		qemu_rc=137
		break
	fi
	echo "nested: the outer VM died; a fresh one runs the ${#left[@]} scenarios left" >&2
	remaining=("${left[@]}")
done
rm -f "$console.boot"

grep -E '^@@NESTED-ERROR' "$console" >&2 || true
for name in "${names[@]}"; do
	line=$(grep -E "^@@SCENARIO $name (PASS|FAIL)" "$console" | tail -n 1 || true)
	case "$line" in
	"@@SCENARIO $name PASS"*)
		note=$(sed -n "s/^@@DIED $name \(.*\)/; a first run ended when \1/p" "$console" | sed -n 1p)
		echo "PASS: nested/$name ${line#"@@SCENARIO $name PASS "}$note"
		;;
	"@@SCENARIO $name FAIL"*)
		echo "FAIL: nested/$name: ${line#"@@SCENARIO $name FAIL "}"
		{ grep -F "[$name] " "$console" || true; } | tail -n 15 | sed "s/^/    /"
		;;
	*)
		if [ "$qemu_rc" = 137 ]; then
			echo "FAIL: nested/$name: no result, the outer VM was killed after ${limit}s"
		else
			echo "FAIL: nested/$name: no result (outer VM exit $qemu_rc): $(grep -v '^\[' "$console" | tail -n 3 | tr '\n' ' ')"
		fi
		;;
	esac
done
if [ "$finished" != 1 ]; then
	echo "nested: the outer VM did not finish its scenario list" >&2
fi

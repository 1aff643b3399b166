#!/usr/bin/env bash
# Runs every test of `make check` and ends with the line "N passed, N failed".
#   unit tests (Check, TAP), the same under ASan+UBSan, command-line tests of
#   build/sevvm and build/san/sevvm on this machine's /dev/kvm, and the nested
#   KVM scenarios (tests/nested/run.sh).
# Set SKIP_NESTED=1 to leave out the nested scenarios (they take minutes),
# SKIP_KERNEL=1 to leave out the kernel side's checks (kernel-patches/).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
passed=0
failed=0
failures=()
skipped=()
# Wall-clock seconds per part, printed at the end so a slow part shows.
phase_times=()
phase_start=$SECONDS
phase_done() {
	phase_times+=("$1 $((SECONDS - phase_start))s")
	phase_start=$SECONDS
}

pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1"; }

# TAP from a Check runner: one result per "ok"/"not ok" line.
run_tap() {
	local label=$1 bin=$2 out line
	if [ ! -x "$bin" ]; then
		fail "$label: $bin was not built"
		return
	fi
	out=$("$bin" 2>&1)
	local rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*) pass "$label: ${line#ok }" ;;
		"not ok "*) fail "$label: ${line#not ok }" ;;
		esac
	done <<<"$out"
	if ! grep -q '^1\.\.[0-9]' <<<"$out"; then
		fail "$label: runner did not finish (exit $rc): $(tail -n 3 <<<"$out" | tr '\n' ' ')"
	fi
}

# expect_run NAME STATUS PATTERN -- sevvm args...: exit status and output.
expect_run() {
	local name=$1 want=$2 pattern=$3 out rc
	shift 4
	out=$(timeout 60 "$@" </dev/null 2>&1)
	rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$name: exit status $rc, expected $want: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; then
		fail "$name: output lacks /$pattern/: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	else
		pass "$name"
	fi
}

# signal_run NAME SIGNAL -- sevvm args...: the VM stops cleanly with status 8.
signal_run() {
	local name=$1 sig=$2 pid rc
	shift 3
	"$@" </dev/null >"$tmp/signal.out" 2>&1 &
	pid=$!
	sleep 1
	kill "-$sig" "$pid"
	wait "$pid"
	rc=$?
	if [ "$rc" != 8 ] || ! grep -q "stopped by" "$tmp/signal.out"; then
		fail "$name: exit status $rc: $(tail -n 2 "$tmp/signal.out" | tr '\n' ' ')"
	else
		pass "$name"
	fi
}

# thread_filters NAME WANT -- sevvm args...: waits (up to 30 s) until the
# running sevvm's threads main ("sevvm"), vcpu0, vcpu1 and virtio-io each
# show WANT seccomp filters in /proc (2: the process layer and the
# thread's), then stops it: the kernel's count, not sevvm's word. KVM's
# own worker threads in the process (kvm-nx-lpage-recovery) are left out.
thread_filters() {
	local name=$1 want=$2 pid seen expect i t
	shift 3
	expect="sevvm:$want vcpu0:$want vcpu1:$want virtio-io:$want "
	"$@" </dev/null >"$tmp/filters.out" 2>&1 &
	pid=$!
	for i in $(seq 300); do
		seen=
		for t in /proc/"$pid"/task/*; do
			case "$(cat "$t/comm" 2>/dev/null)" in
			sevvm|vcpu0|vcpu1|virtio-io)
				seen+="$(cat "$t/comm"):$(awk '/^Seccomp_filters:/ { print $2 }' "$t/status") " ;;
			esac
		done
		seen=$(tr ' ' '\n' <<<"$seen" | sort | tr '\n' ' ' | sed 's/^ *//')
		[ "$seen" = "$expect" ] && break
		sleep 0.1
	done
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	if [ "$seen" = "$expect" ]; then
		pass "$name"
	else
		fail "$name: threads and their Seccomp_filters '$seen', expected '$expect': $(tail -n 2 "$tmp/filters.out" | tr '\n' ' ')"
	fi
}

run_tap unit "$BUILD/unit-tests"
run_tap unit-asan-ubsan "$BUILD/san/unit-tests"
phase_done unit

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
head -c 700 "$kernel" >"$tmp/truncated.bzImage" 2>/dev/null
# Firmware images for inspect: Debian's OVMF.fd cut to its first 8 KiB (no
# table), and a copy whose footer length field (2 MiB - 50) says 5.
head -c 8192 /usr/share/ovmf/OVMF.fd >"$tmp/ovmf-head.fd"
cp /usr/share/ovmf/OVMF.fd "$tmp/ovmf-corrupt.fd"
printf '\x05\x00' | dd of="$tmp/ovmf-corrupt.fd" bs=1 seek=$((2097152 - 50)) conv=notrunc status=none

for vmm in "$BUILD/sevvm" "$BUILD/san/sevvm"; do
	v=$(basename "$(dirname "$vmm")")/sevvm
	expect_run "$v --help" 0 'usage: sevvm run --kernel' -- "$vmm" --help
	expect_run "$v --version" 0 '^sevvm [0-9]' -- "$vmm" --version
	expect_run "$v bad option" 2 "unknown option '--frobnicate'" -- "$vmm" run --kernel x --frobnicate
	expect_run "$v bad --disk option" 2 "--disk 'a,rw': unknown option 'rw'" -- "$vmm" run --kernel x --disk a,rw
	expect_run "$v bad --net MAC" 2 "--net 'tap=t0,mac=01:00:00:00:00:01': expected mac=" -- "$vmm" run --kernel x --net tap=t0,mac=01:00:00:00:00:01
	expect_run "$v --gdb-wait alone" 2 '--gdb-wait needs --gdb' -- "$vmm" run --kernel x --gdb-wait
	expect_run "$v bad --gdb" 2 "--gdb 'tcp:70000': port must be 1..65535" -- "$vmm" run --kernel "$kernel" --gdb tcp:70000
	expect_run "$v bad --sandbox" 2 "--sandbox 'maybe': expected on or off" -- "$vmm" run --kernel x --sandbox maybe
	expect_run "$v --user unknown" 2 "--user no-such-user-x: no such user" -- "$vmm" run --kernel x --user no-such-user-x
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
		expect_run "$v --user not as root" 2 "--user nobody: needs sevvm started as root" -- \
			setpriv --reuid=65534 --regid=65534 --clear-groups "$vmm" run --kernel x --user nobody
	fi
	expect_run "$v measure --sandbox" 2 '--sandbox and --user belong to run' -- "$vmm" measure --sev --kernel x --sandbox off
	expect_run "$v bad --console" 2 "--console 'tty': expected serial or virtio" -- "$vmm" run --kernel x --console tty
	expect_run "$v missing kernel" 2 'no-such-file: No such file' -- "$vmm" run --kernel "$tmp/no-such-file"
	expect_run "$v truncated bzImage" 2 'truncated' -- "$vmm" run --kernel "$tmp/truncated.bzImage" --kernel-format bzimage
	expect_run "$v too little memory" 2 'give the guest more --memory' -- "$vmm" run --kernel "$kernel" --memory 16M
	# Boot modes: an SEV bzImage boots through sevvm's firmware, built into
	# the executable; the options that contradict each other are refused.
	expect_run "$v measure finds sevvm's firmware" 0 '^measured: [0-9]+ bytes: firmware 65536 bytes at 0xffff0000, kernel hashes table 176 bytes' \
		-- "$vmm" measure --sev --sev-backend sim --kernel "$kernel"
	expect_run "$v measure --boot direct" 0 '^launch digest: [0-9a-f]{64}$' \
		-- "$vmm" measure --sev --sev-backend sim --boot direct --kernel "$kernel"
	expect_run "$v --firmware with --boot direct" 2 '--firmware and --boot direct exclude each other' \
		-- "$vmm" run --kernel "$kernel" --boot direct --firmware "$BUILD/firmware/sevvm-fw.bin"
	expect_run "$v --hash-table with direct boot" 2 '--hash-table belongs to a firmware boot' \
		-- "$vmm" run --kernel "$kernel" --hash-table /dev/null
	expect_run "$v --boot bogus" 2 "--boot 'bogus': expected direct or firmware" \
		-- "$vmm" run --kernel "$kernel" --boot bogus
	expect_run "$v inspect OVMF.fd" 0 '^SEV-ES reset: +0x80b004 \(APs start at CS base 0x800000, IP 0xb004\)' \
		-- "$vmm" inspect /usr/share/ovmf/OVMF.fd
	expect_run "$v inspect: hash area unusable" 0 '^SEV hash table: +unusable: base 0 size 0' \
		-- "$vmm" inspect /usr/share/ovmf/OVMF.fd
	expect_run "$v inspect: no table" 2 'no footer GUID .* at offset 0x1fd0' \
		-- "$vmm" inspect "$tmp/ovmf-head.fd"
	expect_run "$v inspect: corrupt footer" 2 'footer at offset 0x1fffce: total length 5 is below 18' \
		-- "$vmm" inspect "$tmp/ovmf-corrupt.fd"
	# sevvm's own firmware: its footer as inspect reads it.
	fwbin=$BUILD/firmware/sevvm-fw.bin
	expect_run "$v inspect sevvm-fw: SEV-ES reset" 0 '^SEV-ES reset: +0xfffff000 \(APs start at CS base 0xffff0000, IP 0xf000\)' \
		-- "$vmm" inspect "$fwbin"
	expect_run "$v inspect sevvm-fw: hash table" 0 '^SEV hash table: +0x840000, 0x1000 bytes' -- "$vmm" inspect "$fwbin"
	expect_run "$v inspect sevvm-fw: secret area" 0 '^SEV secret area: +0x841000, 0x1000 bytes' -- "$vmm" inspect "$fwbin"
	expect_run "$v inspect sevvm-fw: 3 entries" 0 '^OVMF GUID table: 3 entries' -- "$vmm" inspect "$fwbin"
	if [ -c /dev/kvm ]; then
		expect_run "$v flat guest exit port" 7 'exit status 7' -- "$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat
		expect_run "$v timeout" 4 'timeout' -- "$vmm" run --kernel "$BUILD/guest/spin.bin" --kernel-format flat --timeout 1
		expect_run "$v --expect" 0 'matched --expect' -- "$vmm" run --kernel "$BUILD/guest/hello.bin" --kernel-format flat --expect 'hello from' --timeout 20
		expect_run "$v ELF guest" 1 'hello from a sevvm flat guest' -- "$vmm" run --kernel "$BUILD/guest/hello.elf"
		signal_run "$v SIGTERM" TERM -- "$vmm" run --kernel "$BUILD/guest/spin.bin" --kernel-format flat --cpus 2
		signal_run "$v SIGINT" INT -- "$vmm" run --kernel "$BUILD/guest/spin.bin" --kernel-format flat
		expect_run "$v --trace exits" 7 'exit cpu0 io out port 0xf4 size 4 count 1 value 0x3$' -- \
			"$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --trace exits
		rm -f "$tmp/trace.txt"
		"$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --trace all \
			--trace-file "$tmp/trace.txt" </dev/null >/dev/null 2>&1
		if grep -Eq '^\[ *[0-9]+\.[0-9]{6}\] exit cpu0 io out port 0xf4' "$tmp/trace.txt" 2>/dev/null; then
			pass "$v --trace-file: the lines go to the file"
		else
			fail "$v --trace-file: no exit line in $tmp/trace.txt"
		fi
		# --debugcon: ports 0x402 and 0xe9 to a file, a line at a time with
		# its time stamp; the guest's read-back check is its exit status.
		rm -f "$tmp/debugcon.txt"
		expect_run "$v --debugcon" 7 'exit status 7' -- "$vmm" run --kernel "$BUILD/guest/debugcon.bin" \
			--kernel-format flat --debugcon "$tmp/debugcon.txt"
		if [ "$(sed -E 's/^\[ *[0-9]+\.[0-9]{6}\] //' "$tmp/debugcon.txt" 2>/dev/null)" = \
		     "$(printf 'DEBUG: first line\nDEBUG: second line\nthrough 0xe9')" ] &&
		   [ "$(grep -cE '^\[ *[0-9]+\.[0-9]{6}\] ' "$tmp/debugcon.txt")" = 3 ]; then
			pass "$v --debugcon: three timestamped lines in the file"
		else
			fail "$v --debugcon: the file holds: $(head -c 300 "$tmp/debugcon.txt" 2>/dev/null | tr '\n' '|')"
		fi
		expect_run "$v --trace bogus" 2 "--trace 'bogus': expected ghcb, exits, startup or all" -- \
			"$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --trace bogus
		expect_run "$v --trace-file alone" 2 '--trace-file: give --trace too' -- \
			"$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --trace-file x
		expect_run "$v --trace startup" 7 'startup +[0-9]+\.[0-9]{3} ms vCPU threads, first KVM_RUN$' -- \
			"$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --trace startup
		# libcrypto is loaded at the first call into it (vmm/util/lazy_libcrypto.c):
		# a plain VM never loads it, an SEV launch on the model does.
		out=$(LD_DEBUG=files "$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat </dev/null 2>&1)
		if ! grep -q 'file=libc\.so\.6 .*needed by' <<<"$out"; then
			fail "$v plain VM: LD_DEBUG=files shows no libraries: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
		elif grep -q 'libcrypto' <<<"$out"; then
			fail "$v plain VM: libcrypto loaded: $(grep libcrypto <<<"$out" | head -n 1)"
		else
			pass "$v plain VM: libcrypto never loaded"
		fi
		expect_run "$v SEV on the model: libcrypto loaded on first use" 7 \
			'file=libcrypto\.so\.[0-9]+ .*dynamically loaded by' -- env LD_DEBUG=files \
			"$vmm" run --sev --sev-backend sim --kernel "$BUILD/guest/exit3.bin" --kernel-format flat
		expect_run "$v 4 vCPUs" 7 'exit status 7' -- "$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --cpus 4
		# KVM_SEV_GET_VMSA on the model: the SEV-ES stop report (nested vmsa-dbg checks every GPR).
		expect_run "$v SEV-ES stop report from the VMSA" 4 '^sevvm: vCPU 0: r12 0xdddddddddddddddd r13 0xeeeeeeeeeeeeeeee r14 0x0123456789abcdef r15 0xfedcba9876543210$' -- \
			"$vmm" run --sev-es --sev-backend sim --policy 0x4 --kernel "$BUILD/guest/vmsa_regs.bin" --kernel-format flat --timeout 2
		expect_run "$v SEV-ES stop report under NODBG" 4 '^sevvm: vCPU 0: registers not shown: the guest policy has NODBG set' -- \
			"$vmm" run --sev-es --sev-backend sim --kernel "$BUILD/guest/vmsa_regs.bin" --kernel-format flat --timeout 2
		# virtio devices: created and torn down around a guest that ignores them.
		truncate -s 1M "$tmp/disk.img"
		expect_run "$v virtio devices" 7 'exit status 7' -- "$vmm" run --kernel "$BUILD/guest/exit3.bin" \
			--kernel-format flat --disk "$tmp/disk.img" --disk "$tmp/disk.img,ro,cache=none" --rng --console virtio
		expect_run "$v missing disk image" 2 'no-such-disk: No such file' -- "$vmm" run \
			--kernel "$BUILD/guest/exit3.bin" --kernel-format flat --disk "$tmp/no-such-disk"
		signal_run "$v SIGTERM with virtio devices" TERM -- "$vmm" run --kernel "$BUILD/guest/spin.bin" \
			--kernel-format flat --disk "$tmp/disk.img" --rng
		# The sandbox (vmm/sandbox.c): every thread filtered; a forbidden
		# call from a vCPU, the I/O or the main thread is named, status 12.
		flat=(--kernel "$BUILD/guest/spin.bin" --kernel-format flat --cpus 2 --rng --timeout 60)
		thread_filters "$v sandbox: every thread filtered" 2 -- "$vmm" run "${flat[@]}"
		thread_filters "$v --sandbox off: no filter" 0 -- "$vmm" run "${flat[@]}" --sandbox off
		for role in 'vcpu:vcpu[01]' io:virtio-io main:main; do
			expect_run "$v sandbox: forbidden call from the ${role%%:*} thread" 12 \
				"^sevvm: sandbox: thread ${role#*:} made a forbidden system call: socket \([0-9]+\); stopping \(exit status 12\)$" \
				-- env SEVVM_SANDBOX_SELFTEST="${role%%:*}" "$vmm" run "${flat[@]}"
		done
		rm -f "$tmp/gdb.sock"
		expect_run "$v sandbox: forbidden call from the gdb stub's thread" 12 \
			'^sevvm: sandbox: thread gdb-stub made a forbidden system call: socket \([0-9]+\)' \
			-- env SEVVM_SANDBOX_SELFTEST=gdb "$vmm" run "${flat[@]}" --gdb "unix:$tmp/gdb.sock"
		expect_run "$v --sandbox off: SEVVM_SANDBOX_SELFTEST trips nothing" 7 'exit status 7' \
			-- env SEVVM_SANDBOX_SELFTEST=vcpu "$vmm" run --kernel "$BUILD/guest/exit3.bin" \
			--kernel-format flat --sandbox off
		if [ "$(id -u)" = 0 ] && getent passwd nobody >/dev/null; then
			expect_run "$v --user nobody after set-up" 7 '^sevvm: running as user nobody \(uid [0-9]+, gid [0-9]+\)$' \
				-- "$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat --disk "$tmp/disk.img" --user nobody
		fi
		expect_run "$v bad SEVVM_SANDBOX_SELFTEST" 2 "SEVVM_SANDBOX_SELFTEST 'cpu': expected main, vcpu, io or gdb" \
			-- env SEVVM_SANDBOX_SELFTEST=cpu "$vmm" run --kernel "$BUILD/guest/exit3.bin" --kernel-format flat
	else
		fail "$v: no /dev/kvm on this machine for the flat-guest tests"
	fi
done

phase_done command-line

# run_lines NAME CMD...: a script that prints "PASS: x" / "FAIL: x" lines.
run_lines() {
	local name=$1 out rc line
	shift
	out=$("$@" 2>&1 | tee "$tmp/$name.log")
	rc=$?	# pipefail: the script's status
	while IFS= read -r line; do
		case "$line" in
		"PASS: "*) pass "${line#PASS: }" ;;
		"FAIL: "*) fail "${line#FAIL: }" ;;
		"SKIP: "*) skipped+=("${line#SKIP: }"); echo "$line" ;;
		esac
	done <<<"$out"
	if [ "$rc" != 0 ]; then
		fail "$name: harness exited $rc: $(tail -n 5 "$tmp/$name.log" | tr '\n' ' ')"
	fi
	phase_done "$name"
}

# sevvm's firmware: its image layout checked in Python, and booting Linux
# under QEMU (-bios), whose fw_cfg is independent of sevvm's.
run_lines firmware-image python3 tests/firmware/image.py "$BUILD/firmware/sevvm-fw.bin"
run_lines firmware-qemu tests/firmware/qemu.sh "$BUILD"
# The firmware inside sevvm: extract, --version, a copy of sevvm alone
# launching through it; make install/uninstall and the man page.
run_lines firmware-embedded tests/firmware/embedded.sh "$BUILD"
run_lines install tests/install/install.sh "$BUILD"

# SEV launches on the model, checked by virt-qemu-sev-validate and Python.
[ -c /dev/kvm ] && run_lines sev-validate tests/sev/validate.sh "$BUILD"
# The guest owner's exchange (owner session/verify/secret, run --attest-cmd).
[ -c /dev/kvm ] && run_lines sev-owner tests/sev/owner.sh "$BUILD"
# Multiboot v1 kernels: the test guest prints what it was given (also ASan).
[ -c /dev/kvm ] && run_lines multiboot tests/multiboot/run.sh "$BUILD"
[ -c /dev/kvm ] && run_lines multiboot-san tests/multiboot/run.sh "$BUILD" "$BUILD/san/sevvm"
# The platform's status and certificate chain (sevvm platform).
run_lines sev-platform tests/sev/platform.sh "$BUILD"
# measure --explain on launches that differ on purpose, and on a match.
run_lines sev-explain tests/sev/explain.sh "$BUILD"

# libFuzzer targets (tests/fuzz/), a few seconds each: any finding fails.
run_lines fuzz tests/fuzz/run.sh "$BUILD" "${FUZZ_SECONDS:-3}" --check

if [ "${SKIP_NESTED:-0}" != 1 ]; then
	run_lines nested tests/nested/run.sh "$BUILD"
fi

# The kernel side (kernel-patches/check.sh); SKIP_KERNEL=1 leaves it out.
if [ "${SKIP_KERNEL:-0}" != 1 ]; then
	run_lines kernel make -s -C kernel-patches check BUILD="$(cd "$BUILD" && pwd)"
else
	kernel_skipped=1
fi

if [ ${#failures[@]} -gt 0 ]; then
	echo
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
fi
[ -n "${kernel_skipped:-}" ] && echo "kernel checks skipped (SKIP_KERNEL=1)"
[ ${#skipped[@]} -gt 0 ] && echo "${#skipped[@]} skipped (not counted as passed): ${skipped[*]%% (*}"
echo "time per part: ${phase_times[*]} (all $SECONDS s)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

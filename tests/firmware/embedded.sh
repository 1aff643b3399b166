#!/usr/bin/env bash
# The firmware built into sevvm (vmm/fw_embedded.c): the bytes sevvm carries
# are those of BUILD/firmware/sevvm-fw.bin (firmware extract, cmp), and
# --version and inspect name their SHA-256 as sha256sum computes it. A copy
# of sevvm alone in an empty directory, with no firmware file anywhere near
# it, measures and launches an SEV and an SEV-ES guest through that
# firmware on the model (this machine's /dev/kvm; the guest need not get
# far): the launch log names the embedded image, `measure` from the same
# copy predicts the launch, and the SEV digest equals SHA-256(firmware ||
# the kernel hashes table Python's hashlib builds). Prints PASS:/FAIL: lines.
#
# usage: tests/firmware/embedded.sh BUILD
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
fw=$build/firmware/sevvm-fw.bin
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
initrd=$(realpath "$build/guest/exit3.bin")	# absolute: the copy runs in its own directory
cmdline="console=ttyS0 sevvm embedded"

pass() { echo "PASS: embedded firmware: $1"; }
fail() { echo "FAIL: embedded firmware: $1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
want=$(sha256sum "$fw" | cut -d' ' -f1)
size=$(stat -c %s "$fw")

# check NAME COMMAND...: the command succeeds (its output in $tmp/out).
check() {
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		pass "$name"
	else
		fail "$name: $(tail -n 2 "$tmp/out" | tr '\n' ' ')"
	fi
}

# log_field LOG TYPE KEY: a value from the launch log's first event of TYPE.
log_field() { python3 tests/sev/log_field.py "$@"; }

for vmm in "$build/sevvm" "$build/san/sevvm"; do
	v=$(basename "$(dirname "$vmm")")/sevvm
	d=$tmp/$(basename "$(dirname "$vmm")")
	mkdir -p "$d"
	check "$v firmware extract writes BUILD/firmware/sevvm-fw.bin's bytes" \
		sh -c '"$1" firmware extract "$2" && cmp "$2" "$3"' - "$vmm" "$d/fw.bin" "$fw"
	check "$v firmware extract -: the same bytes on stdout" \
		sh -c '"$1" firmware extract - 2>/dev/null | cmp - "$2"' - "$vmm" "$fw"
	printf 'not firmware' >"$d/old.bin"
	if ! "$vmm" firmware extract "$d/old.bin" >"$tmp/out" 2>&1 &&
	   grep -q 'exists (give --force to replace it)' "$tmp/out" &&
	   [ "$(cat "$d/old.bin")" = "not firmware" ]; then
		pass "$v firmware extract refuses an existing file, which stays as it was"
	else
		fail "$v firmware extract over an existing file: $(tr '\n' ' ' <"$tmp/out")"
	fi
	check "$v firmware extract --force replaces a regular file whole" \
		sh -c '"$1" firmware extract --force "$2" && cmp "$2" "$3"' - "$vmm" "$d/old.bin" "$fw"
	mkfifo "$d/fifo"
	if ! "$vmm" firmware extract --force "$d/fifo" >"$tmp/out" 2>&1 && [ -p "$d/fifo" ] &&
	   grep -q 'not a regular file' "$tmp/out"; then
		pass "$v firmware extract --force leaves what is not a regular file alone"
	else
		fail "$v firmware extract --force over a FIFO: $(tr '\n' ' ' <"$tmp/out")"
	fi
	if ! "$vmm" firmware extract - >/dev/full 2>"$tmp/out" &&
	   grep -q 'stdout: write: No space left on device' "$tmp/out"; then
		pass "$v firmware extract reports a failed write"
	else
		fail "$v firmware extract to /dev/full: $(tr '\n' ' ' <"$tmp/out")"
	fi
	if ! "$vmm" firmware extract "$d/no-dir/fw.bin" >"$tmp/out" 2>&1 &&
	   grep -q 'no-dir/fw.bin: No such file or directory' "$tmp/out"; then
		pass "$v firmware extract into a missing directory fails with the path"
	else
		fail "$v firmware extract into a missing directory: $(tr '\n' ' ' <"$tmp/out")"
	fi
	if "$vmm" --version | grep -qx "firmware: embedded sevvm-fw.bin, $size bytes, sha256 $want"; then
		pass "$v --version names the firmware's SHA-256 (sha256sum's)"
	else
		fail "$v --version: $("$vmm" --version | tr '\n' ' ') (sha256sum: $want)"
	fi
	if "$vmm" inspect >"$tmp/out" 2>&1 && grep -qx "sha256: $want" "$tmp/out" &&
	   grep -q "^image: sevvm's embedded firmware, $size bytes" "$tmp/out" &&
	   grep -q '^SEV hash table: *0x840000, 0x1000 bytes' "$tmp/out"; then
		pass "$v inspect without FIRMWARE inspects the embedded image"
	else
		fail "$v inspect: $(head -n 3 "$tmp/out" | tr '\n' ' ')"
	fi
done

# The copy alone: an empty directory, no firmware/ next to it.
alone=$tmp/alone
mkdir "$alone"
cp "$build/sevvm" "$alone/sevvm"
sevvm=$alone/sevvm
if [ -z "$kernel" ]; then
	fail "no /boot/vmlinuz-* (package linux-image-amd64)"
	exit 0
fi
files=(--kernel "$kernel" --initrd "$initrd" --cmdline "$cmdline")
python3 tests/sev/hash_table.py "$tmp/ht.bin" "$kernel" "$initrd" "$cmdline"
python_sev=$(cat "$fw" "$tmp/ht.bin" | sha256sum | cut -d' ' -f1)
digest() { "$@" 2>&1 | sed -n 's/^launch digest: //p'; }
got=$(digest "$sevvm" measure --sev --sev-backend sim "${files[@]}")
if [ -n "$got" ] && [ "$got" = "$python_sev" ]; then
	pass "a copy of sevvm alone measures SHA-256(firmware file || Python's table) for --sev"
else
	fail "measure --sev from the copy: $got, Python: $python_sev"
fi
if [ "$(digest "$sevvm" measure --sev --boot firmware)" = "$want" ]; then
	pass "measure --boot firmware without --kernel is the image's SHA-256"
else
	fail "measure --boot firmware: $(digest "$sevvm" measure --sev --boot firmware)"
fi
es=(--sev-es --sev-backend sim --cpus 2 --cpu-sig 0x800f12 "${files[@]}")
a=$(digest "$sevvm" measure "${es[@]}")
b=$(digest "$build/sevvm" measure "${es[@]}" --firmware "$fw")
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	pass "measure --sev-es: the embedded image measures as --firmware BUILD/firmware/sevvm-fw.bin"
else
	fail "measure --sev-es: embedded $a, the file $b"
fi

if [ ! -c /dev/kvm ]; then
	fail "no /dev/kvm for the launches of the copy"
	exit 0
fi
# launch NAME SEVVM_ARGS...: a run of the copy; sets $log.
launch() {
	local name=$1
	shift
	log=$tmp/$name.json
	(cd "$alone" && timeout 60 ./sevvm run --sev-backend sim "${files[@]}" --launch-log "$log" \
		--timeout 2 "$@" </dev/null >"$tmp/$name.out" 2>&1)
	if [ "$(log_field "$log" firmware source 2>/dev/null)" = embedded ] &&
	   [ "$(log_field "$log" firmware sha256)" = "$want" ]; then
		pass "$name: the launch log names the embedded firmware and its SHA-256"
	else
		fail "$name: launch log firmware event: $(grep '"firmware"' "$log" 2>/dev/null) $(tail -n 2 "$tmp/$name.out" | tr '\n' ' ')"
	fi
	launched=$(log_field "$log" measurement digest 2>/dev/null)
}
launch copy-sev --sev
if [ -n "$launched" ] && [ "$launched" = "$python_sev" ]; then
	pass "copy-sev: the launch digest is SHA-256(firmware file || Python's table)"
else
	fail "copy-sev: launch ${launched:-none}, Python $python_sev"
fi
launch copy-sev-es --sev-es --cpus 2
predicted=$(digest "$sevvm" measure --sev-es --sev-backend sim --cpus 2 "${files[@]}")
if [ -n "$launched" ] && [ "$launched" = "$predicted" ]; then
	pass "copy-sev-es: measure from the copy predicts the launch"
else
	fail "copy-sev-es: launch ${launched:-none}, measure ${predicted:-none}"
fi

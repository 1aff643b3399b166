#!/usr/bin/env bash
# run.sh BUILD [SEVVM]: boots the multiboot test guest (guest/multiboot/,
# a.out-kludge and ELF32 builds) with a command line and two modules with
# command lines, and checks what it prints against those inputs: the
# modules' bytes, their strings, the command line, the loader name, and a
# RAM entry of the memory map from 1 MiB to the end of --memory. The guest
# exits through the test exit port with 0x10 (status 33). Also: refusals
# (SEV, no header with --kernel-format multiboot, a missing module).
# Prints one "PASS: name" or "FAIL: name: why" line per check.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
sevvm=${2:-$build/sevvm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS: multiboot/$1"; }
fail() { echo "FAIL: multiboot/$1: $2"; }

# Module contents that differ each run: a test cannot pass on fixed output.
m1=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
m2=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
printf 'one %s\n' "$m1" >"$tmp/mod1"
printf 'two, %s\n' "$m2" >"$tmp/mod2"
cmdline="mbtest run=$m1"
mem_mib=64
upper_len=$(printf '%016x' $(((mem_mib - 1) * 1024 * 1024)))

for k in mbinfo-aout.bin mbinfo-elf.elf; do
	out=$(timeout 120 "$sevvm" run --kernel "$build/guest/$k" --memory ${mem_mib}M \
		--cmdline "$cmdline" --timeout 60 \
		--initrd "$tmp/mod1 first arg,$tmp/mod2 x,,y" </dev/null 2>&1)
	rc=$?
	[ "$rc" = 33 ] && pass "$k exit status" || fail "$k exit status" "status $rc, want 33: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
	for want in "mb: magic ok" "mb: loader sevvm" "mb: cmdline $cmdline" \
		"mb: module $tmp/mod1 first arg bytes |one $m1|" \
		"mb: module $tmp/mod2 x,y bytes |two, $m2|" \
		"mb: mmap base 0000000000100000 len $upper_len type 00000001" \
		"mb: mmap base 0000000000000000 len 000000000009fc00 type 00000001" \
		"mb: done"; do
		if grep -qxF -- "$want" <<<"$out"; then
			pass "$k: $want"
		else
			fail "$k: $want" "not printed: $(tr '\n' ' ' <<<"$out" | head -c 600)"
		fi
	done
	# mem_upper (KiB from 1 MiB) agrees with the map.
	want_upper=$(printf '%08x' $(((mem_mib - 1) * 1024)))
	grep -q "mem_lower 0000027f mem_upper $want_upper\$" <<<"$out" &&
		pass "$k mem_lower/mem_upper" || fail "$k mem_lower/mem_upper" "want 639 KiB and $want_upper"
done

expect_refusal() {
	local name=$1 want=$2 out rc
	shift 2
	out=$("$@" </dev/null 2>&1)
	rc=$?
	if [ "$rc" != 0 ] && grep -q -- "$want" <<<"$out"; then
		pass "$name"
	else
		fail "$name" "status $rc: $(tr '\n' ' ' <<<"$out" | head -c 300)"
	fi
}
expect_refusal "refused under SEV" "cannot run as SEV guests" \
	"$sevvm" run --sev --sev-backend sim --kernel "$build/guest/mbinfo-aout.bin" --timeout 30
expect_refusal "no header" "no multiboot header" \
	"$sevvm" run --kernel "$build/guest/exit3.bin" --kernel-format multiboot --timeout 30
expect_refusal "missing module" "multiboot module $tmp/none" \
	"$sevvm" run --kernel "$build/guest/mbinfo-aout.bin" --initrd "$tmp/none arg" --timeout 30

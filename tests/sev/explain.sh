#!/usr/bin/env bash
# explain.sh BUILD: `sevvm measure --explain` on launches that differ on
# purpose from the expected one, and on the same inputs (a match). The
# "actual" launch is a launch log or --dump-measured directory that `sevvm
# measure` (or, with /dev/kvm, `sevvm run` on the model) wrote for one
# configuration; it is explained against another. What the output names is
# checked against independent computations: the hashes with Python's
# hashlib, the VMSA fields with tests/sev/vmsa_layout.py (the APM layout,
# written down separately), the AP reset address with the footer walker of
# tests/sev/ovmf_hash_area.py, the VMSA bytes the log carries with
# tests/sev/vmsa_oracle.py.
# Prints one "PASS: name" or "FAIL: name: why" line per check.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
sevvm=$build/sevvm
fw=$build/firmware/sevvm-fw.bin
ovmf=/usr/share/ovmf/OVMF.fd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS: sev-explain/$1"; }
fail() { echo "FAIL: sev-explain/$1: $2"; }

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
printf 'initrd one\n' >"$tmp/initrd1"
printf 'the second initrd, longer\n' >"$tmp/initrd2"
cmd_a="console=ttyS0 sevvm.explain=a"
cmd_b="console=ttyS0 sevvm.explain=b"
sig=0x800f12
other_sig=0xa00f11

sha_file() { python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"; }
sha_cmdline() { python3 -c 'import hashlib, sys; print(hashlib.sha256(sys.argv[1].encode() + b"\0").hexdigest())' "$1"; }
# CPUID(1).EAX in words, from the APM's definition of the fields.
signature() {
	local s=$(($1)) fam model
	fam=$(((s >> 8) & 0xf)); model=$(((s >> 4) & 0xf))
	if [ "$fam" = 15 ]; then
		fam=$((fam + ((s >> 20) & 0xff))); model=$((model | ((s >> 16) & 0xf) << 4))
	fi
	printf 'family 0x%x, model 0x%x, stepping %d' "$fam" "$model" $((s & 0xf))
}
# The SEV-ES reset block's address in a firmware image (QEMU's footer walk).
reset_addr() {
	python3 - "$1" <<'PY'
import struct, sys, uuid
sys.path.insert(0, "tests/sev")
from ovmf_hash_area import table_entries
img = open(sys.argv[1], "rb").read()
reset = uuid.UUID("00f771de-1a7e-4fcb-890e-68c77e2fb44e").bytes_le
print(hex(next(struct.unpack_from("<I", img, off)[0] for g, off, n in table_entries(img) if g == reset)))
PY
}

# explain NAME STATUS LOG "MUST;;MUST..." "MUST-NOT" -- measure ARGS: runs
# `sevvm measure --explain LOG ARGS`; the status, each MUST regex matching
# a line and MUST-NOT (when not empty) matching none.
explain() {
	local name=$1 want=$2 log=$3 must=$4 mustnot=$5 out rc re ok=1
	shift 6
	out=$("$sevvm" measure --explain "$log" "$@" 2>&1)
	rc=$?
	echo "$out" >"$tmp/$name.out"
	if [ "$rc" != "$want" ]; then
		fail "$name" "exit status $rc, expected $want: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
		return
	fi
	while [ -n "$must" ]; do
		re=${must%%;;*}
		[ "$re" = "$must" ] && must="" || must=${must#*;;}
		if ! grep -Eq -- "$re" <<<"$out"; then
			fail "$name" "no line matches /$re/"
			ok=0
		fi
	done
	if [ -n "$mustnot" ] && grep -Eq -- "$mustnot" <<<"$out"; then
		fail "$name" "a line matches /$mustnot/: $(grep -E -- "$mustnot" <<<"$out" | head -n 1)"
		ok=0
	fi
	[ "$ok" = 1 ] && pass "$name"
}

# A firmware SEV-ES launch as `sevvm measure` records it: the "actual" one.
fwargs=(--sev-es --sev-backend sim --kernel "$kernel" --initrd "$tmp/initrd1" --cmdline "$cmd_a")
"$sevvm" measure "${fwargs[@]}" --cpu-sig $sig --launch-log "$tmp/fw.json" >/dev/null
"$sevvm" measure "${fwargs[@]}" --cpu-sig $sig --cpus 2 --launch-log "$tmp/fw2.json" >/dev/null

explain match 0 "$tmp/fw.json" '^launches match: 3 measured items' ' (different|missing|only in)' \
	-- "${fwargs[@]}" --cpu-sig $sig
explain cmdline 1 "$tmp/fw.json" \
	"kernel hashes table +different;;the cmdline hash differs: launch $(sha_cmdline "$cmd_a"), expected $(sha_cmdline "$cmd_b");;firmware +equal;;VMSA of vCPU 0 +equal;;^launches differ: 1 of 3" \
	'the (initrd|kernel) hash differs' \
	-- --sev-es --sev-backend sim --kernel "$kernel" --initrd "$tmp/initrd1" --cmdline "$cmd_b" --cpu-sig $sig
explain initrd 1 "$tmp/fw.json" \
	"the initrd hash differs: launch $(sha_file "$tmp/initrd1"), expected $(sha_file "$tmp/initrd2");;^launches differ: 1 of 3" \
	'the (cmdline|kernel) hash differs' \
	-- --sev-es --sev-backend sim --kernel "$kernel" --initrd "$tmp/initrd2" --cmdline "$cmd_a" --cpu-sig $sig
explain cpus-2-vs-1 1 "$tmp/fw.json" \
	'VMSA of vCPU 1 +missing from the launch;;a different vCPU count: the launch measured 1 VMSA\(s\), the expected launch 2;;VMSA of vCPU 0 +equal' \
	'kernel hashes table +different' -- "${fwargs[@]}" --cpu-sig $sig --cpus 2
explain cpus-1-vs-2 1 "$tmp/fw2.json" \
	'VMSA of vCPU 1 +only in the launch;;a different vCPU count: the launch measured 2 VMSA\(s\), the expected launch 1' \
	'' -- "${fwargs[@]}" --cpu-sig $sig
explain init-vs-init2 1 "$tmp/fw.json" \
	'mxcsr \(0x408, 4 bytes\): launch 0x1f80, expected 0x0;;x87_fcw \(0x410, 2 bytes\): launch 0x37f, expected 0x0;;likely cause: INIT vs INIT2.*--sev-init init2;;init command was init2, the expected one legacy' \
	'rdx|hash differs' -- "${fwargs[@]}" --cpu-sig $sig --sev-init legacy
explain cpu-signature 1 "$tmp/fw.json" \
	"rdx \\(0x310, 8 bytes\\): launch $sig, expected $other_sig;;another CPU signature in rdx.*$sig \\($(signature $sig)\\), the expected $other_sig \\($(signature $other_sig)\\)" \
	'mxcsr|x87_fcw|hash differs' -- "${fwargs[@]}" --cpu-sig $other_sig

# Another firmware image: Debian's OVMF against sevvm's, two vCPUs, no kernel.
if [ -r "$ovmf" ]; then
	"$sevvm" measure --sev-es --sev-backend sim --firmware "$ovmf" --cpus 2 --cpu-sig $sig \
		--launch-log "$tmp/ovmf.json" >/dev/null
	ra=$(reset_addr "$ovmf")
	rx=$(reset_addr "$fw")
	explain firmware 1 "$tmp/ovmf.json" \
		"firmware +different;;the contents differ: SHA-256 $(sha_file "$ovmf") in the launch, $(sha_file "$fw") expected;;cs.base \\(0x18, 8 bytes\\): launch $(printf '%#x' $((ra & 0xffff0000))), expected $(printf '%#x' $((rx & 0xffff0000)));;rip \\(0x178, 8 bytes\\): launch $(printf '%#x' $((ra & 0xffff))), expected $(printf '%#x' $((rx & 0xffff)));;likely cause: a different firmware image, whose SEV-ES reset block puts the APs elsewhere;;VMSA of vCPU 0 +equal" \
		'' -- --sev-es --sev-backend sim --firmware "$fw" --cpus 2 --cpu-sig $sig
else
	fail firmware "no $ovmf (ovmf)"
fi

# The VMSA bytes the log carries are the page the independent oracle builds.
if python3 - "$tmp/fw.json" <<'PY'
import hashlib, json, subprocess, sys
ev = next(e for e in json.load(open(sys.argv[1]))["events"] if e["type"] == "vmsa")
page = bytes.fromhex(ev["vmsa"]).ljust(4096, b"\0")
want = subprocess.run(["tests/sev/vmsa_oracle.py", "bsp", "init2", "0x800f12"],
                      capture_output=True, check=True).stdout
sys.exit(0 if page == want and hashlib.sha256(page).hexdigest() == ev["sha256"] else 1)
PY
then
	pass "log: the VMSA bytes are the oracle's reset-state page"
else
	fail "log" "the logged VMSA is not the oracle's reset-state page"
fi

# measure --firmware --dump-measured: the image's bytes, then the table,
# and the VMSA pages; explained as a dump against two vCPUs of another
# signature.
"$sevvm" measure "${fwargs[@]}" --cpu-sig $sig --cpus 2 --dump-measured "$tmp/fwdump" >/dev/null
if cmp -s -n "$(stat -c %s "$fw")" "$fw" "$tmp/fwdump/measured.bin" &&
	[ "$(stat -c %s "$tmp/fwdump/measured.bin")" = $(($(stat -c %s "$fw") + 176)) ] &&
	cmp -s "$tmp/fwdump/vmsa-cpu0.bin" <(tests/sev/vmsa_oracle.py bsp init2 $sig) &&
	cmp -s "$tmp/fwdump/vmsa-cpu1.bin" <(tests/sev/vmsa_oracle.py ap init2 $sig "$(reset_addr "$fw")"); then
	pass "measure --firmware --dump-measured: the image, the table and the oracle's VMSAs"
else
	fail "measure --firmware --dump-measured" "the files are not the image, the table and the VMSAs"
fi
explain fw-dump-match 0 "$tmp/fwdump" '^launches match: 4 measured items' '' -- "${fwargs[@]}" --cpu-sig $sig --cpus 2
explain fw-dump-signature 1 "$tmp/fwdump" \
	"VMSA of vCPU 1 +different;;rdx \\(0x310, 8 bytes\\): launch $sig, expected $other_sig" \
	'hash differs' -- "${fwargs[@]}" --cpu-sig $other_sig --cpus 2

# A direct SEV-ES boot's --dump-measured directory against another initrd:
# the zero page names the boot protocol fields.
dargs=(--sev-es --sev-backend sim --boot direct --kernel "$kernel" --cbit 47 --cmdline "$cmd_a")
"$sevvm" measure "${dargs[@]}" --initrd "$tmp/initrd1" --dump-measured "$tmp/dump" >/dev/null
explain dump-match 0 "$tmp/dump" '^launches match' '' -- "${dargs[@]}" --initrd "$tmp/initrd1"
explain dump-initrd 1 "$tmp/dump" \
	"zero page +different;;ramdisk_size \\(0x21c\\): launch $(printf '%#x' "$(stat -c %s "$tmp/initrd1")"), expected $(printf '%#x' "$(stat -c %s "$tmp/initrd2")");;likely cause: a different initrd;;initrd +different;;kernel +equal" \
	'' -- "${dargs[@]}" --initrd "$tmp/initrd2"

# Every VMSA field changed at once: sevvm must name each, at the offset and
# with the size and values the independent decoder gives.
cp -r "$tmp/dump" "$tmp/dump-fields"
python3 tests/sev/vmsa_layout.py pattern "$tmp/dump/vmsa-cpu0.bin" "$tmp/dump-fields/vmsa-cpu0.bin"
"$sevvm" measure --explain "$tmp/dump-fields" "${dargs[@]}" --initrd "$tmp/initrd1" >"$tmp/fields.out" 2>&1
rc=$?
if [ "$rc" = 1 ] && res=$(python3 tests/sev/vmsa_layout.py check "$tmp/dump-fields/vmsa-cpu0.bin" \
		"$tmp/dump/vmsa-cpu0.bin" "$tmp/fields.out"); then
	pass "vmsa fields: names, offsets, sizes and values as the APM layout gives ($(tail -n 1 <<<"$res"))"
else
	fail "vmsa fields" "exit status $rc: $(head -n 3 <<<"${res:-}" | tr '\n' ' ')"
fi

# A real launch on the model (this machine's /dev/kvm runs the flat guest).
if [ -c /dev/kvm ]; then
	gargs=(--sev-es --sev-backend sim --kernel "$build/guest/hello.bin" --kernel-format flat)
	"$sevvm" run "${gargs[@]}" --launch-log "$tmp/run.json" </dev/null >/dev/null 2>&1
	explain run-match 0 "$tmp/run.json" '^launches match' '' -- "${gargs[@]}"
	explain run-init 1 "$tmp/run.json" 'mxcsr \(0x408, 4 bytes\): launch 0x1f80, expected 0x0;;INIT vs INIT2' \
		'' -- "${gargs[@]}" --sev-init legacy
fi

# A log is outside input: broken ones are refused, naming what is wrong.
python3 -c 'import sys; t = open(sys.argv[1]).read(); sys.stdout.write(t[:t.index("\"vmsa\": \"") + 100])' \
	"$tmp/fw.json" >"$tmp/truncated.json"
explain bad-truncated 2 "$tmp/truncated.json" 'launch log: offset [0-9]+: event [0-9]+ \(vmsa\): "vmsa": unterminated string' '' \
	-- "${fwargs[@]}" --cpu-sig $sig
python3 - "$tmp/fw.json" "$tmp/tampered.json" <<'PY'
import sys
text = open(sys.argv[1]).read()
i = text.index('"data": "', text.index('"what": "kernel hashes table"')) + 9
open(sys.argv[2], "w").write(text[:i + 40] + ("0" if text[i + 40] != "0" else "1") + text[i + 41:])
PY
explain bad-data 2 "$tmp/tampered.json" 'event [0-9]+ \(region\): "data" does not have the event.s sha256' '' \
	-- "${fwargs[@]}" --cpu-sig $sig
sed 's/"sevvm_launch_log": 1/"sevvm_launch_log": 7/' "$tmp/fw.json" >"$tmp/version.json"
explain bad-version 2 "$tmp/version.json" '"sevvm_launch_log" is 7, this sevvm reads version 1' '' \
	-- "${fwargs[@]}" --cpu-sig $sig
explain bad-option 2 "$tmp/fw.json" 'takes no --launch-log' '' -- "${fwargs[@]}" --cpu-sig $sig \
	--launch-log "$tmp/x.json"

#!/usr/bin/env bash
# owner.sh BUILD: the guest owner's exchange with sevvm's software model,
# end to end on this machine's /dev/kvm with a flat test guest:
#   `sevvm platform export` (the model's chain, verified by Python) ->
#   `sevvm owner session --chain --allow-test-root` -> `sevvm run --sev-es
#   --sev-backend sim --dh-cert --session --attest-cmd '...owner verify &&
#   ...owner secret'` -> the
#   LAUNCH_SECRET packet accepted (launch log) and the secret table in guest
#   memory (guest/flat/secret_dump.S prints it), compared with the table
#   Python builds from the same files (tests/sev/oracle.py);
# the refusals: the model's TEST root without --allow-test-root; a PDH the
# chain does not sign (the platform's own key, unsigned); a tampered
# measurement or guest makes `owner verify` say "mismatch" and the launch
# stop before LAUNCH_SECRET; a secret packaged
# with another session's TEK/TIK is refused by LAUNCH_SECRET with the
# firmware's code; an --attest-cmd that writes nothing stops the launch;
# and virt-qemu-sev-validate's --inject-secret output is accepted.
# Prints one "PASS: name" or "FAIL: name: why" line per check.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
sevvm=$(realpath "$build/sevvm")
oracle=tests/sev/oracle.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
guest=(--kernel "$build/guest/secret_dump.bin" --kernel-format flat)
launch=(--sev-es --sev-backend sim "${guest[@]}")
policy=0x5
gpa=0x800000
guid_a=736869e5-84f0-4973-92ec-06879ce3da0b
guid_b=0b3b8e3a-2d1c-4f6e-9a7b-5c4d3e2f1a09

pass() { echo "PASS: owner/$1"; }
fail() { echo "FAIL: owner/$1: $2"; }
hexof() { od -An -v -tx1 "$1" | tr -d ' \n'; }
unhex() { python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read().strip()))'; }
b64hex() { base64 -d "$1" | od -An -v -tx1 | tr -d ' \n'; }

# events LOG: "TYPE CMD RESULT FW_ERROR" per event of the launch log.
events() {
	python3 - "$1" <<'EOF'
import json, sys
for ev in json.load(open(sys.argv[1]))["events"]:
    print(ev["type"], ev.get("cmd", "-"), ev.get("result", ev.get("accepted", "-")),
          ev.get("fw_error", "-"))
EOF
}

# The model's certificate chain, exported; Python verifies it, and its PDH
# is the key the oracle derives from the model's published test seed
# ("sevvm software model TEST KEYS" zero-padded to 32 bytes).
seed=$(printf 'sevvm software model TEST KEYS' | od -An -tx1 | tr -d ' \n')
seed=$seed$(printf '%0*d' $((64 - ${#seed})) 0)
"$sevvm" platform export "$tmp/chain" --sev-backend sim >/dev/null
if python3 "$oracle" chain "$tmp/chain" >/dev/null &&
   [ "$(head -c 1044 "$tmp/chain/pdh.cert" | od -An -v -tx1 | tr -d ' \n')" = \
     "$(python3 "$oracle" pdh "$seed" 0x1003 0x3 1 55 | cut -c1-2088)" ]; then
	pass "chain: Python verifies the exported chain; its PDH is the model's seed-derived key"
else
	fail chain "the exported chain does not verify, or its PDH is not the model's"
fi

# ---- owner session --------------------------------------------------------
mkdir -p "$tmp/owner" "$tmp/other"
out=$("$sevvm" owner session --chain "$tmp/chain" --policy "$policy" --out "$tmp/owner" 2>&1)
if [ $? = 2 ] && grep -q -- "--chain $tmp/chain: chain invalid: ARK: the chain ends at the TEST root of sevvm's software model" <<<"$out" &&
   grep -q -- "--allow-test-root accepts it" <<<"$out" && [ ! -e "$tmp/owner/tek.bin" ]; then
	pass "session: the model's TEST root is refused without --allow-test-root, nothing written"
else
	fail session-test-root "$out"
fi
out=$("$sevvm" owner session --chain "$tmp/chain" --allow-test-root --policy "$policy" --out "$tmp/owner" 2>&1)
if [ $? != 0 ]; then
	fail session "$out"
	exit 0
fi
if grep -qx "chain valid up to the TEST root of sevvm's software model, allowed by --allow-test-root: TEST KEYS, not AMD's; it proves nothing about a platform" <<<"$out"; then
	pass "session --allow-test-root: the output says the chain ends at a TEST root"
else
	fail session-says-test "$out"
fi
if [ "$(stat -c %a "$tmp/owner/tek.bin") $(stat -c %a "$tmp/owner/tik.bin")" = "600 600" ] &&
   [ "$(stat -c %s "$tmp/owner/tek.bin") $(stat -c %s "$tmp/owner/tik.bin")" = "16 16" ]; then
	pass "session: TEK and TIK, 16 bytes each, mode 0600"
else
	fail session-files "$(ls -l "$tmp/owner" | tr '\n' ' ')"
fi
priv=$(python3 "$oracle" pdh-priv "$seed")
mapfile -t tk < <(python3 "$oracle" unwrap "$priv" "$(b64hex "$tmp/owner/godh.b64")" \
	"$(b64hex "$tmp/owner/session.b64")" "$policy")
if [ "${tk[0]:-}" = "$(hexof "$tmp/owner/tek.bin")" ] &&
   [ "${tk[1]:-}" = "$(hexof "$tmp/owner/tik.bin")" ]; then
	pass "session: Python unwraps the session blob to the same TEK and TIK"
else
	fail session-unwrap "python: ${tk[*]:-none}"
fi
"$sevvm" owner session --chain "$tmp/chain" --allow-test-root --policy "$policy" --out "$tmp/other" >/dev/null 2>&1
cat "$tmp/owner/tek.bin" "$tmp/owner/tik.bin" >"$tmp/owner/tk"

printf 'the disk key: 0123456789abcdef' >"$tmp/secret-a"
head -c 37 /dev/urandom >"$tmp/secret-b"

# run_owner NAME ATTEST_CMD [more sevvm run options]: one launch with the
# owner's session; the output is in $tmp/NAME.out, the log in $tmp/NAME.json.
run_owner() {
	local name=$1 cmd=$2
	shift 2
	"$sevvm" run "${launch[@]}" --policy "$policy" --dh-cert "$tmp/owner/godh.b64" \
		--session "$tmp/owner/session.b64" --secret-gpa "$gpa" \
		--launch-log "$tmp/$name.json" --attest-cmd "$cmd" "$@" </dev/null \
		>"$tmp/$name.out" 2>&1
}

verify="\"\$SEVVM\" owner verify --measurement \"\$SEVVM_MEASUREMENT\" --tik $tmp/owner/tik.bin \
--api \$SEVVM_API --build \$SEVVM_BUILD --policy \$SEVVM_POLICY ${launch[*]}"
secret="\"\$SEVVM\" owner secret --tek $tmp/owner/tek.bin --tik $tmp/owner/tik.bin \
--measurement \"\$SEVVM_MEASUREMENT\" --secret $guid_a:$tmp/secret-a --secret $guid_b:$tmp/secret-b \
--out \"\$SEVVM_LAUNCH_DIR\""

# ---- the whole exchange ---------------------------------------------------
run_owner exchange "echo \"\$SEVVM_LAUNCH_DIR\" >$tmp/launch-dir; $verify && $secret"
rc=$?
ev=$(events "$tmp/exchange.json" 2>&1)
if [ "$rc" = 1 ] && grep -q '^match: measurement' "$tmp/exchange.out" &&
   grep -qx 'attest - True -' <<<"$ev" &&
   grep -qx 'command KVM_SEV_LAUNCH_SECRET 0 SUCCESS (0x00)' <<<"$ev" &&
   grep -qx 'command KVM_SEV_LAUNCH_FINISH 0 SUCCESS (0x00)' <<<"$ev"; then
	pass "exchange: owner verify matched, LAUNCH_SECRET and LAUNCH_FINISH succeeded"
else
	fail exchange "exit $rc: $(tail -n 3 "$tmp/exchange.out" | tr '\n' ' ') / $(tr '\n' ' ' <<<"$ev")"
fi
# What the guest found at the secret GPA is the table Python builds.
want=$(python3 "$oracle" table "$guid_a:$(hexof "$tmp/secret-a")" "$guid_b:$(hexof "$tmp/secret-b")")
size=$((16#${want:34:2}${want:32:2}))	# the u32 length at byte 16
got=$(sed -n 's/^secret area: \([0-9a-f]*\).*/\1/p' "$tmp/exchange.out")
if [ -n "$got" ] && [ "$got" = "${want:0:$((2 * size))}" ]; then
	pass "exchange: the guest reads the secret table Python builds ($size bytes)"
else
	fail exchange-guest "guest: ${got:-nothing}, python: ${want:0:$((2 * size))}"
fi
sum=$(printf '%s' "${want:0:$((2 * size))}" | unhex | sha256sum | cut -d' ' -f1)
if grep -q "^secret table GUID 1e74f542-71dd-4d66-963e-ef4287ff173b size $size sha256 $sum" \
	"$tmp/exchange.out"; then
	pass "exchange: owner secret prints the table's GUID, size and SHA-256"
else
	fail exchange-sum "want size $size sha256 $sum: $(grep '^secret table' "$tmp/exchange.out")"
fi
if [ -s "$tmp/launch-dir" ] && [ ! -e "$(cat "$tmp/launch-dir")" ]; then
	pass "exchange: the launch directory is removed"
else
	fail exchange-dir "$(cat "$tmp/launch-dir" 2>/dev/null) still exists"
fi

# stopped NAME PATTERN: the launch stopped (status 2) with PATTERN, before
# LAUNCH_FINISH, and the guest never ran.
stopped() {
	local name=$1 rc=$2 pattern=$3 ev
	ev=$(events "$tmp/$name.json" 2>&1)
	if [ "$rc" = 2 ] && grep -Eq -- "$pattern" "$tmp/$name.out" &&
	   ! grep -q 'KVM_SEV_LAUNCH_FINISH' <<<"$ev" && ! grep -q '^secret area' "$tmp/$name.out"; then
		return 0
	fi
	echo "exit $rc: $(tail -n 3 "$tmp/$name.out" | tr '\n' ' ') / $(tr '\n' ' ' <<<"$ev")"
	return 1
}

# ---- refusals -------------------------------------------------------------
# The owner expects another guest image: mismatch, the launch stops.
run_owner tampered-guest "${verify/secret_dump.bin/hello.bin} && $secret"
if why=$(stopped tampered-guest $? 'attest-cmd exited with status 1') &&
   grep -q '^mismatch: expected measurement [0-9a-f]\{64\}, actual [0-9a-f]\{64\}' \
	"$tmp/tampered-guest.out" &&
   ! grep -q KVM_SEV_LAUNCH_SECRET <<<"$(events "$tmp/tampered-guest.json")"; then
	pass "tampered guest: owner verify says mismatch, no LAUNCH_SECRET, the launch stops"
else
	fail tampered-guest "$why"
fi
# The measurement altered on its way: one byte of MEASURE flipped.
flip='SEVVM_MEASUREMENT=$(python3 -c "import base64, sys; m = bytearray(base64.b64decode(sys.argv[1]));
m[0] ^= 1; print(base64.b64encode(m).decode())" "$SEVVM_MEASUREMENT");'
run_owner tampered-measurement "$flip $verify && $secret"
if why=$(stopped tampered-measurement $? 'attest-cmd exited with status 1') &&
   grep -q '^mismatch: expected' "$tmp/tampered-measurement.out"; then
	pass "tampered measurement: owner verify says mismatch, the launch stops"
else
	fail tampered-measurement "$why"
fi
# A secret packaged with another session's TEK and TIK.
run_owner wrong-keys "$verify && ${secret//$tmp\/owner\/t/$tmp/other/t}"
if why=$(stopped wrong-keys $? 'KVM_SEV_LAUNCH_SECRET: firmware error BAD_MEASUREMENT \(0x0b\)') &&
   grep -qx 'command KVM_SEV_LAUNCH_SECRET -5 BAD_MEASUREMENT (0x0b)' \
	<<<"$(events "$tmp/wrong-keys.json")"; then
	pass "wrong TEK/TIK: LAUNCH_SECRET refuses with BAD_MEASUREMENT (0x0b), the launch stops"
else
	fail wrong-keys "$why"
fi
run_owner no-files "$verify"
if why=$(stopped no-files $? 'wrote no secret_header.b64'); then
	pass "an attest command that writes no secret stops the launch"
else
	fail no-files "$why"
fi
run_owner killed 'kill -TERM $$'
if why=$(stopped killed $? 'killed by signal 15'); then
	pass "an attest command killed by a signal stops the launch"
else
	fail killed "$why"
fi

# ---- owner verify on its own ----------------------------------------------
m=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(48))).decode())')
out=$("$sevvm" owner verify --measurement "$m" --tik "$tmp/owner/tik.bin" --api 1.55 --build 21 \
	--policy 0x5 --digest "$(printf '%064d' 0)" 2>&1)
rc=$?
# MEASURE over a zero digest, computed here with Python's hmac.
want=$(python3 -c '
import hashlib, hmac, struct, sys
tik = bytes.fromhex(sys.argv[1])
msg = bytes([4, 1, 55, 21]) + struct.pack("<I", 5) + bytes(32) + bytes(range(32, 48))
print(hmac.new(tik, msg, hashlib.sha256).hexdigest())' "$(hexof "$tmp/owner/tik.bin")")
if [ "$rc" = 1 ] && grep -q "^mismatch: expected measurement $want, actual $(python3 -c 'print(bytes(range(32)).hex())')" <<<"$out"; then
	pass "verify --digest: mismatch names the expected (Python's HMAC) and the actual value"
else
	fail verify-digest "exit $rc: $out (want $want)"
fi

# ---- a firmware boot: the secret goes to the firmware's secret area --------
# OVMF.fd given a hash table area; the guest need not get far on this
# machine's KVM (--timeout 2): the launch is what is checked. `owner verify`
# computes the expected digest from the same --firmware/--kernel options.
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -f /usr/share/ovmf/OVMF.fd ] && [ -n "$kernel" ]; then
	python3 tests/sev/ovmf_hash_area.py 0x80cc00 0x400 /usr/share/ovmf/OVMF.fd "$tmp/ovmf.fd" \
		0x80d000 0x1000
	fw=(--sev-es --sev-backend sim --firmware "$tmp/ovmf.fd" --kernel "$kernel"
	    --initrd "$build/guest/exit3.bin" --cmdline console=ttyS0)	# no spaces: the command line is re-read by sh
	area=$("$sevvm" inspect "$tmp/ovmf.fd" | sed -n 's/^SEV secret area: *\(0x[0-9a-f]*\),.*/\1/p')
	"$sevvm" run "${fw[@]}" --policy "$policy" --dh-cert "$tmp/owner/godh.b64" \
		--session "$tmp/owner/session.b64" --launch-log "$tmp/fw.json" --timeout 2 \
		--attest-cmd "${verify/${launch[*]}/${fw[*]}} && $secret" </dev/null >"$tmp/fw.out" 2>&1
	ev=$(events "$tmp/fw.json" 2>&1)
	got=$(python3 -c 'import json, sys
for ev in json.load(open(sys.argv[1]))["events"]:
    if ev.get("cmd") == "KVM_SEV_LAUNCH_SECRET":
        print(hex(ev["args"]["gpa"]))' "$tmp/fw.json" 2>/dev/null)
	if grep -q '^match: measurement' "$tmp/fw.out" &&
	   grep -qx 'command KVM_SEV_LAUNCH_SECRET 0 SUCCESS (0x00)' <<<"$ev" &&
	   grep -qx 'command KVM_SEV_LAUNCH_FINISH 0 SUCCESS (0x00)' <<<"$ev" &&
	   [ -n "$area" ] && [ "$got" = "$area" ]; then
		pass "firmware boot: owner verify matched, the secret went to the firmware's secret area ($got)"
	else
		fail firmware "area ${area:-?}, gpa ${got:-none}: $(tail -n 3 "$tmp/fw.out" | tr '\n' ' ') / $(tr '\n' ' ' <<<"$ev")"
	fi
else
	fail firmware "/usr/share/ovmf/OVMF.fd or a /boot/vmlinuz-* is missing"
fi

out=$("$sevvm" --help)
if grep -q '^  owner session --chain DIR --policy P' <<<"$out" && grep -q -- '--attest-cmd CMD' <<<"$out" &&
   grep -q '^  platform verify DIR' <<<"$out" && grep -q -- '--allow-test-root' <<<"$out" &&
   "$sevvm" owner --help | grep -q '^usage: sevvm owner session --chain DIR'; then
	pass "--help documents owner, platform and --attest-cmd"
else
	fail help "$(grep -E 'owner|platform|attest' <<<"$out" | tr '\n' ' ')"
fi

# ---- hostile or wrong input: refused, naming the option or field ----------
# refused NAME PATTERN -- ARGS: exit status 2 and PATTERN in the message.
refused() {
	local name=$1 pattern=$2 out rc
	shift 3
	out=$("$sevvm" "$@" 2>&1)
	rc=$?
	if [ "$rc" = 2 ] && grep -Eq -- "$pattern" <<<"$out"; then
		pass "refused: $name"
	else
		fail "refused-$name" "exit $rc: $(tr '\n' ' ' <<<"$out")"
	fi
}
# bad_pdh NAME FILE: the model's chain with FILE as its pdh.cert, in $tmp/NAME.
bad_pdh() {
	mkdir -p "$tmp/$1"
	cp "$tmp/chain"/*.cert "$tmp/$1/"
	cp "$2" "$tmp/$1/pdh.cert"
}
head -c 2084 /dev/zero >"$tmp/zero.cert"
python3 "$oracle" pdh "$seed" 0x1003 0x3 1 55 | unhex >"$tmp/unsigned-pdh.cert"
bad_pdh unsigned "$tmp/unsigned-pdh.cert"
bad_pdh pek-as-pdh "$tmp/chain/pek.cert"
bad_pdh zero "$tmp/zero.cert"
bad_pdh text "$tmp/secret-a"
refused "the platform's PDH key in a certificate the chain does not sign" \
	"--chain $tmp/unsigned: chain invalid: PDH: no signature slot signed by the PEK" -- \
	owner session --chain "$tmp/unsigned" --allow-test-root --policy 1 --out "$tmp"
refused "a PEK given as the PDH" 'chain invalid: PDH: pub_key_usage is 0x1002, expected 0x1003' -- \
	owner session --chain "$tmp/pek-as-pdh" --allow-test-root --policy 1 --out "$tmp"
refused "an all-zero certificate" 'chain invalid: PDH: SEV certificate: version \(offset 0\) is 0, expected 1' -- \
	owner session --chain "$tmp/zero" --allow-test-root --policy 1 --out "$tmp"
refused "a pdh.cert that is not a certificate" 'chain invalid: PDH: SEV certificate: length 30, expected 2084' -- \
	owner session --chain "$tmp/text" --allow-test-root --policy 1 --out "$tmp"
refused "a PDH file given on its own (--pdh)" '--pdh: the PDH comes from the verified chain: give --chain DIR' -- \
	owner session --pdh "$tmp/chain/pdh.cert" --policy 1 --out "$tmp"
refused "a 47-byte measurement" "--measurement '.*': expected the 48-byte" -- \
	owner verify --measurement "$(head -c 47 /dev/zero | base64 -w0)" --tik "$tmp/owner/tik.bin" \
	--api 1.55 --build 21 --policy 5 --digest "$(printf '%064d' 0)"
refused "verify without --build" 'give --api, --build and --policy' -- \
	owner verify --measurement "$m" --tik "$tmp/owner/tik.bin" --api 1.55 --policy 5 \
	--digest "$(printf '%064d' 0)"
refused "a 15-byte TIK" 'expected exactly 16 bytes' -- \
	owner verify --measurement "$m" --tik <(head -c 15 /dev/zero) --api 1.55 --build 21 \
	--policy 5 --digest "$(printf '%064d' 0)"
refused "a malformed secret GUID" "'736869e5-84f0-4973-92ec-06879ce3da0x' is not a GUID" -- \
	owner secret --tek "$tmp/owner/tek.bin" --tik "$tmp/owner/tik.bin" --measurement "$m" \
	--secret 736869e5-84f0-4973-92ec-06879ce3da0x:"$tmp/secret-a"
head -c 9000 /dev/zero >"$tmp/big"
refused "a secret table over 16 KiB" 'the table is 18064 bytes, more than the 16384' -- \
	owner secret --tek "$tmp/owner/tek.bin" --tik "$tmp/owner/tik.bin" --measurement "$m" \
	--secret "$guid_a:$tmp/big" --secret "$guid_b:$tmp/big" --out "$tmp"
head -c 16337 /dev/zero >"$tmp/huge"
refused "a secret file over 16336 bytes" "--secret $tmp/huge: more than 16336 bytes" -- \
	owner secret --tek "$tmp/owner/tek.bin" --tik "$tmp/owner/tik.bin" --measurement "$m" \
	--secret "$guid_a:$tmp/huge" --out "$tmp"
refused "a secret that is a directory" "--secret $tmp: read: Is a directory" -- \
	owner secret --tek "$tmp/owner/tek.bin" --tik "$tmp/owner/tik.bin" --measurement "$m" \
	--secret "$guid_a:$tmp" --out "$tmp"
# Firmware boot: a packet longer than the firmware's secret area (4096 bytes).
. guest/kmod.sh
if ver=$(kmod_kernel_version) && [ -r "/boot/vmlinuz-$ver" ]; then
	head -c 4112 /dev/zero | base64 -w0 >"$tmp/long-secret.b64"
	head -c 52 /dev/zero | base64 -w0 >"$tmp/long-header.b64"
	refused "a secret longer than the firmware's secret area" \
		"4112 bytes do not fit the firmware's secret area \(4096 bytes at 0x841000\)" -- \
		run --sev --sev-backend sim --kernel "/boot/vmlinuz-$ver" --timeout 20 \
		--secret-header "$tmp/long-header.b64" --secret "$tmp/long-secret.b64"
else
	fail secret-area-size "no installed kernel to boot through the firmware"
fi
refused "--attest-cmd without a secret area" '--attest-cmd: give --secret-gpa' -- \
	run "${launch[@]}" --attest-cmd "touch $tmp/attest-ran"
if [ -e "$tmp/attest-ran" ]; then
	fail attest-ran "the attest command ran although the secret had nowhere to go"
fi

# ---- virt-qemu-sev-validate --inject-secret -------------------------------
if [ -x /usr/bin/virt-qemu-sev-validate ]; then
	vqsv="/usr/bin/python3 /usr/bin/virt-qemu-sev-validate --measurement \"\$SEVVM_MEASUREMENT\" \
--api-major \$SEVVM_API_MAJOR --api-minor \$SEVVM_API_MINOR --build-id \$SEVVM_BUILD \
--policy \$((SEVVM_POLICY)) --firmware $tmp/dump/measured.bin --num-cpus 1 \
--vmsa-cpu0 $tmp/dump/vmsa-cpu0.bin --vmsa-cpu1 $tmp/dump/vmsa-cpu0.bin --tk $tmp/owner/tk \
--inject-secret $guid_a:$tmp/secret-a --secret-header \"\$SEVVM_LAUNCH_DIR/secret_header.b64\" \
--secret-payload \"\$SEVVM_LAUNCH_DIR/secret.b64\""
	run_owner vqsv "$vqsv" --dump-measured "$tmp/dump"
	rc=$?
	ev=$(events "$tmp/vqsv.json" 2>&1)
	want=$(python3 "$oracle" table "$guid_a:$(hexof "$tmp/secret-a")")
	size=$((16#${want:34:2}${want:32:2}))	# the u32 length at byte 16
	got=$(sed -n 's/^secret area: \([0-9a-f]*\).*/\1/p' "$tmp/vqsv.out")
	if [ "$rc" = 1 ] && grep -qx 'command KVM_SEV_LAUNCH_SECRET 0 SUCCESS (0x00)' <<<"$ev" &&
	   [ "$got" = "${want:0:$((2 * size))}" ]; then
		pass "virt-qemu-sev-validate --inject-secret: LAUNCH_SECRET accepts it, the guest reads the table"
	else
		fail vqsv "exit $rc: $(tail -n 3 "$tmp/vqsv.out" | tr '\n' ' ') / $(tr '\n' ' ' <<<"$ev")"
	fi
else
	fail vqsv "virt-qemu-sev-validate is not installed (libvirt-clients-qemu)"
fi

#!/usr/bin/env bash
# platform.sh BUILD: `sevvm platform status | export | verify` on the
# software model and, where this host has no /dev/sev, the kvm backend's
# refusal. The exported chain is checked by tests/sev/oracle.py (Python,
# python3-cryptography) as well as by `sevvm platform verify`; one flipped
# byte in any certificate must make verify fail naming that certificate; the
# exported PDH must be the key LAUNCH_START uses (a session made for it is
# unwrapped by the model to the owner's keys).
# Prints one "PASS: name" or "FAIL: name: why" line per check.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
sevvm=$build/sevvm
oracle=tests/sev/oracle.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS: platform/$1"; }
fail() { echo "FAIL: platform/$1: $2"; }

out=$("$sevvm" platform status --sev-backend sim 2>&1)
if [ $? = 0 ] && grep -q '^platform: *sim (TEST KEYS of sevvm.s software model, not AMD.s)' <<<"$out" &&
   grep -q '^API version: *1\.55$' <<<"$out" && grep -q '^build: *21$' <<<"$out" &&
   grep -q '^state: *INIT (1)$' <<<"$out" && grep -q '^flags: *0x100 (SEV-ES configured' <<<"$out" &&
   grep -q '^guests: *0$' <<<"$out" && grep -q '^ID (64 bytes): [0-9a-f]\{128\}$' <<<"$out"; then
	pass "status (sim): API 1.55, build 21, INIT, SEV-ES, 0 guests, 64-byte ID, TEST KEYS"
else
	fail status-sim "$(tr '\n' ' ' <<<"$out")"
fi
if [ ! -e /dev/sev ]; then
	out=$("$sevvm" platform status 2>&1)
	if [ $? = 2 ] && grep -q '/dev/sev does not exist: this host has no SEV firmware interface' <<<"$out"; then
		pass "status (kvm) without /dev/sev says what is missing"
	else
		fail status-kvm "$(tr '\n' ' ' <<<"$out")"
	fi
fi

out=$("$sevvm" platform export "$tmp/chain" --sev-backend sim 2>&1)
if [ $? = 0 ] && grep -q 'TEST KEYS' <<<"$out" && [ "$(stat -c %s "$tmp"/chain/{ark,ask,cek,oca,pek,pdh}.cert | tr '\n' ' ')" = "1600 1600 2084 2084 2084 2084 " ]; then
	pass "export (sim): ARK, ASK (1600 bytes), CEK, OCA, PEK, PDH (2084 bytes)"
else
	fail export "$(tr '\n' ' ' <<<"$out")"
fi
# A full disk: a write that fails at fclose is reported once, not freed twice.
mkdir -p "$tmp/full"
ln -s /dev/full "$tmp/full/cek.cert"
out=$("$sevvm" platform export "$tmp/full" --sev-backend sim 2>&1)
rc=$?
if [ $rc = 2 ] && grep -q 'cek.cert: write: No space left on device' <<<"$out"; then
	pass "export to a full disk (cek.cert -> /dev/full): status 2, names the file and ENOSPC"
else
	fail export-full "status $rc: $(tr '\n' ' ' <<<"$out")"
fi
id=$(python3 "$oracle" chain "$tmp/chain" 2>&1)
if [ "$id" = "$(printf 'sevvm TEST ARK\0\0' | od -An -tx1 | tr -d ' \n')" ]; then
	pass "Python verifies the exported chain (RSA-PSS and ECDSA), ARK key id 'sevvm TEST ARK'"
else
	fail python-chain "$id"
fi
out=$("$sevvm" platform verify "$tmp/chain" 2>&1)
if [ $? = 0 ] && [ "$out" = "chain valid — TEST KEYS of sevvm's software model, not AMD's (ARK key id \"sevvm TEST ARK\")" ]; then
	pass "verify: chain valid — TEST KEYS, not AMD's"
else
	fail verify "$out"
fi

# One flipped byte per certificate: in the signed part, in the (first)
# signature, and near the end (signature or the zero padding after it).
for name in ark ask cek oca pek pdh; do
	size=$(stat -c %s "$tmp/chain/$name.cert")
	sig=$((size == 2084 ? 0x41c + 10 : size - 300))
	for off in 200 "$sig" $((size - 100)); do
		rm -rf "$tmp/bad"
		cp -r "$tmp/chain" "$tmp/bad"
		b=$(od -An -tu1 -j "$off" -N1 "$tmp/bad/$name.cert" | tr -d ' ')
		printf "\\$(printf %03o $((b ^ 4)))" |
			dd of="$tmp/bad/$name.cert" bs=1 seek="$off" conv=notrunc status=none
		upper=$(tr a-z A-Z <<<"$name")
		out=$("$sevvm" platform verify "$tmp/bad" 2>&1)
		rc=$?
		py=$(python3 "$oracle" chain "$tmp/bad" 2>&1)
		pyrc=$?
		if [ "$rc" = 1 ] && grep -q "^chain invalid: $upper: " <<<"$out" &&
		   [ "$pyrc" != 0 ] && grep -q "^$upper: " <<<"$py"; then
			pass "verify: $name.cert byte $off flipped: invalid, names the $upper (so does Python)"
		else
			fail "flip-$name-$off" "sevvm exit $rc: $out / python: $py"
		fi
	done
done
rm "$tmp/bad/ask.cert"
out=$("$sevvm" platform verify "$tmp/bad" 2>&1)
if [ $? = 2 ] && grep -q 'ask.cert: No such file' <<<"$out"; then
	pass "verify: a missing certificate file is named"
else
	fail verify-missing "$out"
fi

# The exported PDH is LAUNCH_START's: a session for it reaches the model.
mkdir -p "$tmp/owner"
if "$sevvm" owner session --pdh "$tmp/chain/pdh.b64" --policy 0x5 --out "$tmp/owner" >/dev/null &&
   "$sevvm" run --sev-es --sev-backend sim --kernel "$build/guest/hello.bin" --kernel-format flat \
	--policy 0x5 --dh-cert "$tmp/owner/godh.b64" --session "$tmp/owner/session.b64" \
	--sim-keys-out "$tmp/tk" </dev/null >/dev/null 2>&1
   [ $? = 1 ] && cat "$tmp/owner/tek.bin" "$tmp/owner/tik.bin" | cmp -s - "$tmp/tk"; then
	pass "the exported PDH is LAUNCH_START's: the model unwraps the owner's TEK and TIK"
else
	fail pdh-session "the model's TEK/TIK differ from the owner's"
fi

#!/usr/bin/env bash
# platform.sh BUILD: `sevvm platform status | export | verify` on the
# software model and, where this host has no /dev/sev, the kvm backend's
# refusal. The exported chain is checked by tests/sev/oracle.py (Python,
# python3-cryptography) as well as by `sevvm platform verify`; one flipped
# byte in any certificate must make verify fail naming that certificate; the
# exported PDH must be the key LAUNCH_START uses (a session made for it is
# unwrapped by the model to the owner's keys). verify needs --allow-test-root
# for the model's TEST root. The roots: AMD's ARK and ASK of each product
# (sev/amd-roots/, checked by tests/sev/amd_roots.py) name their product; a
# chain forged with AMD's key ids is refused; an owner's own root verifies
# with --ark.
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
if [ $? = 1 ] && [ "$out" = "chain invalid: ARK: the chain ends at the TEST root of sevvm's software model (TEST KEYS, not AMD's), which proves nothing about a platform; --allow-test-root accepts it for testing" ]; then
	pass "verify: the model's TEST root is refused without --allow-test-root"
else
	fail verify-test-root "$out"
fi
out=$("$sevvm" platform verify "$tmp/chain" --allow-test-root 2>&1)
if [ $? = 0 ] && [ "$out" = "chain valid up to the TEST root of sevvm's software model, allowed by --allow-test-root: TEST KEYS, not AMD's; it proves nothing about a platform" ]; then
	pass "verify --allow-test-root: valid up to the model's TEST root, and says it is one"
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
		out=$("$sevvm" platform verify "$tmp/bad" --allow-test-root 2>&1)
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
rm "$tmp/bad/cek.cert"
out=$("$sevvm" platform verify "$tmp/bad" --allow-test-root 2>&1)
if [ $? = 2 ] && grep -q 'cek.cert: No such file' <<<"$out"; then
	pass "verify: a missing certificate file is named"
else
	fail verify-missing "$out"
fi

# The exported PDH is LAUNCH_START's: a session for it reaches the model.
mkdir -p "$tmp/owner"
if "$sevvm" owner session --chain "$tmp/chain" --allow-test-root --policy 0x5 --out "$tmp/owner" >/dev/null &&
   "$sevvm" run --sev-es --sev-backend sim --kernel "$build/guest/hello.bin" --kernel-format flat \
	--policy 0x5 --dh-cert "$tmp/owner/godh.b64" --session "$tmp/owner/session.b64" \
	--sim-keys-out "$tmp/tk" </dev/null >/dev/null 2>&1
   [ $? = 1 ] && cat "$tmp/owner/tek.bin" "$tmp/owner/tik.bin" | cmp -s - "$tmp/tk"; then
	pass "the exported PDH is LAUNCH_START's: the model unwraps the owner's TEK and TIK"
else
	fail pdh-session "the model's TEK/TIK differ from the owner's"
fi

# ---- the roots --------------------------------------------------------------
roots=sev/amd-roots
out=$(python3 tests/sev/amd_roots.py check "$roots" 2>&1)
if [ $? = 0 ] && [ "$(cut -d' ' -f1 <<<"$out" | tr '\n' ' ')" = "naples rome milan genoa turin " ]; then
	pass "Python: each of AMD's ARKs (naples..turin) is self-signed and signs its ASK; SHA-256s as in the README"
else
	fail python-roots "$out"
fi
cp -r "$roots" "$tmp/roots"
chmod -R u+w "$tmp/roots"
printf '\x55' | dd of="$tmp/roots/genoa/ask.cert" bs=1 seek=1000 conv=notrunc status=none
out=$(python3 tests/sev/amd_roots.py check "$tmp/roots" 2>&1)
if [ $? = 1 ] && grep -q 'genoa/ask.cert: size, SHA-256 or key id differs' <<<"$out"; then
	pass "Python: an altered ASK is refused (the root check can fail)"
else
	fail python-roots-altered "$out"
fi

# AMD's ARK and ASK of each product in DIR: sevvm's embedded ARK of that
# product signed that ASK, so DIR's chain is checked up to AMD's root (and
# the model's CEK, not signed by AMD, fails there).
mkdir -p "$tmp/amd"
cp "$tmp/chain"/{cek,oca,pek,pdh}.cert "$tmp/amd/"
for p in naples rome milan genoa turin; do
	cp "$roots/$p"/{ark,ask}.cert "$tmp/amd/"
	chmod u+w "$tmp/amd"/{ark,ask}.cert
	name=$(sed 's/./\U&/' <<<"$p")
	out=$("$sevvm" platform verify "$tmp/amd" 2>&1)
	if [ $? = 1 ] && [ "$(wc -l <<<"$out")" = 1 ] &&
	   grep -q "^chain invalid: up to AMD's $name root: CEK: the signature by the ASK" <<<"$out"; then
		pass "verify: AMD's $name ARK and ASK in DIR: checked up to the embedded $name root"
	else
		fail "amd-$p" "$out"
	fi
done
printf '\x55' | dd of="$tmp/amd/ark.cert" bs=1 seek=300 conv=notrunc status=none
out=$("$sevvm" platform verify "$tmp/amd" 2>&1)
if [ $? = 1 ] && grep -qx "note: ark.cert differs from AMD's Turin ARK embedded in sevvm: ignored" <<<"$out" &&
   grep -q "^chain invalid: up to AMD's Turin root: CEK: " <<<"$out"; then
	pass "verify: an ARK in DIR that differs from the embedded one is reported and ignored"
else
	fail amd-altered-ark "$out"
fi
rm "$tmp/amd"/{ark,ask}.cert
out=$("$sevvm" platform verify "$tmp/amd" --product MILAN 2>&1)
if [ $? = 1 ] && grep -q "^chain invalid: up to AMD's Milan root: CEK: " <<<"$out"; then
	pass "verify --product MILAN without ark.cert and ask.cert: the embedded Milan root"
else
	fail amd-product "$out"
fi
out=$("$sevvm" platform verify "$tmp/amd" --product epyc 2>&1)
if [ $? = 2 ] && grep -q "product 'epyc': sevvm embeds the roots of naples, rome, milan, genoa, turin" <<<"$out"; then
	pass "verify --product: an unknown product is refused, naming the known ones"
else
	fail amd-product-unknown "$out"
fi

# The attack: a self-signed ARK with the key id of AMD's Milan ARK, an ASK
# with the Milan ASK's, the CEK re-signed (Python). Every signature holds.
python3 tests/sev/amd_roots.py forge "$tmp/chain" "$roots" milan "$tmp/forged" >/dev/null
id=$(python3 "$oracle" chain "$tmp/forged" 2>&1)
milan_id=$(od -An -v -tx1 -j4 -N16 "$roots/milan/ark.cert" | tr -d ' \n')
out=$("$sevvm" platform verify "$tmp/forged" 2>&1)
rc=$?
out2=$("$sevvm" platform verify "$tmp/forged" --allow-test-root 2>&1)
rc2=$?
if [ "$id" = "$milan_id" ] && [ "$rc" = 1 ] && [ "$rc2" = 1 ] &&
   grep -qx "note: ark.cert carries the key id of AMD's Milan ARK but is not that certificate: ignored" <<<"$out" &&
   grep -q "^chain invalid: ASK: not signed by AMD's ARK of any product sevvm embeds" <<<"$out" &&
   [ "$out" = "$out2" ]; then
	pass "verify: a forged chain with AMD's Milan key id and a self-signed ARK (valid to Python) is refused"
else
	fail forged "python: $id / exit $rc: $out / exit $rc2"
fi
out=$("$sevvm" owner session --chain "$tmp/forged" --policy 1 --out "$tmp" 2>&1)
if [ $? = 2 ] && grep -q "chain invalid: ASK: not signed by AMD's ARK" <<<"$out" && [ ! -e "$tmp/session.b64" ]; then
	pass "owner session: the forged chain is refused, no session written"
else
	fail forged-session "$out"
fi

# An owner's own root (Python, RSA-2048): valid only when --ark names it.
python3 tests/sev/amd_roots.py reroot "$tmp/chain" "$tmp/own" >/dev/null
cp "$tmp/own/ark.cert" "$tmp/owner-root.cert"
out=$("$sevvm" platform verify "$tmp/own" 2>&1)
rc=$?
cp "$tmp/chain/ark.cert" "$tmp/own/ark.cert"
out2=$("$sevvm" platform verify "$tmp/own" --ark "$tmp/owner-root.cert" 2>&1)
rc2=$?
own_id=$(printf "owner's own ARK\0" | od -An -tx1 | tr -d ' \n')
own_sum=$(sha256sum "$tmp/owner-root.cert" | cut -d' ' -f1)
if [ "$rc" = 1 ] && grep -q "^chain invalid: ASK: not signed by AMD's ARK" <<<"$out" && [ "$rc2" = 0 ] &&
   grep -qx "note: ark.cert differs from --ark's root: ignored" <<<"$out2" &&
   grep -qxF "chain valid up to the owner's root $tmp/owner-root.cert (key id $own_id, sha256 $own_sum): not AMD's; trusted because --ark names it" <<<"$out2"; then
	pass "verify --ark FILE: an owner's own root verifies (DIR's other ARK reported, ignored); refused without it"
else
	fail owner-root "exit $rc: $out / exit $rc2: $out2"
fi
out=$("$sevvm" platform verify "$tmp/chain" --ark "$tmp/chain/ark.cert" 2>&1)
if [ $? = 1 ] && grep -q -- "--allow-test-root accepts it" <<<"$out"; then
	pass "verify --ark naming the model's TEST root still needs --allow-test-root"
else
	fail owner-root-test "$out"
fi
mkdir -p "$tmp/own-session"
out=$("$sevvm" owner session --chain "$tmp/own" --ark "$tmp/owner-root.cert" --policy 0x5 --out "$tmp/own-session" 2>&1)
if [ $? = 0 ] && grep -q "^chain valid up to the owner's root" <<<"$out" &&
   [ -s "$tmp/own-session/session.b64" ]; then
	pass "owner session --ark FILE: a session for the PDH of the owner-rooted chain"
else
	fail owner-root-session "$out"
fi

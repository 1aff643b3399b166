#!/usr/bin/env bash
# validate.sh BUILD: SEV and SEV-ES launches on sevvm's software model,
# checked by tools that share no code with sevvm:
#   - libvirt's virt-qemu-sev-validate recomputes the measurement from the
#     measured bytes (--dump-measured), the VMSA pages, the TIK and the
#     launch parameters, and must say "OK: Looks good to me";
#   - the guest owner's session blob is made by tests/sev/oracle.py (Python,
#     cryptography) for the PDH of the model's exported chain, which Python
#     verifies first, and the TEK/TIK the model unwrapped must be the owner's;
#   - `sevvm measure` must predict the digest and the measurement of the run;
#   - a measured byte flipped, or the wrong TIK, must make the validation fail.
# The guest is the flat test guest hello.bin, so this runs on any /dev/kvm.
# Prints one "PASS: name" or "FAIL: name: why" line per check.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
sevvm=$build/sevvm
oracle=tests/sev/oracle.py
guest=(--kernel "$build/guest/hello.bin" --kernel-format flat)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS: sev-validate/$1"; }
fail() { echo "FAIL: sev-validate/$1: $2"; }

unhex() { python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$1"; }

vqsv() { /usr/bin/python3 /usr/bin/virt-qemu-sev-validate "$@"; }

# field LOG TYPE KEY: a value from the launch log's first event of TYPE.
field() { python3 tests/sev/log_field.py "$@"; }

# The launch measure blob virt-qemu-sev-validate takes: base64(MEASURE || MNONCE).
measure_blob() {
	python3 -c 'import base64, sys; print(base64.b64encode(bytes.fromhex(sys.argv[1] + sys.argv[2])).decode())' \
		"$(field "$1" measurement measurement)" "$(field "$1" measurement mnonce)"
}

# launch NAME EXPECTED_KEYS_FILE|- SEVVM_ARGS...: one launch, then every check.
launch() {
	local name=$1 owner_tk=$2 d=$tmp/$1 out rc tk ncpu api_maj api_min build policy blob
	shift 2
	mkdir -p "$d"
	out=$("$sevvm" run --sev-backend sim "${guest[@]}" --launch-log "$d/log.json" \
		--dump-measured "$d/dump" --sim-keys-out "$d/tk" "$@" </dev/null 2>&1)
	rc=$?
	# hello.bin prints its line and writes 0 to the exit port: status 1.
	if [ "$rc" != 1 ] || ! grep -q 'hello from a sevvm flat guest' <<<"$out"; then
		fail "$name" "launch exited $rc: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
		return
	fi
	tk=$d/tk
	if [ "$owner_tk" != - ]; then
		if cmp -s "$owner_tk" "$d/tk"; then
			pass "$name: the model unwrapped the owner's TEK and TIK"
		else
			fail "$name" "the model's TEK/TIK differ from the guest owner's"
		fi
		tk=$owner_tk
	fi
	api_maj=$(field "$d/log.json" platform api_major)
	api_min=$(field "$d/log.json" platform api_minor)
	build=$(field "$d/log.json" platform build)
	policy=$(field "$d/log.json" launch policy)
	blob=$(measure_blob "$d/log.json")
	ncpu=$(ls "$d/dump"/vmsa-cpu*.bin 2>/dev/null | wc -l)
	local -a common=(--measurement "$blob" --api-major "$api_maj" --api-minor "$api_min"
			 --build-id "$build" --policy "$policy")
	local -a vmsas=()
	if [ "$ncpu" -gt 0 ]; then
		# The tool multiplies the cpu1 page by NUM_CPUS - 1 even for one
		# CPU, so it needs one: cpu0's, counted zero times.
		vmsas=(--num-cpus "$ncpu" --vmsa-cpu0 "$d/dump/vmsa-cpu0.bin"
		       --vmsa-cpu1 "$d/dump/vmsa-cpu$((ncpu > 1 ? 1 : 0)).bin")
	fi

	out=$(vqsv "${common[@]}" --firmware "$d/dump/measured.bin" --tk "$tk" "${vmsas[@]}" 2>&1)
	if grep -q '^OK: Looks good to me' <<<"$out"; then
		pass "$name: virt-qemu-sev-validate"
	else
		fail "$name" "virt-qemu-sev-validate: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi

	# The same tool must refuse one flipped measured byte and a wrong TIK.
	cp "$d/dump/measured.bin" "$d/flipped.bin"
	printf '\x5a' | dd of="$d/flipped.bin" bs=1 seek=100 conv=notrunc status=none
	out=$(vqsv "${common[@]}" --firmware "$d/flipped.bin" --tk "$tk" "${vmsas[@]}" 2>&1)
	if grep -q '^ERROR: Measurement does not match' <<<"$out"; then
		pass "$name: a flipped measured byte is refused"
	else
		fail "$name" "flipped measured byte: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
	head -c 32 /dev/urandom >"$d/wrong-tk"
	out=$(vqsv "${common[@]}" --firmware "$d/dump/measured.bin" --tk "$d/wrong-tk" "${vmsas[@]}" 2>&1)
	if grep -q '^ERROR: Measurement does not match' <<<"$out"; then
		pass "$name: a wrong TIK is refused"
	else
		fail "$name" "wrong TIK: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi

	# sevvm measure, offline, predicts the run (the session is not measured).
	local -a margs=()
	while [ $# -gt 0 ]; do
		case $1 in
		--dh-cert|--session) shift 2 ;;
		*) margs+=("$1"); shift ;;
		esac
	done
	out=$("$sevvm" measure --sev-backend sim "${guest[@]}" "${margs[@]}" \
		--tik <(tail -c 16 "$tk") --mnonce "$(field "$d/log.json" measurement mnonce)" \
		--api "$api_maj.$api_min" --build "$build" 2>&1)
	if grep -qx "launch digest: $(field "$d/log.json" measurement digest)" <<<"$out" &&
	   grep -qx "measurement: $(field "$d/log.json" measurement measurement)" <<<"$out"; then
		pass "$name: sevvm measure predicts digest and measurement"
	else
		fail "$name" "sevvm measure: $(tr '\n' ' ' <<<"$out")"
	fi
}

if [ ! -x /usr/bin/virt-qemu-sev-validate ]; then
	fail setup "virt-qemu-sev-validate is not installed (libvirt-clients-qemu)"
	exit 0
fi

launch sev-2cpus - --sev --cpus 2
launch sev-es - --sev-es
launch sev-es-legacy-init - --sev-es --sev-init legacy

# The guest owner's session: GODH key, TEK, TIK, nonce and IV chosen here,
# wrapped for the PDH of the model's exported chain once Python has verified
# that chain (an owner takes the PDH from a verified certificate only). Its
# key must be the one the oracle derives from the model's published test
# seed, "sevvm software model TEST KEYS" zero-padded (qx, qy: bytes 0x14..0xa3).
seed=$(printf 'sevvm software model TEST KEYS' | od -An -tx1 | tr -d ' \n')
seed=$seed$(printf '%0*d' $((64 - ${#seed})) 0)
tek=000102030405060708090a0b0c0d0e0f
tik=f0e1d2c3b4a5968778695a4b3c2d1e0f
policy=0x5
"$sevvm" platform export "$tmp/chain" --sev-backend sim >/dev/null
pdh=$(od -An -v -tx1 "$tmp/chain/pdh.cert" | tr -d ' \n')
if ! python3 "$oracle" chain "$tmp/chain" >/dev/null ||
   [ "${pdh:40:288}" != "$(python3 "$oracle" pdh "$seed" 0x1003 0x3 1 55 | cut -c41-328)" ]; then
	fail pdh "the model's exported chain does not verify, or its PDH is not the seed's key"
	pdh=-
fi
mapfile -t sess < <(python3 "$oracle" session \
	7d3a2b1c0f9e8d7c6b5a49382716051423324150607f8e9dacbbcad9e8f7061524334251606f7e8d9cabbac9d8e7f6 \
	"$pdh" "$tek" "$tik" 11223344556677889900aabbccddeeff 0f0e0d0c0b0a09080706050403020100 "$policy")
if [ "${#sess[@]}" != 2 ]; then
	fail session "oracle.py session failed"
else
	unhex "${sess[0]}" | base64 -w0 >"$tmp/godh.b64"
	unhex "${sess[1]}" | base64 -w0 >"$tmp/session.b64"
	unhex "$tek$tik" >"$tmp/owner-tk"
	launch sev-es-session "$tmp/owner-tk" --sev-es --policy "$policy" \
		--dh-cert "$tmp/godh.b64" --session "$tmp/session.b64"
fi

# Firmware launches (sevvm measure --firmware) against the same tool: Debian's
# OVMF.fd given a hash table area, a kernel, an initrd and a command line.
# For SEV-ES the tool builds its own VMSAs from a CPU model (EPYC-v4: family
# 23, model 1, stepping 2, signature 0x800f12) in the layout KVM's legacy
# init gives, so that checks sevvm's reset-state VMSAs independently.
# fw_check NAME SEVVM_MEASURE_ARGS -- VQSV_ARGS
fw_check() {
	local name=$1 out blob
	local -a margs=() vargs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do margs+=("$1"); shift; done
	shift
	vargs=("$@")
	out=$("$sevvm" measure "${margs[@]}" "${fwin[@]}" --tik <(tail -c 16 "$tmp/fw-tk") \
		--mnonce 00112233445566778899aabbccddeeff --api 1.55 --build 21 2>&1)
	blob=$(sed -n 's/^launch measure blob (base64, MEASURE || MNONCE): //p' <<<"$out")
	if [ -z "$blob" ]; then
		fail "$name" "sevvm measure: $(tr '\n' ' ' <<<"$out")"
		return
	fi
	out=$(vqsv --measurement "$blob" --api-major 1 --api-minor 55 --build-id 21 \
		--tk "$tmp/fw-tk" "${fwin[@]}" "${vargs[@]}" 2>&1)
	if grep -q '^OK: Looks good to me' <<<"$out"; then
		pass "$name: virt-qemu-sev-validate"
	else
		fail "$name" "virt-qemu-sev-validate: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
}

# CPU family, model and stepping of a CPUID(1).EAX signature, as the tool takes them.
cpu_model_args() {
	local sig=$(($1))
	echo --cpu-family $((((sig >> 8) & 15) + ((sig >> 20) & 255))) \
		--cpu-model $((((sig >> 4) & 15) | (((sig >> 16) & 15) << 4))) \
		--cpu-stepping $((sig & 15))
}

# fw_run NAME SEVVM_RUN_ARGS -- VQSV_ARGS: run --firmware $fw_image with a bzImage.
fw_run() {
	local name=$1 d=$tmp/$1 out blob sig
	local -a rargs=() vargs=() files
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do rargs+=("$1"); shift; done
	shift
	vargs=("$@")
	mkdir -p "$d"
	files=(--firmware "$fw_image" --kernel "$kernel" --initrd "$build/guest/exit3.bin"
	       --cmdline "console=ttyS0 sevvm firmware")
	out=$("$sevvm" run --sev-backend sim "${files[@]}" "${rargs[@]}" --launch-log "$d/log.json" \
		--sim-keys-out "$d/tk" --dump-measured "$d/dump" --timeout 2 </dev/null 2>&1)
	blob=$(measure_blob "$d/log.json" 2>/dev/null)
	if [ -z "$blob" ]; then
		fail "$name" "no measurement: $(tail -n 3 <<<"$out" | tr '\n' ' ')"
		return
	fi
	if grep -q -- --sev-es <<<"${rargs[*]}" && ! grep -q -- 'sev-init legacy' <<<"${rargs[*]}"; then
		# The tool builds VMSAs only as the legacy init lays them out: give
		# it the ones the launch measured (INIT2 sets SEV features).
		vargs+=(--vmsa-cpu0 "$d/dump/vmsa-cpu0.bin" --vmsa-cpu1 "$d/dump/vmsa-cpu1.bin")
	elif grep -q -- --sev-es <<<"${rargs[*]}"; then
		sig=$("$sevvm" measure "${files[@]}" "${rargs[@]}" | sed -n 's/.*vCPU signature \(0x[0-9a-f]*\).*/\1/p')
		# shellcheck disable=SC2207
		vargs+=($(cpu_model_args "$sig"))
	fi
	out=$(vqsv --measurement "$blob" --api-major "$(field "$d/log.json" platform api_major)" \
		--api-minor "$(field "$d/log.json" platform api_minor)" \
		--build-id "$(field "$d/log.json" platform build)" --tk "$d/tk" "${files[@]}" \
		"${vargs[@]}" 2>&1)
	if grep -q '^OK: Looks good to me' <<<"$out"; then
		pass "$name: virt-qemu-sev-validate"
	else
		fail "$name" "virt-qemu-sev-validate: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
}

if [ -f /usr/share/ovmf/OVMF.fd ]; then
	python3 tests/sev/ovmf_hash_area.py 0x80cc00 0x400 /usr/share/ovmf/OVMF.fd "$tmp/ovmf.fd"
	head -c 32 /dev/urandom >"$tmp/fw-tk"
	fwin=(--firmware "$tmp/ovmf.fd" --kernel "$build/guest/hello.elf"
	      --initrd "$build/guest/exit3.bin" --cmdline "console=ttyS0 sevvm")
	fw_check firmware-sev --sev -- --policy 1
	fw_check firmware-sev-es-2cpus --sev-es --sev-init legacy --cpus 2 --cpu-sig 0x800f12 -- \
		--policy 5 --num-cpus 2 --cpu-family 23 --cpu-model 1 --cpu-stepping 2
	# run --firmware: the launch itself (model, this machine's KVM; the guest
	# need not get far) must validate with the same tool given the same
	# files, which builds the hashes table and, for SEV-ES, the VMSAs itself.
	kernel=$(ls /boot/vmlinuz-* 2>/dev/null | head -n 1)
	if [ -n "$kernel" ]; then
		fw_image=$tmp/ovmf.fd
		fw_run firmware-run-sev --sev -- --policy 1
		fw_run firmware-run-sev-es-2cpus --sev-es --sev-init legacy --cpus 2 -- --policy 5 \
			--num-cpus 2
		fw_image=$build/firmware/sevvm-fw.bin
		fw_run sevvm-fw-run-sev --sev -- --policy 1
		fw_run sevvm-fw-run-sev-es-2cpus --sev-es --cpus 2 -- --policy 5 --num-cpus 2
		fw_run sevvm-fw-run-sev-es-legacy-4cpus --sev-es --sev-init legacy --cpus 4 -- \
			--policy 5 --num-cpus 4
		# Control: the same launch does not validate for another command line.
		d=$tmp/sevvm-fw-run-sev
		out=$(vqsv --measurement "$(measure_blob "$d/log.json")" --api-major "$(field "$d/log.json" platform api_major)" \
			--api-minor "$(field "$d/log.json" platform api_minor)" \
			--build-id "$(field "$d/log.json" platform build)" --tk "$d/tk" --policy 1 \
			--firmware "$fw_image" --kernel "$kernel" --initrd "$build/guest/exit3.bin" \
			--cmdline "console=ttyS0 sevvm firmwarE" 2>&1)
		if grep -q '^ERROR: Measurement does not match' <<<"$out"; then
			pass "sevvm-fw-run-sev: another command line is refused"
		else
			fail "sevvm-fw-run-sev-control" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
		fi
		# SHA-256(firmware || 176-byte table), both from files by Python alone.
		python3 tests/sev/hash_table.py "$tmp/own-ht.bin" "$kernel" "$build/guest/exit3.bin" \
			"console=ttyS0 sevvm firmware"
		want=$(cat "$fw_image" "$tmp/own-ht.bin" | sha256sum | cut -d' ' -f1)
		got=$(field "$tmp/sevvm-fw-run-sev/log.json" measurement digest 2>/dev/null)
		if [ -n "$got" ] && [ "$got" = "$want" ]; then
			pass "sevvm-fw-run-sev: the digest is SHA-256(firmware || Python's table)"
		else
			fail "sevvm-fw-run-sev-digest" "launch $got, Python $want"
		fi
	else
		fail firmware-run "no /boot/vmlinuz-* (package linux-image-amd64)"
	fi
	# --hash-table: a table the guest owner computed (here hashlib, from the
	# same files) measures the same; one for another initrd measures
	# differently; a malformed one is refused with its offset.
	python3 tests/sev/hash_table.py "$tmp/ht.bin" "$build/guest/hello.elf" \
		"$build/guest/exit3.bin" "console=ttyS0 sevvm"
	python3 tests/sev/hash_table.py "$tmp/ht-other.bin" "$build/guest/hello.elf" \
		"$build/guest/hello.bin" "console=ttyS0 sevvm"
	d0=$("$sevvm" measure --sev "${fwin[@]}" 2>&1 | sed -n 's/^launch digest: //p')
	d1=$("$sevvm" measure --sev "${fwin[@]}" --hash-table "$tmp/ht.bin" 2>&1 | sed -n 's/^launch digest: //p')
	d2=$("$sevvm" measure --sev "${fwin[@]}" --hash-table "$tmp/ht-other.bin" 2>&1 | sed -n 's/^launch digest: //p')
	if [ -n "$d0" ] && [ "$d0" = "$d1" ] && [ -n "$d2" ] && [ "$d2" != "$d0" ]; then
		pass "hash-table: the Python table measures as sevvm's own; another initrd's does not"
	else
		fail "hash-table" "digests '$d0' '$d1' '$d2'"
	fi
	cp "$tmp/ht.bin" "$tmp/ht-bad.bin"
	printf '\x33' | dd of="$tmp/ht-bad.bin" bs=1 seek=68 conv=notrunc status=none
	out=$("$sevvm" measure --sev "${fwin[@]}" --hash-table "$tmp/ht-bad.bin" 2>&1)
	if grep -q 'offset 68: the initrd entry' <<<"$out"; then
		pass "hash-table: a malformed table is refused, naming the offset and entry"
	else
		fail "hash-table-bad" "$(tr '\n' ' ' <<<"$out")"
	fi
	# Without the area, a kernel cannot be checked: sevvm says so.
	out=$("$sevvm" measure --sev --firmware /usr/share/ovmf/OVMF.fd --kernel "$build/guest/hello.elf" 2>&1)
	if grep -q 'SEV hash table area is unusable (base 0 size 0' <<<"$out"; then
		pass "firmware without a hash table area is refused with --kernel"
	else
		fail "firmware-no-area" "$(tr '\n' ' ' <<<"$out")"
	fi
else
	fail firmware "/usr/share/ovmf/OVMF.fd is missing (package ovmf)"
fi

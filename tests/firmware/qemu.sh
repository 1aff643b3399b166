#!/usr/bin/env bash
# sevvm's firmware under QEMU (-bios): an independent host of the firmware,
# with QEMU's own fw_cfg. Debian's kernel boots to the test initramfs with
# 2 CPUs; hash tables written by Python's hashlib (tests/sev/hash_table.py)
# into the hash table area with QEMU's generic loader exercise the checks and
# the failure stop.
# Without SEV, QEMU serves the kernel's setup header patched (hw/i386/x86.c
# x86_load_linux), so the kernel never matches a table made from the file:
# the firmware must name exactly that blob. The firmware installs QEMU's
# ACPI tables through QEMU's etc/table-loader, as it does sevvm's.
# Prints PASS:/FAIL: lines.
#
# usage: tests/firmware/qemu.sh BUILD
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
fw=$build/firmware/sevvm-fw.bin
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
cmdline="console=ttyS0 reboot=k panic=-1 sevvm.test=nproc"
hash_base=0x840000	# the firmware's hash table area (tests/firmware/image.py checks the footer)
secret_base=0x841000	# and its secret area

pass() { echo "PASS: firmware under QEMU: $1"; }
fail() { echo "FAIL: firmware under QEMU: $1"; }

if ! command -v qemu-system-x86_64 >/dev/null; then
	fail "qemu-system-x86_64 is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
guest/mkinitramfs.sh "$tmp/initrd.cpio.gz" >/dev/null || { fail "initramfs build"; exit 0; }

# boot NAME STATUS PATTERNS ABSENT -- extra qemu args: QEMU's exit status
# (isa-debug-exit at 0xf4: (v << 1) | 1; the firmware writes 0x10 + code), lines
# that must appear (;;-separated) and lines that must not.
boot() {
	local name=$1 want=$2 patterns=$3 absent=$4 out rc p
	shift 5
	out=$(timeout 60 qemu-system-x86_64 -accel tcg -cpu EPYC -m 512M -smp 2 -nographic \
		-no-reboot -bios "$fw" -kernel "$kernel" -initrd "$tmp/initrd.cpio.gz" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" </dev/null 2>&1 | tr -d '\r')
	rc=$?
	echo "$out" >"$tmp/$name.log"
	if [ "$rc" != "$want" ]; then
		fail "$name: exit status $rc, expected $want: $(grep sevvm-fw <<<"$out" | tail -n 3 | tr '\n' ' ')"
		return
	fi
	IFS=';' read -ra pats <<<"${patterns//;;/;}"
	for p in "${pats[@]}"; do
		p=$(sed 's/^ *//; s/ *$//' <<<"$p")
		if [ -n "$p" ] && ! grep -Eq -- "$p" <<<"$out"; then
			fail "$name: no line matches /$p/: $(grep sevvm-fw <<<"$out" | tail -n 3 | tr '\n' ' ')"
			return
		fi
	done
	if [ -n "$absent" ] && grep -Eq -- "$absent" <<<"$out"; then
		fail "$name: unexpected /$absent/: $(grep -E -- "$absent" <<<"$out" | head -n 1)"
		return
	fi
	pass "$name"
}

initrd_sha=$(sha256sum "$tmp/initrd.cpio.gz" | cut -d' ' -f1)
cmdline_sha=$(printf '%s\0' "$cmdline" | sha256sum | cut -d' ' -f1)

boot "plain boot, 2 CPUs, no hash table" 0 \
	"^sevvm-fw: no SEV;;^sevvm-fw: 2 CPUs;;^sevvm-fw: no measured hash table: kernel, initrd and cmdline are not verified;;^sevvm-fw: initrd sha256 $initrd_sha;;^sevvm-fw: cmdline sha256 $cmdline_sha;;found SMP MP-table;;^sevvm-fw: ACPI: [0-9]+ files, RSDP at 0x;;ACPI: RSDP 0x;;^NPROC=2;;^SEVVM-GUEST-OK;;reboot: machine restart" \
	"does not match|ACPI (BIOS )?Error" -- -append "$cmdline"

# patch FILE OFFSET BYTE: one byte of a copy of the good table.
patch() {
	cp "$tmp/good.bin" "$1"
	printf "\\x$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

python3 tests/sev/hash_table.py "$tmp/good.bin" "$kernel" "$tmp/initrd.cpio.gz" "$cmdline"
boot "initrd and cmdline match a Python table; QEMU's patched kernel header is refused" 35 \
	"^sevvm-fw: hash of kernel does not match the measured table" \
	"hash of (initrd|cmdline) does not match|Linux version" \
	-- -append "$cmdline" -device loader,file="$tmp/good.bin",addr=$hash_base,force-raw=on

# Table layout: header 18 bytes, then cmdline, initrd, kernel entries of 50
# (GUID 16, u16 length, hash 32): the initrd hash starts at 18 + 50 + 18.
patch "$tmp/initrd.bin" 86 "$(printf %02x $(( 0x$(od -An -tx1 -j86 -N1 "$tmp/good.bin" | tr -d ' ') ^ 1 )))"
# An EFI secret table (Linux's efi_secret format) in the secret area, as
# LAUNCH_SECRET would leave it: the firmware reports its GUID, size, SHA-256
# and entries. Python writes it and prints the lines to expect.
secret_lines=$(python3 - "$tmp/secret.bin" <<'PY'
import hashlib, struct, sys, uuid
head = uuid.UUID("1e74f542-71dd-4d66-963e-ef4287ff173b")
entries = [(uuid.UUID("736869e5-84f0-4973-92ec-06879ce3da0b"), b"disk passphrase"),
           (uuid.UUID("0f5c3e9d-2b6a-4c1e-9d8f-3a2b1c0d9e8f"), bytes(range(40)))]
body = b"".join(g.bytes_le + struct.pack("<I", 20 + len(d)) + d for g, d in entries)
table = head.bytes_le + struct.pack("<I", 20 + len(body)) + body
open(sys.argv[1], "wb").write(table + bytes(64))
print(f"^sevvm-fw: launch secret table GUID {head} size {len(table)} sha256 {hashlib.sha256(table).hexdigest()}$", end="")
for g, d in entries:
    print(f";;^sevvm-fw: secret entry {g} len {20 + len(d)}$", end="")
PY
)
boot "a flipped initrd hash is named; an injected secret table is reported" 35 \
	"^sevvm-fw: hash of initrd does not match the measured table;;$secret_lines" \
	"hash of cmdline does not match|Linux version" \
	-- -append "$cmdline" -device loader,file="$tmp/initrd.bin",addr=$hash_base,force-raw=on \
	-device loader,file="$tmp/secret.bin",addr=$secret_base,force-raw=on

boot "a different command line is named" 35 \
	"^sevvm-fw: hash of cmdline does not match the measured table" \
	"hash of initrd does not match|Linux version" \
	-- -append "$cmdline quiet" -device loader,file="$tmp/good.bin",addr=$hash_base,force-raw=on

patch "$tmp/bad-len.bin" 16 64	# table length 100 instead of 168
boot "a malformed table stops the boot (code 4)" 41 \
	"^sevvm-fw: measured hash table at 0x840000 is malformed: table length is not 168" \
	"Linux version" \
	-- -append "$cmdline" -device loader,file="$tmp/bad-len.bin",addr=$hash_base,force-raw=on
exit 0

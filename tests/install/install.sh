#!/usr/bin/env bash
# make install and make uninstall into a DESTDIR: the files land under
# PREFIX, the man page renders without a warning from man-db's man and
# names every option and command of `sevvm --help`, the installed sevvm
# carries the build's firmware and launches an SEV-ES guest through it on
# the model (this machine's /dev/kvm; the guest need not get far) as
# `measure` predicts, and uninstall leaves no file behind. Prints PASS:/FAIL:
# lines.
#
# usage: tests/install/install.sh BUILD
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}

pass() { echo "PASS: install: $1"; }
fail() { echo "FAIL: install: $1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
prefix=/usr
if ! make -s install BUILD="$build" DESTDIR="$dest" PREFIX="$prefix" >"$tmp/make.out" 2>&1; then
	fail "make install: $(tail -n 3 "$tmp/make.out" | tr '\n' ' ')"
	exit 0
fi
bin=$dest$prefix/bin/sevvm
man1=$dest$prefix/share/man/man1/sevvm.1
doc=$dest$prefix/share/doc/sevvm/README.md
expected=$(printf '%s\n' "$bin" "$man1" "$doc" | sort)
got=$(find "$dest" -type f | sort)
if [ "$got" = "$expected" ]; then
	pass "make install PREFIX=$prefix puts bin/sevvm, share/man/man1/sevvm.1, share/doc/sevvm/README.md"
else
	fail "make install installed: $(tr '\n' ' ' <<<"$got")"
fi
if [ "$(stat -c %a "$bin")" = 755 ] && [ "$(stat -c %a "$man1")" = 644 ] &&
   cmp -s "$bin" "$build/sevvm" && cmp -s "$doc" README.md && cmp -s "$man1" man/sevvm.1; then
	pass "the installed files are the build's executable (0755), the man page and the README (0644)"
else
	fail "installed files differ from the build's or have other modes"
fi

# The man page: no warning when man-db's man renders it.
if ! command -v man >/dev/null; then
	fail "man is not installed (package man-db)"
elif man --warnings -l "$man1" 2>"$tmp/man.err" >"$tmp/man.txt" && [ ! -s "$tmp/man.err" ] &&
     grep -q 'sevvm firmware extract' "$tmp/man.txt"; then
	pass "man --warnings -l sevvm.1 renders with no warning"
else
	fail "man --warnings: $(head -n 3 "$tmp/man.err" | tr '\n' ' ')"
fi
# Every option and command --help names is in the man page source (roff's
# \- and font changes taken out).
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man1" >"$tmp/man.plain"
"$bin" --help >"$tmp/help.txt"
missing=()
while read -r opt; do
	grep -qE -- "(^|[^a-z-])$opt([^a-z0-9-]|\$)" "$tmp/man.plain" || missing+=("$opt")
done < <(grep -oE '(^|[ [(|,])--?[a-z][a-z0-9-]*' "$tmp/help.txt" | sed 's/^[ [(|,]//' | sort -u)
for cmd in run measure inspect "firmware extract" "owner session" "owner verify" "owner secret" \
	"platform status" "platform export" "platform verify"; do
	grep -q "$cmd" "$tmp/man.plain" || missing+=("$cmd")
	grep -q "sevvm $cmd\|  $cmd\|^$cmd\|	$cmd" "$tmp/help.txt" || missing+=("(--help lacks $cmd)")
done
if [ ${#missing[@]} -eq 0 ] && [ "$(wc -l <"$tmp/help.txt")" -gt 100 ]; then
	pass "the man page names every option and command of --help"
else
	fail "the man page lacks: ${missing[*]}"
fi
version=$("$bin" --version | sed -n 's/^sevvm //p')
if grep -q "^\.TH SEVVM 1 .*\"sevvm $version\"" "$man1"; then
	pass "the man page is of sevvm $version"
else
	fail "the man page's .TH does not name sevvm $version: $(grep '^\.TH' "$man1")"
fi

# The installed sevvm: the build's firmware inside it, launched on the model.
want=$(sha256sum "$build/firmware/sevvm-fw.bin" | cut -d' ' -f1)
if "$bin" --version | grep -q "sha256 $want\$"; then
	pass "the installed sevvm --version names the build firmware's SHA-256"
else
	fail "installed --version: $("$bin" --version | tr '\n' ' '), sha256sum $want"
fi
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if [ -n "$kernel" ] && [ -c /dev/kvm ]; then
	files=(--sev-es --sev-backend sim --kernel "$kernel" --initrd "$build/guest/exit3.bin"
	       --cmdline "console=ttyS0 sevvm installed")
	timeout 60 "$bin" run "${files[@]}" --launch-log "$tmp/log.json" --timeout 2 \
		</dev/null >"$tmp/run.out" 2>&1
	launched=$(python3 tests/sev/log_field.py "$tmp/log.json" measurement digest 2>/dev/null)
	predicted=$("$bin" measure "${files[@]}" | sed -n 's/^launch digest: //p')
	if [ -n "$launched" ] && [ "$launched" = "$predicted" ] &&
	   grep -q "\"type\": \"firmware\", \"source\": \"embedded\", .*\"sha256\": \"$want\"" "$tmp/log.json"; then
		pass "the installed sevvm launches SEV-ES through its firmware as its measure predicts"
	else
		fail "installed launch: ${launched:-no digest}, measure ${predicted:-none}: $(tail -n 2 "$tmp/run.out" | tr '\n' ' ')"
	fi
else
	fail "no kernel in /boot or no /dev/kvm for the installed sevvm's launch"
fi

if make -s uninstall BUILD="$build" DESTDIR="$dest" PREFIX="$prefix" >"$tmp/make.out" 2>&1 &&
   [ -z "$(find "$dest" -type f -o -type l)" ] && [ ! -e "$dest$prefix/share/doc/sevvm" ]; then
	pass "make uninstall removes every installed file"
else
	fail "make uninstall left: $(find "$dest" ! -type d | tr '\n' ' ') $(tail -n 2 "$tmp/make.out")"
fi

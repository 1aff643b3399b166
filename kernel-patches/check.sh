#!/usr/bin/env bash
# The kernel side's checks, one "PASS: kernel: ..." or "FAIL: kernel: ..."
# line each (tests/run-all.sh counts them):
#   the series applies with git am on the git import of the pinned tree;
#   checkpatch.pl --strict on every patch;
#   kvm.ko and kvm-amd.ko build from the patched tree with the vermagic of
#   the packaged kernel's modules (modinfo);
#   the KVM selftests build statically, the series' new ones included;
#   in the nested environment booted on the pinned kernel with the patched
#   modules: the selftests of nested-scenarios (the SEV ones reported as
#   "SKIP: kernel: ..." lines, never as passes) and sevvm's own scenarios
#   that use KVM the most (tests/nested/scenarios), with sevvm from BUILD.
# Usage: check.sh [CACHE [BUILD]]  (default build/kernel and build). The tree
# is patched and built in CACHE/work, a git worktree of CACHE/pristine; a
# rerun rebuilds only what the patches touch.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$(mkdir -p "${1:-$here/../build/kernel}" && cd "${1:-$here/../build/kernel}" && pwd)
build=$(cd "${2:-$here/../build}" && pwd)
# shellcheck source=TREE
. "$here/TREE"
release="$KABI-$FLAVOUR"
work="$cache/work"
logs="$cache/logs"
mkdir -p "$logs"

pass() { echo "PASS: kernel: $1"; }
fail() { echo "FAIL: kernel: $1"; }

# What building the tree needs, beyond the sevvm build's own dependencies.
need=(gcc-12 bc bison flex libelf-dev libssl-dev python3-ply python3-git kmod dwarves rsync)
missing=()
for p in "${need[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	apt-get install -y -q "${missing[@]}" >"$logs/apt.log" 2>&1 ||
		{ fail "apt-get install ${missing[*]} (see $logs/apt.log)"; exit 1; }
fi

if ! "$here/fetch-tree.sh" "$cache" >"$logs/fetch.log" 2>&1; then
	fail "fetching $SOURCE_PACKAGE $VERSION: $(tail -n 2 "$logs/fetch.log" | tr '\n' ' ')"
	exit 1
fi

patches=("$here"/[0-9][0-9][0-9][0-9]-*.patch)
series=()
for p in "${patches[@]}"; do
	case "$p" in */0000-cover-letter.patch) ;; *) series+=("$p") ;; esac
done

# 1. The series applies in order on the pristine tree.
if [ ! -e "$work/.git" ]; then
	git -C "$cache/pristine" worktree add -q --detach "$work" pristine
fi
git -C "$work" am --abort >/dev/null 2>&1
if git -C "$work" checkout -q -f --detach pristine &&
   git -C "$work" -c user.name=check -c user.email=check@localhost \
	am -q "${series[@]}" >"$logs/am.log" 2>&1; then
	pass "series applies with git am on $SOURCE_PACKAGE $VERSION (${#series[@]} patches)"
else
	fail "series does not apply with git am: $(head -n 3 "$logs/am.log" | tr '\n' ' ')"
	exit 1
fi

# 2. checkpatch --strict: no errors and no warnings, except two that cannot
# be resolved here: an unknown Fixes id (the tarball has no history) and
# "does MAINTAINERS need updating?" for new files that the KVM entry's
# "F: tools/testing/selftests/kvm/" already covers.
for p in "${series[@]}"; do
	name=$(basename "$p")
	# Debian's python3 first: spdxcheck.py needs its python3-ply.
	out=$(cd "$work" && PATH=/usr/bin:/bin:$PATH ./scripts/checkpatch.pl \
		--strict --show-types --no-summary --terse "$p" 2>&1)
	bad=$(grep -E '(ERROR|WARNING|CHECK):' <<<"$out" |
		grep -v 'WARNING:UNKNOWN_COMMIT_ID:' |
		grep -v 'WARNING:FILE_PATH_CHANGES:' || true)
	if grep -q 'WARNING:FILE_PATH_CHANGES:' <<<"$out" &&
	   grep -E '^ create mode' "$p" | grep -vq ' tools/testing/selftests/kvm/'; then
		bad+=$'\n'"new files outside tools/testing/selftests/kvm/ without MAINTAINERS"
	fi
	if grep -q 'spdxcheck.py' <<<"$out"; then
		bad+=$'\n'"spdxcheck did not run"
	fi
	if [ -z "$bad" ]; then
		pass "checkpatch --strict $name"
	else
		fail "checkpatch --strict $name: $(tr '\n' ' ' <<<"$bad")"
	fi
done

# 3. kvm.ko and kvm-amd.ko with the packaged kernel's configuration, symbol
# versions and vermagic. modules_prepare runs once per cache (~1 min).
hdr="$cache/headers/usr/src/linux-headers-$release"
kmake=(make -C "$work" -j2 RUSTC=/bin/false CONFIG_KVM_INTEL=)
if [ ! -e "$work/.prepared" ]; then
	cp "$hdr/.config" "$hdr/.kernelvariables" "$hdr/Module.symvers" "$work/"
	if "${kmake[@]}" modules_prepare >"$logs/prepare.log" 2>&1; then
		touch "$work/.prepared"
	else
		fail "make modules_prepare: $(tail -n 3 "$logs/prepare.log" | tr '\n' ' ')"
	fi
fi
if [ -e "$work/.prepared" ] &&
   "${kmake[@]}" M=arch/x86/kvm modules >"$logs/modules.log" 2>&1; then
	packaged=$(ls "$cache/image/lib/modules/$release/kernel/arch/x86/kvm/kvm.ko"* | head -n 1)
	want=$(modinfo -F vermagic "$packaged")
	for m in kvm kvm-amd; do
		got=$(modinfo -F vermagic "$work/arch/x86/kvm/$m.ko" 2>/dev/null)
		if [ -n "$want" ] && [ "$got" = "$want" ]; then
			pass "$m.ko builds from the patched tree, vermagic \"$got\""
		else
			fail "$m.ko vermagic \"$got\", packaged kernel \"$want\""
		fi
	done
	# The symbols kvm.ko exports keep the packaged kernel's CRCs, so the
	# patched kvm.ko serves modules built against the packaged one.
	built="$work/arch/x86/kvm/Module.symvers"
	differ=$(awk 'NR == FNR { crc[$2] = $1; next }
		($2 in crc) && crc[$2] != $1 { print $2 }' \
		"$hdr/Module.symvers" "$built" | head -n 5)
	if [ -s "$built" ] && [ -z "$differ" ]; then
		pass "kvm.ko's exports keep the packaged Module.symvers CRCs ($(wc -l <"$built") symbols)"
	else
		fail "export CRCs differ from the packaged Module.symvers: $differ"
	fi
else
	fail "kvm.ko and kvm-amd.ko do not build: $(grep -m 3 -E 'error|Error' "$logs/modules.log" | tr '\n' ' ')"
fi

# 4. The KVM selftests, statically linked (the nested guest has no libc to
# spare), with every test a patch adds.
# They take the uapi headers from usr/include: install the patched ones.
# OUTPUT is explicit: under a parent make, lib.mk leaves it empty and the
# tests would be written to /.
st="$work/tools/testing/selftests/kvm"
if "${kmake[@]}" headers >"$logs/selftests.log" 2>&1 &&
   env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS \
	make -C "$st" -j2 OUTPUT="$st" EXTRA_CFLAGS=-static \
	>>"$logs/selftests.log" 2>&1; then
	new=$(cat "${series[@]}" | sed -n 's|^+TEST_GEN_PROGS_x86_64 += ||p')
	absent=""
	for t in $new x86_64/sev_smoke_test x86_64/sev_init2_tests x86_64/sev_migrate_tests; do
		file "$st/$t" 2>/dev/null | grep -q "statically linked" || absent+=" $t"
	done
	if [ -z "$absent" ]; then
		pass "KVM selftests build statically ($(ls "$st"/x86_64 | grep -vc '\.') x86_64 tests; new:$(tr '\n' ' ' <<<" $new"))"
	else
		fail "KVM selftests not built statically:$absent"
	fi
else
	fail "KVM selftests do not build: $(grep -m 3 -E 'error' "$logs/selftests.log" | tr '\n' ' ')"
fi

# 5. The nested environment on the pinned kernel: its image from the Debian
# package with the patched kvm.ko and kvm-amd.ko in place of the packaged
# ones, modules.dep from depmod. The outer VM runs the selftests of
# nested-scenarios and the sevvm scenarios below; the inner guests keep the
# installed kernel (tests/nested/run.sh, NESTED_KERNEL).
sevvm_scenarios=(linux-boot sev-boot sev-es-boot fw-sev-es ovmf-sev-es virtio-all)
outer="$cache/nested-kernel"
mods="$outer/lib/modules/$release"
kvm_built=1
for m in kvm kvm-amd; do
	[ -s "$work/arch/x86/kvm/$m.ko" ] || kvm_built=
done
if [ -z "$kvm_built" ] || [ ! -x "$st/x86_64/sev_vmsa_attr_test" ]; then
	fail "$release nested: not run, the patched modules or the selftests did not build"
	exit 0
fi
if [ ! -x "$build/sevvm" ]; then
	fail "$release nested: not run, $build/sevvm is not built"
	exit 0
fi
rm -rf "$outer"
mkdir -p "$outer/boot"
cp "$cache/image/boot/vmlinuz-$release" "$outer/boot/"
# Hard links: the packaged modules are not copied, and rm below unlinks only
# the outer tree's names for kvm and kvm-amd.
cp -al "$cache/image/lib" "$outer/"
rm -f "$mods"/kernel/arch/x86/kvm/kvm.ko* "$mods"/kernel/arch/x86/kvm/kvm-amd.ko*
cp "$work/arch/x86/kvm/kvm.ko" "$work/arch/x86/kvm/kvm-amd.ko" "$mods/kernel/arch/x86/kvm/"
if ! depmod -b "$outer" "$release" >"$logs/depmod.log" 2>&1; then
	fail "$release nested: depmod -b: $(tail -n 2 "$logs/depmod.log" | tr '\n' ' ')"
	exit 0
fi
scenarios="$cache/nested-scenarios"
{
	grep -v '^#' "$here/nested-scenarios"
	for n in "${sevvm_scenarios[@]}"; do
		grep -E "^$n[[:space:]]*\|" "$here/../tests/nested/scenarios"
	done
} >"$scenarios"
# Its own budget for the outer VM (restarts included): make check's nested
# run has had its share already.
results=$(cd "$here/.." && NESTED_KERNEL="$outer:$release" NESTED_SCENARIOS="$scenarios" \
	NESTED_TIMEOUT="${KERNEL_NESTED_TIMEOUT:-1200}" \
	NESTED_SETUP="$here/nested-setup.sh" KSELFTESTS="$st/x86_64" \
	NESTED_WORK="$cache/nested" tests/nested/run.sh "$build" 2>"$logs/nested.log")
[ -n "$results" ] || fail "$release nested: no results: $(tail -n 3 "$logs/nested.log" | tr '\n' ' ')"
while IFS= read -r line; do
	case "$line" in
	"PASS: nested/"*-skip" "*)
		name=${line#PASS: nested/}
		name=${name%%-skip *}
		echo "SKIP: kernel: $release nested: $name exits 4 (KSFT_SKIP: the emulated CPU has no SEV)"
		;;
	"PASS: nested/"*) pass "$release nested: ${line#PASS: nested/}" ;;
	"FAIL: nested/"*) fail "$release nested: ${line#FAIL: nested/}" ;;
	"    "*) echo "$line" ;;
	esac
done <<<"$results"

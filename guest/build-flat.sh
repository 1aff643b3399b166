#!/usr/bin/env bash
# Builds the flat test guests of guest/flat/*.S into OUTDIR/NAME.bin: raw
# 64-bit code that sevvm's flat loader places at 0x100000 and enters there.
# The sources are position-independent, so only .text is kept.
set -euo pipefail
out=${1:?usage: build-flat.sh OUTDIR}
cc=${CC:-cc}
src=$(dirname "$0")/flat
mkdir -p "$out"
for s in "$src"/*.S; do
	name=$(basename "$s" .S)
	obj="$out/$name.flat.o"
	bin="$out/$name.bin"
	if [ "$bin" -nt "$s" ]; then
		continue
	fi
	"$cc" -c -o "$obj" "$s"
	objcopy -O binary -j .text "$obj" "$bin"
	rm -f "$obj"
	echo "  FLAT   $bin"
done

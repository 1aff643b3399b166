#!/usr/bin/env bash
# Builds the multiboot test guest guest/multiboot/mbinfo.S twice into
# OUTDIR: mbinfo-aout.bin (raw image with the a.out-kludge address fields)
# and mbinfo-elf.elf (ELF32 executable, header without address fields).
set -euo pipefail
out=${1:?usage: build-multiboot.sh OUTDIR}
cc=${CC:-cc}
src=$(dirname "$0")/multiboot
mkdir -p "$out"
if [ "$out/mbinfo-aout.bin" -nt "$src/mbinfo.S" ] && [ "$out/mbinfo-elf.elf" -nt "$src/mbinfo.S" ]; then
	exit 0
fi
"$cc" -m32 -c -DAOUT_KLUDGE -o "$out/mbinfo-aout.o" "$src/mbinfo.S"
ld -m elf_i386 --no-warn-rwx-segments -T "$src/link.ld" -o "$out/mbinfo-aout.o.elf" "$out/mbinfo-aout.o"
objcopy -O binary "$out/mbinfo-aout.o.elf" "$out/mbinfo-aout.bin"
"$cc" -m32 -c -o "$out/mbinfo-elf.o" "$src/mbinfo.S"
ld -m elf_i386 --no-warn-rwx-segments -T "$src/link.ld" -o "$out/mbinfo-elf.elf" "$out/mbinfo-elf.o"
rm -f "$out"/mbinfo-*.o "$out/mbinfo-aout.o.elf"
echo "  MBOOT  $out/mbinfo-aout.bin $out/mbinfo-elf.elf"

#!/usr/bin/env bash
# Runs every fuzz target in BUILD/fuzz for SECONDS each (libFuzzer), from its
# seeds (tests/fuzz/make-seeds.py) and what earlier runs kept, and prints per
# target the executions, the coverage (cov: edges, ft: features, from
# libFuzzer's final stats) and the findings (inputs that crashed, leaked or
# timed out, saved in BUILD/fuzz/findings/TARGET/).
#   [FUZZ_RUNS=N] tests/fuzz/run.sh BUILD SECONDS [--check]
# With FUZZ_RUNS=N a target also stops after N executions (libFuzzer's
# -runs=N, counting the replay of its corpus), whichever of the two comes
# first: `make fuzz FUZZ_RUNS=10000000 FUZZ_SECONDS=3600` gives each target
# 10^7 executions or an hour, and a fast target no more than it needs.
# Unset or empty, SECONDS alone stops each target. FUZZ_ONLY="a b" runs
# only those targets (names as in tests/fuzz/, with or without "fuzz_"), so
# a campaign can run as two halves, one per core.
# With --check the lines are "PASS: fuzz TARGET ..." / "FAIL: ..." for
# tests/run-all.sh. Exits 1 when any target had a finding.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
SECONDS_EACH=${2:-600}
CHECK=${3:-}
RUNS=${FUZZ_RUNS:-}
dir=$BUILD/fuzz
status=0

runs=()
if [ -n "$RUNS" ]; then
	if ! [[ $RUNS =~ ^[1-9][0-9]*$ ]]; then
		echo "${CHECK:+FAIL: }fuzz: FUZZ_RUNS=$RUNS is not a number of executions"
		exit 1
	fi
	runs=(-runs="$RUNS")
fi

# The targets and seeds, unless already up to date (tests/fuzz/fuzz.mk).
mkdir -p "$dir"
if ! make -s --no-print-directory BUILD="$BUILD" fuzz-build fuzz-seeds >"$dir/build.log" 2>&1; then
	echo "${CHECK:+FAIL: }fuzz: building the targets failed: $(tail -n 3 "$dir/build.log" | tr '\n' ' ')"
	exit 1
fi

targets=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
if [ -n "${FUZZ_ONLY:-}" ]; then
	picked=
	for t in $FUZZ_ONLY; do
		t=fuzz_${t#fuzz_}
		if ! grep -qxF "$t" <<<"$targets"; then
			echo "${CHECK:+FAIL: }fuzz: FUZZ_ONLY names $t, which tests/fuzz/ does not have"
			exit 1
		fi
		picked+="$t"$'\n'
	done
	targets=$picked
fi
for t in $targets; do
	bin=$dir/$t corpus=$dir/corpus/$t found=$dir/findings/$t log=$dir/logs/$t.log
	if [ ! -x "$bin" ]; then
		echo "${CHECK:+FAIL: }fuzz $t: $bin not built (make fuzz-build)"
		status=1
		continue
	fi
	mkdir -p "$corpus" "$found" "$(dirname "$log")"
	before=$(ls "$found" | wc -l)
	# libFuzzer's own limit would be the largest seed: room to grow.
	largest=$(find "$dir/seeds/$t" "$corpus" -type f -printf '%s\n' | sort -n | tail -n 1)
	max_len=$(( ${largest:-0} > 8192 ? ${largest:-0} : 8192 ))
	"$bin" -max_total_time="$SECONDS_EACH" "${runs[@]}" -print_final_stats=1 -timeout=10 -max_len="$max_len" \
		-artifact_prefix="$found/" "$corpus" "$dir/seeds/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
	findings=$(($(ls "$found" | wc -l) - before))
	line="fuzz $t: ${execs:-0} executions, ${cov:-no coverage}, $findings findings"
	if [ "$rc" != 0 ] || [ "$findings" != 0 ] || [ -z "$execs" ]; then
		status=1
		echo "${CHECK:+FAIL: }$line (exit $rc; see $log)"
	else
		echo "${CHECK:+PASS: }$line"
	fi
done
exit $status

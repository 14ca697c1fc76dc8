#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz.sh — builds the libFuzzer targets with clang-14 and runs each for FUZZ_SECONDS (default 60).
# FUZZ_TARGETS="csv score" runs only those. New crashes land in fuzz/artifacts/; once fixed, copy
# the input into fuzz/corpus/<target>/ so the normal test suite replays it forever. Every run
# appends a line per target to build-fuzz/fuzz-record.tsv (date, target, seconds it ran,
# executions, result, CPU seconds when FUZZ_CPU_SECONDS is set) for docs/testing.md. Inputs are kept small (-max_len): 4096 bytes for csv and
# roundtrip, whose cost grows with the input (every reading of it is repeated several ways) and
# whose bugs so far all fitted in a few hundred bytes; 65536 for the others. FUZZ_MAX_LEN=N sets
# it for every target. FUZZ_CPU_SECONDS=N runs each target until its process has used N seconds
# of CPU (user + sys, read from /proc) instead of FUZZ_SECONDS of wall time, then interrupts it
# (libFuzzer prints its final stats): the fuzzing record counts CPU time, which a shared machine's
# load does not change. FUZZ_SKIP_BUILD=1 uses the targets already built.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
cc=$(command -v clang-14 || command -v clang)
cpu_budget=${FUZZ_CPU_SECONDS:-}
[ -n "$cpu_budget" ] && secs=864000
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
	-DSECUREBASE_SANITIZE=ON -DSECUREBASE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
fi
hz=$(getconf CLK_TCK)
# cpu_of PID: the seconds of CPU (user + sys) the process has used so far; empty once it has ended.
cpu_of() { awk -v hz="$hz" '{ sub(/^.*\) /, ""); if ($1 != "Z") print int(($12 + $13) / hz) }' "/proc/$1/stat" 2>/dev/null || true; }
mkdir -p fuzz/artifacts
record=build-fuzz/fuzz-record.tsv
status=0
for f in fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	target=${name#fuzz_}
	if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $target "* ]]; then
		continue
	fi
	corpus=fuzz/corpus/$target
	work=build-fuzz/corpus-$target
	mkdir -p "$work" "$corpus"
	maxlen=65536
	case $target in csv | roundtrip) maxlen=4096 ;; esac
	maxlen=${FUZZ_MAX_LEN:-$maxlen}
	dict=()
	[ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
	if [ -n "$cpu_budget" ]; then echo "== $name for ${cpu_budget} s of CPU"; else echo "== $name for ${secs}s"; fi
	result=ok
	start=$SECONDS
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./build-fuzz/"$name" "$work" "$corpus" "${dict[@]}" \
		-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
		-artifact_prefix=fuzz/artifacts/"$target"- -print_final_stats=1 \
		2>build-fuzz/"$name".log &
	pid=$!
	cpu=
	stopped=
	if [ -n "$cpu_budget" ]; then
		while used=$(cpu_of "$pid") && [ -n "$used" ]; do
			cpu=$used
			if [ "$used" -ge "$cpu_budget" ]; then
				kill -INT "$pid" 2>/dev/null || true
				stopped=1
				break
			fi
			sleep 2
		done
	fi
	rc=0
	wait "$pid" || rc=$?
	# libFuzzer exits 72 when interrupted; this libFuzzer has no -interrupted_exitcode.
	[ -n "$stopped" ] && [ "$rc" = 72 ] && rc=0
	if [ "$rc" != 0 ]; then
		echo "$name: FAILED (see build-fuzz/$name.log and fuzz/artifacts/)"
		tail -40 build-fuzz/"$name".log
		result=FAILED
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/"$name".log | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' build-fuzz/"$name".log | tail -1)
	cov=$(grep -oE 'cov: [0-9]+' build-fuzz/"$name".log | tail -1 || true)
	echo "$name: ${execs:-?} executions (${rate:-?}/s), ${cov:-cov: ?}, ${cpu:+${cpu} s of CPU, }$result"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$((SECONDS - start))" \
		"${execs:-0}" "$result" "${cpu:-}" \
		>>"$record"
done
exit $status

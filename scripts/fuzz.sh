#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz.sh — builds the libFuzzer targets with clang-14 and runs each for FUZZ_SECONDS (default 60).
# FUZZ_TARGETS="csv score" runs only those. New crashes land in fuzz/artifacts/; once fixed, copy
# the input into fuzz/corpus/<target>/ so the normal test suite replays it forever. Every run
# appends a line per target to build-fuzz/fuzz-record.tsv (date, target, seconds it ran,
# executions, result) for docs/testing.md. Inputs are kept small (-max_len): 4096 bytes for csv and
# roundtrip, whose cost grows with the input (every reading of it is repeated several ways) and
# whose bugs so far all fitted in a few hundred bytes; 65536 for the others. FUZZ_MAX_LEN=N sets
# it for every target.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
cc=$(command -v clang-14 || command -v clang)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
	-DSECUREBASE_SANITIZE=ON -DSECUREBASE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null
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
	echo "== $name for ${secs}s"
	result=ok
	start=$SECONDS
	if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./build-fuzz/"$name" "$work" "$corpus" "${dict[@]}" \
		-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
		-artifact_prefix=fuzz/artifacts/"$target"- -print_final_stats=1 2>build-fuzz/"$name".log; then
		echo "$name: FAILED (see build-fuzz/$name.log and fuzz/artifacts/)"
		tail -40 build-fuzz/"$name".log
		result=FAILED
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/"$name".log | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' build-fuzz/"$name".log | tail -1)
	cov=$(grep -oE 'cov: [0-9]+' build-fuzz/"$name".log | tail -1 || true)
	echo "$name: ${execs:-?} executions (${rate:-?}/s), ${cov:-cov: ?}, $result"
	printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$((SECONDS - start))" \
		"${execs:-0}" "$result" \
		>>"$record"
done
exit $status

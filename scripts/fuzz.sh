#!/usr/bin/env bash
# fuzz.sh — builds the libFuzzer targets with clang-14 and runs each for FUZZ_SECONDS (default 60).
# New crashes land in fuzz/artifacts/; copy a fixed one into fuzz/corpus/<target>/ so the normal
# test suite replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
cc=$(command -v clang-14 || command -v clang)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
	-DSECUREBASE_SANITIZE=ON -DSECUREBASE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)"
mkdir -p fuzz/artifacts
status=0
for f in fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	target=${name#fuzz_}
	corpus=fuzz/corpus/$target
	work=build-fuzz/corpus-$target
	mkdir -p "$work" "$corpus"
	dict=()
	[ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
	echo "== $name for ${secs}s"
	if ! ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/"$name" "$work" "$corpus" "${dict[@]}" \
		-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix=fuzz/artifacts/"$target"- -print_final_stats=1 2>build-fuzz/"$name".log; then
		echo "$name: FAILED (see build-fuzz/$name.log and fuzz/artifacts/)"
		tail -40 build-fuzz/"$name".log
		status=1
	else
		grep -E "stat::number_of_executed_units|stat::peak_rss_mb" build-fuzz/"$name".log | tr '\n' ' '
		echo
	fi
done
exit $status

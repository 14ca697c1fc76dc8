#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# coverage.sh — line and branch coverage of src/ by the test suite: a separate build (build-cov,
# gcc --coverage, -O0, no sanitizers), the suite run once by ctest, then gcovr. Prints one row per
# file of src/ (src/tools/ left out: build-time programs), sorted by branch coverage, lowest
# first, and the total. Branches gcc proves unreachable and exception branches are not counted
# (--exclude-unreachable-branches --exclude-throw-branches); branches inside macros are counted
# where the macro is used (src/ has no assert()). docs/testing.md keeps the numbers.
#
#   COV_TESTS=REGEX   run only the ctest tests matching REGEX (default: all)
#   COV_JOBS=N        ctest -j N (default 1: the suite's own tests fork and time themselves)
#   COV_HTML=1        also write build-cov/coverage/index.html, line by line
#   COV_NO_TEST=1     report on the .gcda files already there (after running tests by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${COV_BUILD:-build-cov}
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DSECUREBASE_SANITIZE=OFF \
	-DCMAKE_C_FLAGS="--coverage -O0 -fprofile-update=atomic" \
	-DCMAKE_EXE_LINKER_FLAGS=--coverage -DCMAKE_SHARED_LINKER_FLAGS=--coverage \
	"${launcher[@]}" >/dev/null
cmake --build "$build" -j "${COV_BUILD_JOBS:-$(nproc)}" >/dev/null
if [ -z "${COV_NO_TEST:-}" ]; then
	find "$build" -name '*.gcda' -delete
	filter=()
	[ -n "${COV_TESTS:-}" ] && filter=(-R "$COV_TESTS")
	# api_pkgconfig is left out: it links an outside program against the installed library,
	# which in this build needs libgcov (--coverage), so it cannot pass here; make test runs it.
	# Failures are reported, but the coverage of what ran is still printed.
	(cd "$build" && ctest --output-on-failure -j "${COV_JOBS:-1}" -E '^api_pkgconfig$' "${filter[@]}") || echo "coverage.sh: some tests failed (above); the numbers below are of what ran" >&2
fi
json=$build/coverage.json
[ -n "${COV_HTML:-}" ] && mkdir -p "$build/coverage"
gcovr --root . --object-directory "$build" --filter 'src/' --exclude 'src/tools/' \
	--exclude-unreachable-branches --exclude-throw-branches -j "$(nproc)" \
	--json-summary "$json" --json-summary-pretty ${COV_HTML:+--html-details "$build/coverage/index.html"} >/dev/null
python3 - "$json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
def pct(c, t):
    return 100.0 * c / t if t else 100.0
rows = sorted(d["files"], key=lambda f: (pct(f["branch_covered"], f["branch_total"]), f["filename"]))
w = max(len(f["filename"]) for f in rows)
print(f'{"file":<{w}}  {"lines":>7} {"of":>6}  {"branches":>8} {"of":>6} {"missed":>6}')
for f in rows:
    print(f'{f["filename"]:<{w}}  {pct(f["line_covered"], f["line_total"]):6.1f}% {f["line_total"]:6d}'
          f'  {pct(f["branch_covered"], f["branch_total"]):7.1f}% {f["branch_total"]:6d}'
          f' {f["branch_total"] - f["branch_covered"]:6d}')
print(f'{"TOTAL":<{w}}  {pct(d["line_covered"], d["line_total"]):6.1f}% {d["line_total"]:6d}'
      f'  {pct(d["branch_covered"], d["branch_total"]):7.1f}% {d["branch_total"]:6d}'
      f' {d["branch_total"] - d["branch_covered"]:6d}')
EOF

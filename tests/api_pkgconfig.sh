#!/bin/sh
# SPDX-License-Identifier: MIT
# The installed libsecurebase as a program outside this tree sees it: `cmake --install` into a
# temporary prefix; securebase.pc, the header, the soname and the exported symbols checked; the
# example compiled with `pkg-config --cflags --libs securebase` (and once against the static
# library with --static), run on tests/data/report_answers.csv, and its scores, bands, counts,
# style and flags compared with `securebase score` on the same rows, its Markdown report with
# `securebase report --format md`.
# Usage: api_pkgconfig.sh BUILD_DIR SOURCE_DIR CC EXTRA_CFLAGS SECUREBASE_BINARY
set -eu
build=$1 src=$2 cc=$3 extra=$4 sb=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "api_pkgconfig: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || fail "cmake --install failed"
pc=$(find "$prefix" -name securebase.pc)
[ -n "$pc" ] || fail "no securebase.pc installed"
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
pkg-config --exists securebase || fail "pkg-config does not find securebase"
[ "$(pkg-config --modversion securebase)" = "$("$sb" --version | sed -n 's/^securebase \([0-9.]*\).*/\1/p')" ] ||
	fail "securebase.pc's version is not the program's"
libdir=$(pkg-config --variable=libdir securebase)
incdir=$(pkg-config --variable=includedir securebase)
[ -f "$incdir/securebase.h" ] || fail "no securebase.h in $incdir"
[ -f "$libdir/libsecurebase.a" ] || fail "no libsecurebase.a in $libdir"
[ -L "$libdir/libsecurebase.so.0" ] || fail "no libsecurebase.so.0 in $libdir"
objdump -p "$libdir/libsecurebase.so" | grep -q 'SONAME *libsecurebase\.so\.0$' ||
	fail "the soname is not libsecurebase.so.0"
# Only the public API is exported (names starting with _ are the toolchain's and sanitizers').
others=$(nm -D --defined-only "$libdir/libsecurebase.so" | awk '{ print $3 }' |
	grep -v '^securebase_' | grep -v '^_' || true)
[ -z "$others" ] || fail "exported beyond the API: $others"
nm -D --defined-only "$libdir/libsecurebase.so" | grep -q ' securebase_score_csv$' ||
	fail "securebase_score_csv is not exported"

# shellcheck disable=SC2046,SC2086 # pkg-config's output is meant to be split
$cc $extra -o "$tmp/example" "$src/examples/score_and_report.c" \
	$(pkg-config --cflags --libs securebase) || fail "the example does not build with pkg-config"
# shellcheck disable=SC2046,SC2086
$cc $extra -o "$tmp/example_static" "$src/examples/score_and_report.c" \
	$(pkg-config --cflags securebase) "$libdir/libsecurebase.a" \
	$(pkg-config --static --libs securebase | sed 's/-lsecurebase\b//') ||
	fail "the example does not build against the static library"

csv=$src/tests/data/report_answers.csv
# The program's scores with 6 decimals (exit 65: one row of the file is rejected on purpose).
"$sb" score --decimals 6 "$csv" >"$tmp/scores.csv" 2>/dev/null || [ $? -eq 65 ] ||
	fail "securebase score failed"
n=0
for id in r01 r02 '<script>alert(1)</script>'; do
	LD_LIBRARY_PATH=$libdir "$tmp/example" "$csv" "$id" >"$tmp/out.md" ||
		fail "the example failed on $id"
	"$tmp/example_static" "$csv" "$id" >"$tmp/out_static.md" ||
		fail "the static example failed on $id"
	cmp -s "$tmp/out.md" "$tmp/out_static.md" || fail "static and shared differ on $id"
	# The example's table, as "scale score band a/n" lines, then style and flags.
	awk -F'|' 'function t(s) { gsub(/^ +| +$/, "", s); return s == "" ? "-" : s }
		/^[|] [a-z_]+ [|]/ && t($2) != "scale" { print t($2), t($3), t($4), t($5) }
		/^style: / { print "style", t(substr($0, 8)) }
		/^flags: / { print "flags", t(substr($0, 8)) }' "$tmp/out.md" \
		>"$tmp/api.txt"
	# The same from the CLI's CSV row (no field of these rows holds a comma or a quote).
	awk -F, -v id="$id" 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
		$1 == id { for (i = 2; i + 4 <= NF - 2; i += 5)
			print h[i], ($i == "" ? "-" : $i), ($(i + 1) == "" ? "-" : $(i + 1)), $(i + 2)
			print "style", ($(NF - 1) == "" ? "-" : $(NF - 1))
			print "flags", ($NF == "" ? "-" : $NF) }' "$tmp/scores.csv" >"$tmp/cli.txt"
	[ -s "$tmp/cli.txt" ] || fail "securebase score wrote no row $id"
	# Scores compared as numbers (printf in the example, securebase's own formatter in the CLI).
	paste -d' ' "$tmp/api.txt" "$tmp/cli.txt" | awk -v id="$id" '
		NF == 8 { d = $2 - $6; if ($1 != $5 || ($2 == "-") != ($6 == "-") || d > 1e-6 || d < -1e-6 ||
		          $3 != $7 || $4 != $8) { print "row " id ": " $0; bad = 1 } next }
		{ if ($1 != $3 || $2 != $4) { print "row " id ": " $0; bad = 1 } }
		END { exit bad }' >&2 || fail "the example's scores differ from securebase score"
	[ "$(wc -l <"$tmp/api.txt")" -eq "$(wc -l <"$tmp/cli.txt")" ] || fail "line counts differ on $id"
	# The report after the table is the one `securebase report` writes to a file.
	SOURCE_DATE_EPOCH=1767225600 "$sb" --lang en report "$csv" --id "$id" --format md \
		-o "$tmp/cli.md" 2>/dev/null || fail "securebase report failed on $id"
	sed '1,/^flags: /d' "$tmp/out.md" | sed '1d' >"$tmp/api_report.md"
	cmp -s "$tmp/api_report.md" "$tmp/cli.md" || {
		diff "$tmp/cli.md" "$tmp/api_report.md" | head -20 >&2
		fail "the example's report differs from securebase report on $id"
	}
	n=$((n + 1))
done
echo "api_pkgconfig: $n rows agree (installed to $prefix, pkg-config $(pkg-config --modversion securebase))"

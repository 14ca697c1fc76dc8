#!/bin/sh
# SPDX-License-Identifier: MIT
# deb-check.sh — the Debian package end to end (`make deb-check`): builds it (scripts/make-deb.sh),
# runs lintian on it (no error and no warning may remain; there are no overrides, see
# debian/README.source), installs it with apt-get,
# runs the installed /usr/bin/securebase (validate, score of tests/data answers, a PDF report, the
# bash completion), and removes it again. Skips with a line (exit 0) without dpkg-buildpackage or
# root, since installing a package needs both.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "deb-check: FAIL: $*" >&2; exit 1; }

if ! command -v dpkg-buildpackage >/dev/null 2>&1; then
	echo "deb-check: SKIPPED: dpkg-buildpackage is not installed (scripts/install-deps.sh deb)"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deb-check: SKIPPED: installing the package needs root"
	exit 0
fi
if dpkg-query -W -f='${Status}' securebase 2>/dev/null | grep -q "install ok installed"; then
	fail "a securebase package is installed already; remove it first (apt-get remove securebase)"
fi

deb=$("$top/scripts/make-deb.sh") || fail "the package did not build"
echo "deb-check: built $deb"
# The package's own facts.
[ "$(dpkg-deb -f "$deb" Package)" = securebase ] || fail "the package is not named securebase"
dpkg-deb -f "$deb" Depends | grep -q 'libc6' || fail "Depends has no shared library dependencies"
[ "$(dpkg-deb -f "$deb" Recommends)" = "fonts-noto-cjk, fonts-dejavu-core" ] ||
	fail "Recommends is not fonts-noto-cjk, fonts-dejavu-core (the PDF fonts)"
dpkg-deb -c "$deb" | grep ' ./usr/share/man/man1/securebase.1.gz$' >/dev/null || fail "no compressed man page"
dbg=$(ls "$top"/securebase-dbgsym_*.*deb 2>/dev/null | head -1)
[ -n "$dbg" ] || fail "no -dbgsym package"
if dpkg-deb -c "$deb" | grep 'libsecurebase' >/dev/null; then fail "libsecurebase is in the package"; fi

if command -v lintian >/dev/null 2>&1; then
	lst=0
	lintian --fail-on error,warning "$deb" >"$top/lintian.out" 2>&1 || lst=$?
	out=$(grep -v '^running with root privileges' "$top/lintian.out" || true)
	rm -f "$top/lintian.out"
	[ "$lst" -eq 0 ] || {
		echo "$out" >&2
		fail "lintian found errors or warnings"
	}
	[ -z "$out" ] || echo "$out"
	echo "deb-check: lintian: no errors, no warnings"
else
	fail "lintian is not installed (scripts/install-deps.sh deb)"
fi

tmp=$(mktemp -d)
installed=0
S_cleanup() {
	[ "$installed" = 0 ] || apt-get remove -y -q securebase >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap S_cleanup EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" >"$tmp/apt.log" 2>&1 || {
	tail -20 "$tmp/apt.log" >&2
	fail "apt-get install failed"
}
installed=1
sb=/usr/bin/securebase
[ -x $sb ] || fail "$sb is not installed"
$sb --version | grep -q "^securebase $(dpkg-deb -f "$deb" Version)" || fail "the version is not the package's"
$sb validate >"$tmp/validate.out" || fail "securebase validate failed"
echo "deb-check: validate: $(head -1 "$tmp/validate.out")"
answers=$top/tests/data/care_answers.csv
$sb --quiet score "$answers" -o "$tmp/scores.csv" 2>"$tmp/score.err" || {
	cat "$tmp/score.err" >&2
	fail "securebase score failed"
}
head -1 "$tmp/scores.csv" | grep -q '^id,anxiety,anxiety_band,' || fail "the scores have another header"
rows=$(($(wc -l <"$tmp/scores.csv") - 1))
[ "$rows" -eq $(($(grep -c . "$answers") - 1)) ] || fail "score wrote $rows rows, not one per answers row"
echo "deb-check: score: $rows rows"
id=$(sed -n '2s/,.*//p' "$tmp/scores.csv")
$sb --lang zh report "$answers" --id "$id" --format pdf -o "$tmp/report.pdf" ||
	fail "securebase report --format pdf failed"
[ "$(head -c 5 "$tmp/report.pdf")" = "%PDF-" ] || fail "the report is not a PDF"
echo "deb-check: report: a PDF of $(wc -c <"$tmp/report.pdf") bytes"
# The completion as an interactive bash loads it (bash-completion's loader, or the file itself).
spec=$(bash -c '
	[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
	complete -p securebase 2>/dev/null || { . /usr/share/bash-completion/completions/securebase &&
		complete -p securebase; }') || fail "no bash completion for securebase"
[ "$spec" = "complete -F _securebase securebase" ] || fail "complete -p securebase: $spec"
echo "deb-check: bash: $spec"
[ -f /usr/share/zsh/vendor-completions/_securebase ] || fail "no zsh completion"
[ -f /usr/share/fish/vendor_completions.d/securebase.fish ] || fail "no fish completion"
[ -f /usr/share/doc/securebase/copyright ] || fail "no copyright file"

apt-get remove -y -q securebase >"$tmp/remove.log" 2>&1 || fail "apt-get remove failed"
installed=0
[ ! -e $sb ] || fail "$sb is still there after apt-get remove"
echo "deb-check: ok (installed, run and removed $deb)"

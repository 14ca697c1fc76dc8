#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs-images.sh — renders the README's pictures of reports and the forms from the test fixture.
# Usage: scripts/docs-images.sh [BINARY]   (default build/securebase; needs poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
sb=${1:-build/securebase}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1795000000
in=tests/data/report_answers.csv
"$sb" --lang en report "$in" --id r01 --format pdf -o "$tmp/en.pdf"
"$sb" --lang zh report "$in" --id r01 --format pdf -o "$tmp/zh.pdf"
"$sb" --lang en report "$in" --id r01 --format pdf --audience counsellor -o "$tmp/co.pdf"
"$sb" --lang zh form --format pdf -o "$tmp/form.pdf"
page() { pdftoppm -png -r 45 -singlefile -f "$2" -l "$2" "$tmp/$1.pdf" "docs/img/$3"; }
page en 1 report-en
page zh 2 report-zh
page co 3 counsellor-en
page form 1 form-zh
# The fillable form on a phone-sized screen, as the browser test photographs it (needs Chromium,
# Node.js and `npm ci` in tests/browser; left as it is otherwise).
abs_sb="$(cd "$(dirname "$sb")" && pwd)/$(basename "$sb")"
if tests/browser/run.sh "$abs_sb" "$tmp/shots" >"$tmp/browser.log" 2>&1; then
	cp "$tmp/shots/fillable-en-statement-360.png" docs/img/fillable-en.png
	cp "$tmp/shots/fillable-en-finish-360.png" docs/img/fillable-save-en.png
else
	echo "docs-images.sh: browser pictures not made: $(tail -n 1 "$tmp/browser.log")" >&2
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs-images.sh — renders the README's pictures of reports and the form from the test fixture.
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

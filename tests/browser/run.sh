#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh — the browser test of the fillable form, for ctest: skipped (exit 77) with one clear line
# when Chromium, Node.js or the test's npm packages are missing (`npm ci` in tests/browser, which
# `scripts/install-deps.sh test` runs).
# Usage: tests/browser/run.sh SECUREBASE_BINARY ARTEFACT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
	echo "SKIP: no Chromium (apt-get install chromium, or set CHROMIUM)"
	exit 77
fi
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: no Node.js (apt-get install nodejs npm)"
	exit 77
fi
if [ ! -d "$here/node_modules/puppeteer-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
	echo "SKIP: no npm packages in tests/browser (run: cd tests/browser && npm ci)"
	exit 77
fi
CHROMIUM=$chromium exec node "$here/fillable.test.mjs" "$1" "$2"

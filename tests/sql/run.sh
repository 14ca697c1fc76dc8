#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh — the SQL of `securebase template --format sql --dialect duckdb` run in DuckDB, for ctest:
# skipped (exit 77) with one clear line when Node.js or the npm package is missing
# (`cd tests/sql && npm ci`).
# Usage: tests/sql/run.sh SECUREBASE_BINARY
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: no Node.js (apt-get install nodejs npm)"
	exit 77
fi
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
	echo "SKIP: no DuckDB for Node.js in tests/sql (run: cd tests/sql && npm ci)"
	exit 77
fi
exec node "$here/duckdb.test.mjs" "$1" "$(cd "$here/../.." && pwd)"

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install-deps.sh — installs the Debian 12 packages securebase needs, only those missing.
# Usage: scripts/install-deps.sh [build|test|fuzz|bench|valgrind|deb|coverage]...   (default: build)
# The build set includes the build tools themselves (a fresh Debian 12 may lack cmake or make).
# As root it runs apt-get; otherwise it prints the exact command to run and exits 1.
set -euo pipefail

# The npm packages of the browser test (tests/browser) and of the DuckDB test (tests/sql), each
# from its package-lock.json, for the test set, once Node.js is there; again only when a lock file
# changed.
browser_npm=0
S_npm_dir() {
	local dir="$1" what="$2"
	[ -d "$dir/node_modules/$3" ] && [ "$dir/node_modules" -nt "$dir/package-lock.json" ] &&
		return 0
	echo "Installing the $what test's npm packages (npm ci in ${dir#*/../})" >&2
	(cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) && touch "$dir/node_modules"
}
S_browser_npm() {
	[ "$browser_npm" = 1 ] && command -v npm >/dev/null 2>&1 || return 0
	S_npm_dir "$(dirname "$0")/../tests/browser" browser puppeteer-core
	S_npm_dir "$(dirname "$0")/../tests/sql" DuckDB @duckdb/node-api
}

want=(cmake make gcc libc6-dev pkg-config libyaml-dev libjansson-dev libunistring-dev libpango1.0-dev libcairo2-dev
	libharfbuzz-dev libfontconfig-dev fonts-noto-cjk fonts-dejavu-core libreadstat-dev)
for what in "${@:-build}"; do
	case "$what" in
	build) ;;
	test) want+=(libcmocka-dev poppler-utils libxml2-dev sqlite3 postgresql python3-pandas r-base-core r-cran-haven r-cran-psych
		chromium tmux dpkg-dev)
		# The browser tests need Node.js and npm; Debian's only where none is on PATH already.
		command -v npm >/dev/null 2>&1 || want+=(nodejs npm)
		browser_npm=1 ;;
	fuzz) want+=(clang-14 libclang-rt-14-dev) ;;
	bench) want+=(r-cran-data.table r-cran-psych python3-pandas) ;;
	valgrind) want+=(valgrind) ;;
	deb) want+=(dpkg-dev debhelper lintian fakeroot file) ;;
	coverage) want+=(gcovr) ;;
	*) echo "install-deps.sh: unknown set '$what' (build, test, fuzz, bench, valgrind, deb, coverage)" >&2; exit 64 ;;
	esac
done

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && { S_browser_npm; exit 0; }

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "securebase needs these Debian packages: ${missing[*]}" >&2
	echo "Run as root:  $cmd" >&2
	exit 1
fi
echo "Installing: ${missing[*]}" >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
S_browser_npm

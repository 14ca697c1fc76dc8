#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install-deps.sh — installs the Debian 12 packages securebase needs, only those missing.
# Usage: scripts/install-deps.sh [build|test|fuzz|bench]...   (default: build)
# As root it runs apt-get; otherwise it prints the exact command to run and exits 1.
set -euo pipefail

want=(pkg-config libyaml-dev libjansson-dev libpango1.0-dev libcairo2-dev fonts-noto-cjk)
for what in "${@:-build}"; do
	case "$what" in
	build) ;;
	test) want+=(libcmocka-dev poppler-utils libxml2-dev) ;;
	fuzz) want+=(clang-14 libclang-rt-14-dev) ;;
	bench) want+=(r-cran-data.table r-cran-psych python3-pandas) ;;
	valgrind) want+=(valgrind) ;;
	*) echo "install-deps.sh: unknown set '$what' (build, test, fuzz, bench, valgrind)" >&2; exit 64 ;;
	esac
done

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "securebase needs these Debian packages: ${missing[*]}" >&2
	echo "Run as root:  $cmd" >&2
	exit 1
fi
echo "Installing: ${missing[*]}" >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/bin/sh
# SPDX-License-Identifier: MIT
# make-deb.sh — builds the Debian package securebase_<version>_<arch>.deb (and its -dbgsym) from
# this tree with debian/ (debhelper, dh): the tracked and new files are copied to a scratch folder,
# `dpkg-buildpackage -b -us -uc` runs there, and the .deb files are copied to the top of the tree.
# Prints the path of the .deb. Exit status 69 when dpkg-buildpackage is not installed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
command -v dpkg-buildpackage >/dev/null 2>&1 || {
	echo "make-deb.sh: dpkg-buildpackage is not installed (scripts/install-deps.sh deb)" >&2
	exit 69
}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/securebase-deb.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/securebase"
# The files git knows or would add (so no build folders), as they are in the work tree.
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
	tar --null -T - -cf -) | tar -xf - -C "$scratch/securebase"
(cd "$scratch/securebase" && dpkg-buildpackage -b -us -uc -j"${JOBS:-2}") >"$scratch/build.log" 2>&1 || {
	tail -40 "$scratch/build.log" >&2
	echo "make-deb.sh: dpkg-buildpackage failed" >&2
	exit 1
}
version=$(cd "$top" && dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=securebase_${version}_${arch}.deb
[ -f "$scratch/$deb" ] || { echo "make-deb.sh: dpkg-buildpackage made no $deb" >&2; exit 1; }
cp "$scratch/$deb" "$top/"
for f in "$scratch"/securebase-dbgsym_"${version}"_"${arch}".*deb; do
	[ -f "$f" ] && cp "$f" "$top/"
done
echo "$top/$deb"

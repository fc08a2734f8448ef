#!/usr/bin/env bash
# Builds gazette_*.deb in the parent of a scratch copy of the source tree:
#   packaging/build-deb.sh OUTDIR
# Needs debhelper (apt-get install debhelper) besides the build dependencies.
set -euo pipefail
out=$(realpath "${1:-.}")
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$src" archive --format=tar --prefix=gazette/ HEAD | tar -x -C "$work"
cp -r "$src/packaging/debian" "$work/gazette/debian"
(cd "$work/gazette" && dpkg-buildpackage -us -uc -b)
cp "$work"/*.deb "$out"/

#!/usr/bin/env bash
# Builds the Debian package from this source tree (as it is on disk, edits
# not yet committed included) and copies gazette_*.deb into OUTDIR:
#   packaging/build-deb.sh OUTDIR        (make deb: OUTDIR is dist/)
# Needs debhelper and dpkg-dev besides the build dependencies (make deb
# installs them). Only the gazette program and its man page are compiled
# (packaging/debian/rules); the tests are `make test`'s business.
set -euo pipefail
out=${1:-.}
mkdir -p "$out"
out=$(realpath "$out")
src=$(cd "$(dirname "$0")/.." && pwd)
# The scratch copy is built in build-deb/ of this checkout (git-ignored, as
# build-*/): a fixed path, so that with ccache (CCACHE_BASEDIR) a second
# package build reuses the first one's objects (the compiler's
# -ffile-prefix-map names the path). One package build at a time per checkout.
work="$src/build-deb"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/gazette"
# The files git knows (tracked, and new ones not ignored), as they are on
# disk; without git (a source tarball), everything but build output.
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -xf - -C "$work/gazette"
else
  tar -C "$src" --exclude='./build' --exclude='./build-*' --exclude='./var' \
    --exclude='./dist' -cf - . | tar -xf - -C "$work/gazette"
fi
rm -rf "$work/gazette/debian"
cp -r "$work/gazette/packaging/debian" "$work/gazette/debian"
(cd "$work/gazette" && dpkg-buildpackage -us -uc -b)
shopt -s nullglob
debs=("$work"/*.deb)
[ ${#debs[@]} -gt 0 ] || { echo "build-deb.sh: dpkg-buildpackage made no .deb" >&2; exit 1; }
cp "${debs[@]}" "$out"/
for d in "${debs[@]}"; do echo "built $out/$(basename "$d")"; done

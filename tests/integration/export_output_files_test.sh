#!/usr/bin/env bash
# Issue 10 item 6: exports never write outside their output through a planted
# symbolic link, and never replace a device or FIFO with a regular file:
# `--out /dev/null` leaves a character device, a FIFO gets the bytes in place.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
"$GAZETTE" --db "$db" add "$base/feed/" >/dev/null
"$GAZETTE" --db "$db" -q poll >/dev/null || fail "poll failed"
victim="$WORK/victim"
echo precious >"$victim"
expect_victim_intact() { expect_eq "file outside the output ($1)" precious "$(cat "$victim")"; }

note "/dev/null stays a character device"
"$GAZETTE" --db "$db" export --format atom --out /dev/null >/dev/null || fail "export to /dev/null"
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
"$GAZETTE" --db "$db" export-opml --out /dev/null || fail "export-opml to /dev/null"
[ -c /dev/null ] || fail "/dev/null is no longer a character device (export-opml)"
# As root (the case the issue reports) also on a private device node, which
# a regression could replace without harming the machine.
if mknod "$WORK/null" c 1 3 2>/dev/null; then
  "$GAZETTE" --db "$db" export --format rss --out "$WORK/null" >/dev/null || fail "export to a device"
  [ -c "$WORK/null" ] || fail "the device node was replaced by $(stat -c %F "$WORK/null")"
fi

note "a FIFO is written in place"
mkfifo "$WORK/fifo"
cat "$WORK/fifo" >"$WORK/from-fifo" &
reader=$!
"$GAZETTE" --db "$db" export --format rss --out "$WORK/fifo" >/dev/null || fail "export to a FIFO"
wait "$reader"
[ -p "$WORK/fifo" ] || fail "the FIFO was replaced by $(stat -c %F "$WORK/fifo")"
grep -q '<rss version="2.0"' "$WORK/from-fifo" || fail "the FIFO's reader got no feed"
# /dev/stdout is a symbolic link to the pipe: followed, since it is no file.
"$GAZETTE" --db "$db" export --format atom --out /dev/stdout | cat >"$WORK/from-stdout" \
  || fail "export --out /dev/stdout"
grep -q '<feed' "$WORK/from-stdout" || fail "nothing came through /dev/stdout"

note "a symlink at the old predictable temporary name is not followed"
mkdir "$WORK/out"
ln -s "$victim" "$WORK/out/feed.atom.tmp"
"$GAZETTE" --db "$db" export --format atom --out "$WORK/out/feed.atom" >/dev/null \
  || fail "export next to a planted link"
expect_victim_intact "planted .tmp link"
grep -q '<feed' "$WORK/out/feed.atom" || fail "no feed written"
[ -z "$(find "$WORK/out" -name '.feed.atom.*')" ] || fail "a temporary file was left behind"

note "a symlink at the output is refused, not followed, not replaced"
ln -s "$victim" "$WORK/out/linked.atom"
if out=$("$GAZETTE" --db "$db" export --format atom --out "$WORK/out/linked.atom" 2>&1); then
  fail "export through a symlink succeeded: $out"
fi
expect_contains "error" "$out" "is a symbolic link"
expect_victim_intact "link at --out"
[ -L "$WORK/out/linked.atom" ] || fail "the link was replaced"

note "hugo: a symlink planted as an article file or a manifest"
content="$WORK/content/news"
"$GAZETTE" --db "$db" export --format hugo --out "$content" >/dev/null || fail "hugo export"
article=$(find "$content" -name '*.md' | sort | head -1)
rm "$article"
ln -s "$victim" "$article"
sql "$db" "update articles set content_html = '<p>changed</p>'"
if out=$("$GAZETTE" --db "$db" export --format hugo --out "$content" 2>&1); then
  fail "hugo export through a planted article link succeeded: $out"
fi
expect_contains "error" "$out" "$article: is a symbolic link"
expect_victim_intact "article link"
rm "$article" "$content/.gazette-export"
ln -s "$victim" "$content/.gazette-export"
if out=$("$GAZETTE" --db "$db" export --format hugo --out "$content" 2>&1); then
  fail "hugo export through a planted manifest link succeeded: $out"
fi
expect_victim_intact "manifest link"
mkdir "$WORK/elsewhere"
ln -s "$WORK/elsewhere" "$WORK/content/linked"
if out=$("$GAZETTE" --db "$db" export --format hugo --out "$WORK/content/linked" 2>&1); then
  fail "hugo export into a folder that is a planted link succeeded: $out"
fi
expect_contains "error" "$out" "$WORK/content/linked: is a symbolic link"
expect_eq "files written through the folder link" "" "$(ls -A "$WORK/elsewhere")"
echo "PASS"

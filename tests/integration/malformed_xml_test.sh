#!/usr/bin/env bash
# Issue 11: feeds that are not well-formed XML, served on 127.0.0.1. A poll
# stores the items libxml2's recovery mode rebuilds, flags each fetch with
# the reason (fetches.warning, sources_v.last_warning), and `gazette
# sources` shows it; a well-formed feed is not flagged, garbage still fails.
source "$(dirname "$0")/../support/lib.sh"

site="$WORK/site"
mkdir -p "$site"
for name in mismatched_tag broken_cdata unescaped truncated undeclared_prefix; do
  cp "$TESTS_DIR/fixtures/feeds/malformed_$name.xml" "$site/$name.xml"
done
cp "$TESTS_DIR/fixtures/feeds/rss2_full.xml" "$site/good.xml"
printf 'this is not a feed, not even markup\n' >"$site/garbage.xml"
start_server SITE "$site" https://malformed.example
base="http://127.0.0.1:$SITE_PORT"

{
  cat <<TOML
[daemon]
database = "$WORK/gazette.db"
[fetch]
min_host_delay = "0ms"
max_follow = 0
TOML
  for name in mismatched_tag broken_cdata unescaped truncated undeclared_prefix good garbage; do
    printf '[[feed]]\nurl = "%s/%s.xml"\n' "$base" "$name"
  done
} >"$WORK/gazette.toml"

note "one poll"
status=0
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" || status=$?
expect_eq "poll status (only the garbage source failed)" 1 "$status"
db="$WORK/gazette.db"

warning_of() {
  sql "$db" "select coalesce(f.warning, '') from fetches f join sources s on s.id = f.source_id
             where s.url = '$base/$1.xml'"
}
items_of() {
  sql "$db" "select count(distinct x.article_id) from sightings x join sources s
             on s.id = x.source_id where s.url = '$base/$1.xml'"
}

expect_eq "mismatched_tag items" 3 "$(items_of mismatched_tag)"
expect_eq "broken_cdata items" 2 "$(items_of broken_cdata)"
expect_eq "unescaped items" 2 "$(items_of unescaped)"
expect_eq "truncated items" 2 "$(items_of truncated)"
expect_eq "undeclared_prefix items" 1 "$(items_of undeclared_prefix)"
expect_eq "mismatched_tag warning" \
  "recovered from malformed XML: line 9: Opening and ending tag mismatch: b line 9 and i (and 3 more errors)" \
  "$(warning_of mismatched_tag)"
expect_contains "broken_cdata warning" "$(warning_of broken_cdata)" "CData section not finished"
expect_contains "unescaped warning" "$(warning_of unescaped)" "StartTag: invalid element name"
expect_contains "truncated warning" "$(warning_of truncated)" "Premature end of data in tag summary"
expect_contains "undeclared_prefix warning" "$(warning_of undeclared_prefix)" \
  "namespace prefix dc is not declared"
expect_eq "recovered text" "AT&T & partners" \
  "$(sql "$db" "select title from articles where url = 'https://example.org/unescaped/story?id=1&lang=en'")"
expect_eq "author under an undeclared prefix" "Ana Author" \
  "$(sql "$db" "select author from articles where url = 'https://example.org/undeclared_prefix/1'")"
expect_eq "well-formed feed: no warning" "" "$(warning_of good)"
[ "$(items_of good)" -gt 0 ] || fail "well-formed feed stored no items"
expect_contains "garbage fails with a parse error" \
  "$(sql "$db" "select f.error from fetches f join sources s on s.id = f.source_id
                where s.url = '$base/garbage.xml'")" "not XML"
expect_eq "sources_v.last_warning" "$(warning_of truncated)" \
  "$(sql "$db" "select last_warning from sources_v where url = '$base/truncated.xml'")"

note "gazette sources shows the last warning"
out=$("$GAZETTE" --config "$WORK/gazette.toml" sources)
expect_contains "sources" "$out" \
  "warning recovered from malformed XML: line 9: Opening and ending tag mismatch"
expect_contains "sources" "$out" "CData section not finished"
good_block=$(grep -A3 -F "$base/good.xml" <<<"$out")
grep -q "warning" <<<"$good_block" && fail "the well-formed feed shows a warning: $good_block"
echo "PASS"

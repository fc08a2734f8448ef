#!/usr/bin/env bash
# `gazette poll` of an RSS and an Atom feed from the demo site, twice:
# rows appear once (a story in both feeds is one article, seen twice), the
# second poll is conditional and answered 304.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
$(demo_feeds "$base")
TOML

note "first poll"
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll1.out" 2>"$WORK/poll1.err" \
  || { cat "$WORK/poll1.err"; fail "first poll exited $?"; }
db="$WORK/gazette.db"
expect_eq "articles after first poll" 5 "$(sql "$db" 'select count(*) from articles')"
expect_eq "sightings" 8 "$(sql "$db" 'select count(*) from sightings')"
expect_eq "stories seen in both feeds" 3 "$(sql "$db" 'select count(*) from (select article_id from sightings group by article_id having count(*) = 2)')"
expect_eq "title with entity" "Council Approves New Cycle Lanes & Wider Pavements" \
  "$(sql "$db" "select title from articles where url like '%council-approves%' and guid like '%?p=%'")"
expect_eq "titles with a left-over entity" 0 "$(sql "$db" "select count(*) from articles where title like '%&amp;%' or title like '%&#%'")"
expect_eq "atom entry (link resolved against xml:base) joined the RSS item's article" \
  "$(sql "$db" "select article_id from article_keys where key like 'guid:%:$base/?p=300'")" \
  "$(sql "$db" "select article_id from article_keys where key like 'guid:%:tag:herald.example,2026:ferry-timetable-changes-for-winter'")"
expect_eq "author" "Mara Lind" \
  "$(sql "$db" "select author from articles where url='$base/news/ferry-timetable-changes-for-winter/'")"
expect_eq "published in UTC" "2026-11-20T06:45:00Z" \
  "$(sql "$db" "select published from articles where url='$base/news/ferry-timetable-changes-for-winter/'")"
expect_contains "content text" "$(sql "$db" "select content_text from articles where url='$base/news/fishermen-report-record-herring-catch/'")" \
  "Buyers at the morning auction said prices fell by a third as a result."
expect_eq "fetch rows" "2" "$(sql "$db" "select count(*) from fetches where http_status=200 and error=''")"
expect_eq "new counts" "5" "$(sql "$db" "select sum(items_new) from fetches")"

note "second poll: conditional, 304, no new rows"
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll2.out" 2>"$WORK/poll2.err" \
  || { cat "$WORK/poll2.err"; fail "second poll exited non-zero"; }
expect_eq "articles after second poll" 5 "$(sql "$db" 'select count(*) from articles')"
expect_eq "304 fetch rows" "2" "$(sql "$db" "select count(*) from fetches where http_status=304")"
conditional=$(python3 - "$SITE_LOG" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
feed = [r for r in rows if r["path"] == "/feed/"]
print(sum(1 for r in feed if any(k.lower() == "if-none-match" for k in r["headers"])))
PY
)
expect_eq "requests carrying If-None-Match" 1 "$conditional"

note "sources lists both with their status"
out=$("$GAZETTE" --config "$WORK/gazette.toml" sources)
expect_contains "sources" "$out" "$base/feed/"
expect_contains "sources" "$out" "ok (HTTP 304)"
echo "PASS"

#!/usr/bin/env bash
# import-opml of a real-world-shaped OPML file (nested folders, entities,
# quotes, non-ASCII), then export-opml and import into a fresh database:
# every feed, title and tag survives; bad entries are reported with their
# line; duplicates are skipped.
source "$(dirname "$0")/../support/lib.sh"
opml="$TESTS_DIR/fixtures/opml/subscriptions.opml"

note "import"
out=$("$GAZETTE" --db "$WORK/a.db" import-opml "$opml" 2>"$WORK/import.err") \
  || { cat "$WORK/import.err"; fail "import-opml failed"; }
expect_eq "summary" "imported 8 sources from $opml: 1 already present, 2 invalid" "$out"
expect_contains "entry without URL" "$(cat "$WORK/import.err")" "subscriptions.opml:21: skipped: outline \"Broken (no URL)\" has no xmlUrl"
expect_contains "non-http URL" "$(cat "$WORK/import.err")" "subscriptions.opml:22: skipped: xmlUrl \"itpc://podcast.example/feed\""
expect_eq "nested folders become tags" "News & Politics,Europe" \
  "$(sql "$WORK/a.db" "select tags from sources where url = 'https://rss.sueddeutsche.de/rss/Topthemen'")"
expect_eq "entities and quotes" 'The "Daily" Planet|News & Politics' \
  "$(sql "$WORK/a.db" "select title, tags from sources where url = 'https://planet.example/feed?format=rss&lang=en'")"
expect_eq "category attribute" "Tech,Linux,Kernel" \
  "$(sql "$WORK/a.db" "select tags from sources where url = 'https://lwn.net/headlines/rss'")"
expect_eq "non-ASCII" "NHKニュース|日本語" \
  "$(sql "$WORK/a.db" "select title, tags from sources where url like '%nhk%'")"

note "importing again adds nothing"
out=$("$GAZETTE" --db "$WORK/a.db" import-opml "$opml" 2>/dev/null)
expect_contains "second import" "$out" "imported 0 sources"

note "export-opml, import into a fresh database"
"$GAZETTE" --db "$WORK/a.db" export-opml --out "$WORK/exported.opml"
"$GAZETTE" --db "$WORK/a.db" export-opml >"$WORK/stdout.opml"
cmp "$WORK/exported.opml" "$WORK/stdout.opml" || fail "--out and stdout differ"
out=$("$GAZETTE" --db "$WORK/b.db" import-opml "$WORK/exported.opml" 2>"$WORK/reimport.err")
expect_eq "re-import" "imported 8 sources from $WORK/exported.opml: 0 already present, 0 invalid" "$out"
[ ! -s "$WORK/reimport.err" ] || { cat "$WORK/reimport.err"; fail "re-import reported problems"; }
query="select kind, url, title, tags from sources order by url"
[ "$(sql "$WORK/a.db" "$query")" = "$(sql "$WORK/b.db" "$query")" ] \
  || fail "sources differ after the round trip:
$(diff <(sql "$WORK/a.db" "$query") <(sql "$WORK/b.db" "$query"))"
echo "PASS"

#!/usr/bin/env bash
# The demo site's integration tests on PostgreSQL (issue 16): `gazette poll`
# of its RSS and Atom feeds twice (feed_poll_test.sh's outcomes), its home
# page (page_poll_test.sh's), and a short `gazette run`, with the database a
# postgresql:// URL. Then differential: the same polls into SQLite export
# the same articles, and search, stories, status and export-opml answer on
# PostgreSQL as on SQLite.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/pg_cluster.sh"
pg_start

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
cat >"$WORK/feeds.toml" <<TOML
[daemon]
database = "$WORK/unused.db"
default_interval = "1m"
# One request at a time: the sources are fetched, and their articles
# stored, in the same order on every run, so that the first source to store
# an article (its owner) is the same in both databases.
[fetch]
max_connections = 1
max_connections_per_host = 1
$(demo_feeds "$base")
TOML
{
  cat "$WORK/feeds.toml"
  cat <<TOML
[[page]]
url = "$base/"
title = "Herald home page"
TOML
} >"$WORK/all.toml"
pg="$GAZETTE_PG_URL"
lite="$WORK/gazette.db"

# poll CONFIG DATABASE NAME
poll() {
  "$GAZETTE" --config "$1" --db "$2" poll >"$WORK/$3.out" 2>"$WORK/$3.err" ||
    { cat "$WORK/$3.err"; fail "$3 exited non-zero"; }
}

note "first poll of the feeds into PostgreSQL"
poll "$WORK/feeds.toml" "$pg" pg-poll1
expect_eq "articles after first poll" 5 "$(pg_sql 'select count(*) from articles')"
expect_eq "sightings" 8 "$(pg_sql 'select count(*) from sightings')"
expect_eq "stories seen in both feeds" 3 "$(pg_sql 'select count(*) from (select article_id from sightings group by article_id having count(*) = 2) s')"
expect_eq "title with entity" "Council Approves New Cycle Lanes & Wider Pavements" \
  "$(pg_sql "select title from articles where url like '%council-approves%' and guid like '%?p=%'")"
expect_eq "titles with a left-over entity" 0 "$(pg_sql "select count(*) from articles where title like '%&amp;%' or title like '%&#%'")"
expect_eq "atom entry (link resolved against xml:base) joined the RSS item's article" \
  "$(pg_sql "select article_id from article_keys where key like 'guid:%:$base/?p=300'")" \
  "$(pg_sql "select article_id from article_keys where key like 'guid:%:tag:herald.example,2026:ferry-timetable-changes-for-winter'")"
expect_eq "author" "Mara Lind" \
  "$(pg_sql "select author from articles where url='$base/news/ferry-timetable-changes-for-winter/'")"
expect_eq "published in UTC" "2026-11-20T06:45:00Z" \
  "$(pg_sql "select published from articles_v where url='$base/news/ferry-timetable-changes-for-winter/'")"
expect_contains "content text" "$(pg_sql "select content_text from articles where url='$base/news/fishermen-report-record-herring-catch/'")" \
  "Buyers at the morning auction said prices fell by a third as a result."
expect_eq "fetch rows" 2 "$(pg_sql "select count(*) from fetches where http_status=200 and error=''")"
expect_eq "new counts" 5 "$(pg_sql "select sum(items_new) from fetches")"

note "second poll: conditional, 304, no new rows"
poll "$WORK/feeds.toml" "$pg" pg-poll2
expect_eq "articles after second poll" 5 "$(pg_sql 'select count(*) from articles')"
expect_eq "304 fetch rows" 2 "$(pg_sql "select count(*) from fetches where http_status=304")"
out=$("$GAZETTE" --config "$WORK/feeds.toml" --db "$pg" sources)
expect_contains "sources" "$out" "$base/feed/"
expect_contains "sources" "$out" "ok (HTTP 304)"

note "the home page: headlines followed to their pages, joined to the feeds' articles"
poll "$WORK/all.toml" "$pg" pg-poll3
expect_eq "articles after the page" 5 "$(pg_sql 'select count(*) from articles')"
expect_eq "block recorded" "Latest" "$(pg_sql "select distinct block from sightings where block not in ('', '(followed)')")"

note "the same polls into SQLite"
poll "$WORK/feeds.toml" "$lite" lite-poll1
poll "$WORK/feeds.toml" "$lite" lite-poll2
poll "$WORK/all.toml" "$lite" lite-poll3

# export_json DATABASE FILE
export_json() {
  "$GAZETTE" --config "$WORK/all.toml" --db "$1" export --format json --out - >"$2" 2>"$2.err" ||
    { cat "$2.err"; fail "export from $1"; }
}
compare() {
  python3 "$TESTS_DIR/support/compare_exports.py" "$1" "$2" --clock first_seen \
    --clock last_seen --clock updated --group story_id --min 5 || fail "$3"
}
export_json "$pg" "$WORK/pg.json"
export_json "$lite" "$WORK/lite.json"
compare "$WORK/lite.json" "$WORK/pg.json" "PostgreSQL's articles differ from SQLite's"

note "search, stories, status and export-opml on PostgreSQL"
# The same hits (snippets are the engine's own: docs/querying.md; each
# must bracket a match).
search_hits() {
  python3 -c '
import json, sys
hits = json.load(sys.stdin)
for h in hits:
    assert "[" in h["snippet"] and "]" in h["snippet"], h
print("\n".join(sorted(" ".join(str(h[k]) for k in ("title", "url", "published", "source")) for h in hits)))'
}
for query in ferry 'harbour OR library' '"cycle lanes"'; do
  "$GAZETTE" --config "$WORK/all.toml" --db "$pg" search --json "$query" >"$WORK/search-pg.json" 2>&1 ||
    fail "search $query on PostgreSQL: $(cat "$WORK/search-pg.json")"
  "$GAZETTE" --config "$WORK/all.toml" --db "$lite" search --json "$query" >"$WORK/search-lite.json" 2>&1 ||
    fail "search $query on SQLite: $(cat "$WORK/search-lite.json")"
  p=$(search_hits <"$WORK/search-pg.json") || fail "search $query on PostgreSQL: bad hits"
  s=$(search_hits <"$WORK/search-lite.json") || fail "search $query on SQLite: bad hits"
  [ -n "$p" ] || fail "search $query: nothing on PostgreSQL"
  expect_eq "search $query" "$s" "$p"
done
p=$("$GAZETTE" --config "$WORK/all.toml" --db "$pg" stories --since 3650d 2>&1) || fail "stories: $p"
s=$("$GAZETTE" --config "$WORK/all.toml" --db "$lite" stories --since 3650d 2>&1) || fail "stories: $s"
expect_contains "stories" "$p" "Ferry Timetable Changes for Winter"
expect_eq "stories" "$s" "$p"
p=$("$GAZETTE" --config "$WORK/all.toml" --db "$pg" status 2>&1) || fail "status: $p"
expect_contains "status on PostgreSQL" "$p" "postgresql"
s=$("$GAZETTE" --config "$WORK/all.toml" --db "$lite" status 2>&1) || fail "status: $s"
for what in sources articles; do
  line=$(grep "^$what " <<<"$s") || fail "status on SQLite: no $what line: $s"
  expect_eq "status: $what" "$line" "$(grep "^$what " <<<"$p")"
done
p=$("$GAZETTE" --config "$WORK/all.toml" --db "$pg" export-opml 2>&1) || fail "export-opml: $p"
s=$("$GAZETTE" --config "$WORK/all.toml" --db "$lite" export-opml 2>&1) || fail "export-opml: $s"
expect_contains "export-opml" "$p" "$base/atom/"
expect_eq "export-opml" "$s" "$p"

note "gazette run on a fresh PostgreSQL database"
"$PG_BIN/createdb" -h "$PG_DIR" -p 5432 -U gazette gazette_run || fail "createdb gazette_run"
run_url="postgresql:///gazette_run?host=$PG_DIR&port=5432&user=gazette"
"$GAZETTE" --config "$WORK/all.toml" --db "$run_url" run 2>"$WORK/run.err" &
daemon=$!
SERVER_PIDS+=($daemon)
wait_for_count 3 200 "$PG_BIN/psql" -X -q -A -t -d "$run_url" -c 'select count(*) from fetches'
expect_eq "sources fetched by the daemon" 3 "$COUNT"
kill -0 "$daemon" || { cat "$WORK/run.err"; fail "daemon exited early"; }
stop_daemon_cleanly "$daemon"
expect_contains "stop logged" "$(cat "$WORK/run.err")" "stopped"
export_json "$run_url" "$WORK/run.json"
compare "$WORK/lite.json" "$WORK/run.json" "gazette run's articles differ from SQLite's"
echo "PASS"

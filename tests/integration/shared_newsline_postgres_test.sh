#!/usr/bin/env bash
# Issue 16: the newsline fixture on PostgreSQL. Its feed, home page and one
# article page, polled twice into PostgreSQL (as shared_newsline_pages_test
# polls them into SQLite), leave the six stories of expected.json; then
# differential: the same polls into SQLite export the same articles.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/newsline_site.sh"
source "$TESTS_DIR/support/pg_cluster.sh"

pg_start
start_newsline_site
lite="$WORK/newsline.db"
# One request at a time: both databases store the articles in the same
# order (the first source to store an article owns it).
write_newsline_config "$WORK/gazette.toml" "$lite" "max_connections = 1
max_connections_per_host = 1"
for db in "$GAZETTE_PG_URL" "$lite"; do
  for pass in 1 2; do
    "$GAZETTE" --config "$WORK/gazette.toml" --db "$db" poll >/dev/null 2>"$WORK/poll.err" ||
      { cat "$WORK/poll.err"; fail "poll $pass into $db"; }
  done
done

note "PostgreSQL has expected.json's six stories"
pg_sql "select json_agg(json_build_object('url', url, 'title', title, 'author', author,
  'published', published, 'content_text', content_text)) from articles_v" >"$WORK/rows.json"
python3 "$TESTS_DIR/support/check_newsline_expected.py" "$NEWSLINE/expected.json" \
  "$WORK/rows.json" "$base" || fail "PostgreSQL's articles"
expect_eq "304s of the second pass" 3 \
  "$(pg_sql "select count(*) from fetches where http_status = 304")"

note "the same articles as SQLite's"
for db in "$GAZETTE_PG_URL" "$lite"; do
  out="$WORK/$([ "$db" = "$lite" ] && echo lite || echo pg).json"
  "$GAZETTE" --config "$WORK/gazette.toml" --db "$db" export --format json --out - >"$out" \
    2>"$WORK/export.err" || { cat "$WORK/export.err"; fail "export from $db"; }
done
python3 "$TESTS_DIR/support/compare_exports.py" "$WORK/lite.json" "$WORK/pg.json" \
  --clock first_seen --clock last_seen --clock updated --group story_id --min 6 ||
  fail "PostgreSQL's articles differ from SQLite's"
for what in stories export-opml; do
  p=$("$GAZETTE" --config "$WORK/gazette.toml" --db "$GAZETTE_PG_URL" $what 2>&1) || fail "$what: $p"
  s=$("$GAZETTE" --config "$WORK/gazette.toml" --db "$lite" $what 2>&1) || fail "$what: $s"
  [ -n "$p" ] || fail "$what: nothing on PostgreSQL"
  expect_eq "$what" "$s" "$p"
done
echo "PASS"

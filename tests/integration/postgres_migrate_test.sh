#!/usr/bin/env bash
# `gazette migrate --to postgresql://...` (docs/scale-out.md): the demo
# site's feeds polled into SQLite, copied into an empty PostgreSQL database,
# give the same rows in every view; a second migrate into the now full
# database is refused naming the table, and leaves it as it was; a copy
# made while another process writes is the database at one commit.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/pg_cluster.sh"
source "$TESTS_DIR/support/pg_migrate_check.sh"

pg_start
start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$db"
$(demo_feeds "$base")
[[feed]]
url = "$base/missing-feed/"
TOML

note "poll the demo site twice into SQLite"
for pass in 1 2; do
  status=0
  "$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll$pass.out" 2>"$WORK/poll$pass.err" ||
    status=$?
  # The missing feed fails (404), which `poll` reports with 1.
  [ "$status" = 1 ] || { cat "$WORK/poll$pass.err"; fail "poll $pass exited $status"; }
done
expect_eq "articles in SQLite" 5 "$(sql "$db" 'select count(*) from articles')"

note "migrate, then the views give the same rows"
migrate_and_compare "$WORK/gazette.toml" "$db" 5 3

note "full-text search works on the copied text"
expect_eq "tsvector finds the ferry story" \
  "$(sql "$db" "select count(*) from articles_fts where articles_fts match 'ferry'")" \
  "$(pg_sql "select count(*) from articles where search @@ to_tsquery('simple', 'ferry')")"

note "new rows continue after the copied ids"
max_fetch=$(sql "$db" 'select max(id) from fetches')
next=$(pg_sql "insert into fetches (source_id, started, duration_ms, http_status, bytes)
  values (1, now(), 1, 200, 0) returning id")
[ "$next" -gt "$max_fetch" ] || fail "next fetch id $next is not past $max_fetch"
pg_sql "delete from fetches where id = $next" >/dev/null

note "a second migrate is refused: the target has rows"
status=0
"$GAZETTE" --config "$WORK/gazette.toml" migrate --to "$GAZETTE_PG_URL" \
  >"$WORK/again.out" 2>"$WORK/again.err" || status=$?
expect_eq "exit code" 4 "$status"
expect_contains "says which table" "$(cat "$WORK/again.err")" "table sources already has rows"
expect_eq "nothing added" 5 "$(pg_sql 'select count(*) from articles')"

note "not a postgresql:// URL, and the password is never shown"
status=0
"$GAZETTE" --config "$WORK/gazette.toml" migrate --to "$WORK/other.db" \
  >/dev/null 2>"$WORK/usage.err" || status=$?
expect_eq "exit code for a path" 2 "$status"
expect_contains "says what --to takes" "$(cat "$WORK/usage.err")" "expected a postgresql:// URL"
status=0
"$GAZETTE" --config "$WORK/gazette.toml" migrate \
  --to "postgresql://gazette:s3cret@/nodb?host=$PG_DIR&port=5432" >/dev/null 2>"$WORK/nodb.err" || status=$?
expect_eq "exit code for a database that does not exist" 4 "$status"
expect_contains "names the database" "$(cat "$WORK/nodb.err")" "postgresql://gazette:***@/nodb"
if grep -q s3cret "$WORK/nodb.err"; then fail "the password was shown: $(cat "$WORK/nodb.err")"; fi
status=0
"$GAZETTE" --db "$GAZETTE_PG_URL" migrate --to "$GAZETTE_PG_URL" >/dev/null 2>"$WORK/pg.err" ||
  status=$?
expect_eq "exit code when the database is PostgreSQL already" 2 "$status"
expect_contains "says so" "$(cat "$WORK/pg.err")" "the database is already PostgreSQL"
cat "$WORK/again.err" "$WORK/usage.err" "$WORK/nodb.err" "$WORK/pg.err"

note "a copy while another process writes is one consistent state"
start_article_writer "$db" # lib.sh: WRITER_PID, WRITER_COMMITTED
committed_before=$(cat "$WRITER_COMMITTED")
"$PG_BIN/createdb" -h "$PG_DIR" -p 5432 -U gazette gazette_live || fail "createdb gazette_live"
live_url=${GAZETTE_PG_URL/gazette_test/gazette_live}
"$GAZETTE" --db "$db" migrate --to "$live_url" >"$WORK/live.out" 2>"$WORK/live.err" ||
  { cat "$WORK/live.out" "$WORK/live.err"; fail "migrate while writing exited non-zero"; }
committed_after=$(cat "$WRITER_COMMITTED")
kill "$WRITER_PID"
wait "$WRITER_PID" 2>/dev/null || true
[ "$committed_after" -gt "$committed_before" ] || fail "the writer was stopped during the copy"
echo "articles committed by the writer during the copy: $((committed_after - committed_before))"
live_sql() { "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$live_url" -c "$1"; }
copied_max=$(live_sql 'select max(id) from articles')
[ "$copied_max" -ge "$committed_before" ] || fail "the copy lacks articles committed before it began"
expect_eq "the copy is every article up to one commit, no gap" \
  "$(sql "$db" "select count(*) from articles where id <= $copied_max")" \
  "$(live_sql 'select count(*) from articles')"
expect_eq "the copy's sources are SQLite's" "$(sql "$db" 'select count(*) from sources')" \
  "$(live_sql 'select count(*) from sources')"
echo "PASS"

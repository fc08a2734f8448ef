# The fixture database of the querying doc's tests (sourced after lib.sh):
# the demo site polled by gazette into $DB (SQLite), its times moved to
# today, a source failing for two days.
start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
DB="$WORK/gazette.db"
"$GAZETTE" --db "$DB" add "$base/feed/" --tag demo >/dev/null
"$GAZETTE" --db "$DB" add "$base/atom/" >/dev/null
"$GAZETTE" --db "$DB" add "http://127.0.0.1:9/gone.xml" >/dev/null
"$GAZETTE" --db "$DB" -q poll >/dev/null 2>&1 || true  # the third source fails
expect_eq "articles" 5 "$(sql "$DB" 'select count(*) from articles')"

# The demo articles are from a fixed week: move them to the last hours, and
# make the failing source's streak two days old, with the sqlite3 CLI.
# Never before midnight, so "today" has rows whenever the test runs.
sql "$DB" "update articles set
  published = max(strftime('%Y-%m-%dT00:00:00Z', 'now'),
                  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (id * 10) || ' minutes')),
  first_seen = max(strftime('%Y-%m-%dT00:00:00Z', 'now'),
                   strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (id * 10) || ' minutes'))"
sql "$DB" "update fetches set started = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days')
  where source_id = (select id from sources where url like '%gone.xml')"
expect_eq "failing source" 1 "$(sql "$DB" "select count(*) from sources_v where failing_since is not null")"


# `gazette migrate` checked from outside (sourced after lib.sh and
# pg_cluster.sh, with pg_start run): the copy's output, its counts and the
# read API's views against the SQLite database it came from.

# migrate_and_compare CONFIG DB MIN_ARTICLES MIN_SOURCES: runs `gazette
# --config CONFIG migrate --to $GAZETTE_PG_URL`, checks it printed each
# table with SQLite's count and PostgreSQL holds as many rows, then that
# articles_v (at least MIN_ARTICLES rows), sources_v (at least MIN_SOURCES)
# and stories_v give the same rows in both.
migrate_and_compare() {
  local config=$1 db=$2 min_articles=$3 min_sources=$4 table count out
  "$GAZETTE" --config "$config" migrate --to "$GAZETTE_PG_URL" \
    >"$WORK/migrate.out" 2>"$WORK/migrate.err" ||
    { cat "$WORK/migrate.out" "$WORK/migrate.err"; fail "migrate exited non-zero"; }
  cat "$WORK/migrate.out"
  out=$(cat "$WORK/migrate.out")
  for table in sources stories articles article_keys sightings fetches tombstones; do
    count=$(sql "$db" "select count(*) from $table")
    expect_contains "migrate names $table with its count" "$out" \
      "$(printf '%-13s %10s rows' "$table" "$count")"
    expect_eq "$table: rows in PostgreSQL" "$count" "$(pg_sql "select count(*) from $table")"
  done
  expect_contains "summary" "$out" "counts checked table by table"
  python3 "$TESTS_DIR/support/compare_views.py" "$db" "$PG_BIN/psql" "$GAZETTE_PG_URL" \
    articles_v id "$min_articles" || fail "articles_v differs"
  python3 "$TESTS_DIR/support/compare_views.py" "$db" "$PG_BIN/psql" "$GAZETTE_PG_URL" \
    sources_v id "$min_sources" || fail "sources_v differs"
  python3 "$TESTS_DIR/support/compare_views.py" "$db" "$PG_BIN/psql" "$GAZETTE_PG_URL" \
    stories_v story_id || fail "stories_v differs"
}

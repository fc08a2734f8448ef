#!/usr/bin/env bash
# Issue 16's acceptance: `gazette migrate` of the newsline database gives the
# same articles_v rows. The newsline fixture's feed, home page and one
# article page are polled twice into SQLite (as shared_newsline_pages_test
# does), then copied into an empty PostgreSQL database.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/newsline_site.sh"
source "$TESTS_DIR/support/pg_cluster.sh"
source "$TESTS_DIR/support/pg_migrate_check.sh"

pg_start
start_newsline_site
db="$WORK/newsline.db"
write_newsline_config "$WORK/gazette.toml" "$db"
for pass in 1 2; do
  "$GAZETTE" --config "$WORK/gazette.toml" poll >/dev/null 2>"$WORK/poll$pass.err" ||
    { cat "$WORK/poll$pass.err"; fail "poll $pass"; }
done
expect_eq "newsline articles in SQLite" 6 "$(sql "$db" 'select count(*) from articles')"

migrate_and_compare "$WORK/gazette.toml" "$db" 6 3
echo "PASS"

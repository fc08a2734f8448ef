#!/usr/bin/env bash
# Issue 16's acceptance: `gazette migrate` of the newsline database gives the
# same articles_v rows. The newsline fixture's feed, home page and one
# article page are polled twice into SQLite (as shared_newsline_pages_test
# does), then copied into an empty PostgreSQL database.
source "$(dirname "$0")/../support/lib.sh"
NEWSLINE="$SHARED_DIR/fixtures/newsline"
[ -d "$NEWSLINE/site" ] || skip "../shared is absent"
source "$TESTS_DIR/support/pg_cluster.sh"
source "$TESTS_DIR/support/pg_migrate_check.sh"

pg_start
start_server SITE "$NEWSLINE/site" https://newsline.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/newsline.db"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$db"
[fetch]
min_host_delay = "50ms"
[[feed]]
url = "$base/feed/"
[[page]]
url = "$base/"
[[page]]
url = "$base/2025/11/01/kim-jong-un-xi-jinping-reaffirm-strong-ties/"
TOML
for pass in 1 2; do
  "$GAZETTE" --config "$WORK/gazette.toml" poll >/dev/null 2>"$WORK/poll$pass.err" ||
    { cat "$WORK/poll$pass.err"; fail "poll $pass"; }
done
expect_eq "newsline articles in SQLite" 6 "$(sql "$db" 'select count(*) from articles')"

migrate_and_compare "$WORK/gazette.toml" "$db" 6 3
echo "PASS"

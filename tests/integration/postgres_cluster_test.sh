#!/usr/bin/env bash
# The integration tests' PostgreSQL (tests/support/pg_cluster.sh): it starts
# from Debian's binaries, listens on its Unix socket only, runs as nobody
# when the test is root, answers at $GAZETTE_PG_URL, and pg_stop ends it.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/pg_cluster.sh"

pg_start
expect_contains "URL" "$GAZETTE_PG_URL" "postgresql:///gazette_test?host=$PG_DIR"
expect_eq "database" "gazette_test|gazette" "$(pg_sql 'select current_database(), current_user')"
expect_eq "no TCP" "" "$(pg_sql 'show listen_addresses')"
expect_eq "UTF-8" "UTF8" "$(pg_sql 'show server_encoding')"
server_pid=$(head -1 "$PG_DIR/data/postmaster.pid")
if [ "$(id -u)" = 0 ]; then
  expect_eq "server user" nobody "$(ps -o user= -p "$server_pid")"
fi
pg_sql "create table t (x text); insert into t values ('ok')"
expect_eq "round trip" ok "$(pg_sql 'select x from t')"

dir=$PG_DIR
pg_stop
# (A zombie does not count: in a container nothing may reap the server.)
state=$(ps -o stat= -p "$server_pid" || true)
[ -z "$state" ] || [ "${state:0:1}" = Z ] || fail "the server still runs after pg_stop ($state)"
[ ! -e "$dir" ] || fail "pg_stop left $dir"
echo "PASS"

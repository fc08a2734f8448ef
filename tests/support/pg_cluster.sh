# A throwaway PostgreSQL cluster for the integration tests (sourced after
# lib.sh; the shell twin of tests/support/pg_cluster.h). Usage:
#
#   source "$TESTS_DIR/support/pg_cluster.sh"
#   pg_start                  # skips the test (exit 77) without the server
#   "$GAZETTE" ... --database "$GAZETTE_PG_URL"
#   pg_sql "select count(*) from articles_v"
#
# Debian's initdb and pg_ctl (package postgresql) run in a folder of their
# own, the server listens on a Unix socket in it only (no TCP), as `nobody`
# when the test runs as root (initdb refuses root). It is stopped, and the
# folder removed, when the test exits, whatever the outcome: pg_start sets
# the EXIT trap to `pg_stop; cleanup` (a test that sets its own trap after
# pg_start calls both).

PG_DIR=
PG_BIN=
PG_AS=()
# The server's settings (postgres -c ...): durability off for the tests,
# whose databases are thrown away. A caller that measures (bench/
# poll_postgres.sh) sets PG_SERVER_SETTINGS before pg_start.
PG_SERVER_SETTINGS=${PG_SERVER_SETTINGS:-"-c fsync=off -c full_page_writes=off -c synchronous_commit=off"}

# Debian's server binaries, highest version first: never an initdb that
# happens to come first in PATH.
pg_server_binaries() {
  local bin
  for bin in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -rn); do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
      echo "$bin"
      return 0
    fi
  done
  return 1
}

# pg_start [DATABASE]: initdb, start, createdb DATABASE (default
# gazette_test); exports GAZETTE_PG_URL.
pg_start() {
  local database=${1:-gazette_test}
  PG_BIN=$(pg_server_binaries) ||
    skip "PostgreSQL server binaries not found (Debian package postgresql): skipped"
  # Not under $WORK: that folder is root's and 0700, the server user could
  # not reach it. /tmp lets everyone through (sticky, 1777).
  PG_DIR=$(mktemp -d /tmp/gazette-pg.XXXXXX)
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    chown nobody:nogroup "$PG_DIR"
    PG_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  fi
  trap 'pg_stop; cleanup' EXIT
  # The server user may not read the test's working folder.
  (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust -U gazette \
    -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.out" 2>&1) ||
    fail "initdb: $(cat "$PG_DIR/initdb.out")"
  (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -t 60 -o "-k '$PG_DIR' -c listen_addresses='' -c port=5432 $PG_SERVER_SETTINGS" start >"$PG_DIR/pg_ctl.out" 2>&1) ||
    fail "pg_ctl start: $(cat "$PG_DIR/pg_ctl.out" "$PG_DIR/server.log" 2>/dev/null)"
  "$PG_BIN/createdb" -h "$PG_DIR" -p 5432 -U gazette "$database" ||
    fail "createdb $database"
  export GAZETTE_PG_URL="postgresql:///$database?host=$PG_DIR&port=5432&user=gazette"
}

# pg_sql SQL: runs SQL on $GAZETTE_PG_URL, prints rows unaligned, '|'
# between columns (like lib.sh's sql for SQLite).
pg_sql() {
  "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$GAZETTE_PG_URL" -c "$1"
}

# pg_stop: stops the server and removes its folder (the EXIT trap runs it).
pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop) \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
  PG_DIR=
}

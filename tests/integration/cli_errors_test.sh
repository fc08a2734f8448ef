#!/usr/bin/env bash
# Exit codes and messages of the command line (docs/cli.md).
source "$(dirname "$0")/../support/lib.sh"

run() { status=0; out=$("$GAZETTE" "$@" 2>&1) || status=$?; }

run --version
expect_eq "--version exit" 0 "$status"
expect_contains "--version" "$out" "gazette "

run --help
expect_eq "--help exit" 0 "$status"
for cmd in run poll add sources check-config; do expect_contains "--help lists $cmd" "$out" "$cmd"; done

run frobnicate
expect_eq "unknown command" 2 "$status"

cat >"$WORK/bad.toml" <<'TOML'
[daemon]
database = "x.db"

[[feed]]
url = "https://example.org/feed"
intervall = "15m"
TOML
run --config "$WORK/bad.toml" check-config
expect_eq "check-config on unknown key" 3 "$status"
expect_contains "message names file" "$out" "bad.toml"
expect_contains "message names line" "$out" ":6"
expect_contains "message names key" "$out" "intervall"

run --config "$WORK/missing.toml" check-config
expect_eq "missing config" 3 "$status"

run --config "$SOURCE_DIR/config/gazette.example.toml" check-config
expect_eq "example config is valid" 0 "$status"

note "a database from a newer Gazette is refused"
sqlite3 "$WORK/newer.db" 'pragma user_version=999; create table t(x);'
run --config "$WORK/missing-but-db.toml" --db "$WORK/newer.db" sources
expect_eq "newer database, missing explicit config" 3 "$status"
run --db "$WORK/newer.db" sources
expect_eq "newer database" 4 "$status"
expect_contains "newer database message" "$out" "newer"

note "add, then sources"
run --db "$WORK/g.db" add "ftp://example.org/x"
expect_eq "add of a non-http URL" 5 "$status"
run --db "$WORK/g.db" add "https://example.org/feed.xml" --tag a --tag b --interval 20m
expect_eq "add" 0 "$status"
run --db "$WORK/g.db" sources
expect_contains "sources shows the added feed" "$out" "https://example.org/feed.xml"
expect_contains "sources shows never polled" "$out" "never polled"
expect_eq "interval stored" 1200 "$(sql "$WORK/g.db" "select interval_seconds from sources")"
echo "PASS"

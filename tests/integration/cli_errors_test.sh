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

note "usage errors name the bad word"
run frobnicate
expect_eq "unknown command" 2 "$status"
expect_contains "unknown command is named" "$out" "frobnicate: not a command"
expect_contains "unknown command lists the commands" "$out" "run, poll, add"
expect_contains "unknown command points to --help" "$out" "gazette --help"
run
expect_eq "no command" 2 "$status"
expect_contains "no command" "$out" "a command is required (commands: run, poll"
run --frobnicate
expect_eq "unknown global option" 2 "$status"
expect_contains "unknown global option is named" "$out" "--frobnicate: unknown option"
run search word --frob
expect_eq "unknown command option" 2 "$status"
expect_contains "unknown command option is named with its command" "$out" \
  "gazette search: --frob: unknown option"
expect_contains "points to the command's help" "$out" "gazette search --help"
run $'frob\e]0;owned\a'
expect_eq "command with control characters" 2 "$status"
expect_contains "control characters are escaped" "$out" 'frob\x1B]0;owned\x07: not a command'
[[ "$out" != *$'\e'* && "$out" != *$'\a'* ]] || fail "a control character reached the terminal: $out"
run poll stray
expect_eq "stray argument" 2 "$status"
expect_contains "stray argument is named" "$out" "gazette poll: stray: unexpected argument"

note "numeric options say the range they want"
# No number of more than 40 digits is ever printed (CLI11's PositiveNumber
# printed DBL_MAX in full, 309 digits; a word typed is quoted up to 40 characters).
no_long_number() { ! grep -qE '[0-9]{41}' <<<"$2" || fail "$1: a long number in: $2"; }
for value in 0 -1 99999999999999999999 1.5 1e3 12abc ""; do
  run --db "$WORK/none.db" search word --limit "$value"
  expect_eq "search --limit '$value'" 2 "$status"
  expect_contains "search --limit '$value' range" "$out" \
    "--limit: expected a whole number from 1 to 1000000, got $value"
  no_long_number "search --limit '$value'" "$out"
  run --db "$WORK/none.db" export --format json --out - --limit "$value"
  expect_eq "export --limit '$value'" 2 "$status"
  expect_contains "export --limit '$value' range" "$out" \
    "--limit: expected a whole number from 1 to 1000000000, got $value"
  no_long_number "export --limit '$value'" "$out"
done
run --db "$WORK/none.db" search word --limit "$(printf '9%.0s' $(seq 300))"
expect_eq "300-digit --limit" 2 "$status"
no_long_number "300-digit --limit is not echoed whole" "$out"
expect_contains "300-digit --limit is cut" "$out" "..."

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
for bad in 3000000d 366d 99999999999999999999d; do
  run --db "$WORK/g.db" add "https://example.org/feed.xml" --no-fetch --interval "$bad"
  expect_eq "add --interval $bad" 2 "$status"
  expect_contains "add --interval $bad says the maximum" "$out" "--interval: $bad: must be at most 365d"
done
run --db "$WORK/g.db" add "https://example.org/feed.xml" --no-fetch --interval 30s
expect_eq "add --interval 30s" 2 "$status"
expect_contains "add --interval 30s says the minimum" "$out" "must be at least 1m"
run --db "$WORK/g.db" add "https://example.org/feed.xml" --no-fetch --interval 15x
expect_eq "add --interval 15x" 2 "$status"
expect_contains "add --interval 15x" "$out" "--interval: 15x: not a duration"
[ ! -e "$WORK/g.db" ] || expect_eq "a refused add stores nothing" 0 \
  "$(sql "$WORK/g.db" "select count(*) from sources")"
run --db "$WORK/g.db" add "https://example.org/feed.xml" --tag a --tag b --interval 20m
expect_eq "add" 0 "$status"
run --db "$WORK/g.db" sources
expect_contains "sources shows the added feed" "$out" "https://example.org/feed.xml"
expect_contains "sources shows never polled" "$out" "never polled"
expect_eq "interval stored" 1200 "$(sql "$WORK/g.db" "select interval_seconds from sources")"
run --db "$WORK/g.db" add "https://example.org/year.xml" --no-fetch --interval 365d
expect_eq "add --interval 365d" 0 "$status"
expect_eq "365d stored" 31536000 \
  "$(sql "$WORK/g.db" "select interval_seconds from sources where url like '%year.xml'")"

note "the config checks stop check-config, poll and run alike"
cat >"$WORK/xpath.toml" <<'TOML'
[daemon]
database = "xpath.db"

[[page]]
url = "http://127.0.0.1:9/news"

[page.rules]
item = "//article"
link = "a[@href"
TOML
for cmd in check-config poll run; do
  run --config "$WORK/xpath.toml" $cmd
  expect_eq "$cmd with an invalid XPath rule" 3 "$status"
  expect_contains "$cmd: XPath error names file, line and key" "$out" \
    "xpath.toml:9: page[1].rules.link: \"a[@href\" is not valid XPath: "
  expect_contains "$cmd: XPath error has the offset" "$out" "(at offset 7)"
done
[ ! -e "$WORK/xpath.db" ] || fail "a refused config created its database"

cat >"$WORK/interval.toml" <<'TOML'
[[feed]]
url = "http://127.0.0.1:9/feed"
interval = "3000000d"
TOML
run --config "$WORK/interval.toml" check-config
expect_eq "check-config with interval 3000000d" 3 "$status"
expect_contains "interval error" "$out" "interval.toml:3: feed[1].interval: must be at most 365d"

cat >"$WORK/timeout.toml" <<'TOML'
[fetch]
total_timeout = "99999999d"
TOML
run --config "$WORK/timeout.toml" check-config
expect_eq "check-config with a huge timeout" 3 "$status"
expect_contains "timeout error" "$out" "timeout.toml:2: fetch.total_timeout: must be at most 1h"
note "a PostgreSQL URL as the database: never shown with its password"
# Port 9 on loopback: nothing listens there, and no test reaches further.
pg_url="postgresql://gz:s3cret@127.0.0.1:9/news"
run --db "$pg_url" sources
expect_eq "sources on an unreachable PostgreSQL URL" 4 "$status"
expect_contains "the URL is named without its password" "$out" "postgresql://gz:***@127.0.0.1:9/news"
[[ "$out" != *s3cret* ]] || fail "the password was printed: $out"
run --db "$pg_url" backup "$WORK/copy.db"
expect_eq "backup of a PostgreSQL database" 5 "$status"
expect_contains "backup points to pg_dump" "$out" \
  "gazette backup: the database is PostgreSQL (postgresql://gz:***@127.0.0.1:9/news): use pg_dump"
[[ ! -e "$WORK/copy.db" ]] || fail "backup wrote $WORK/copy.db"
cat >"$WORK/pg.toml" <<TOML
[daemon]
database_url = "$pg_url"
TOML
run --config "$WORK/pg.toml" check-config
expect_eq "check-config with database_url" 0 "$status"
expect_contains "check-config names the URL without its password" "$out" \
  "database postgresql://gz:***@127.0.0.1:9/news"
[[ "$out" != *s3cret* ]] || fail "check-config printed the password: $out"
echo "PASS"

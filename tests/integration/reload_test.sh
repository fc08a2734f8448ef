#!/usr/bin/env bash
# SIGHUP re-reads the config while `gazette run` polls: an added source is
# polled and its articles stored, a removed one is polled no more (and its
# row goes), a broken config keeps the running one and the log names file
# and line; SIGTERM still stops the daemon cleanly.
source "$(dirname "$0")/../support/lib.sh"

# Two feeds with their own articles, served by the project's test server.
site="$WORK/site"
write_feed() {  # write_feed NAME
  mkdir -p "$site/$1"
  cat >"$site/$1/index.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Feed $1</title><link>https://reload.example/</link>
<item><title>$1 first</title><link>https://reload.example/$1/first</link><guid>$1-first</guid></item>
<item><title>$1 second</title><link>https://reload.example/$1/second</link><guid>$1-second</guid></item>
</channel></rss>
XML
}
write_feed one
write_feed two
start_server SITE "$site" https://reload.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
config="$WORK/gazette.toml"
log="$WORK/daemon.err"

write_config() {  # write_config FEED_PATH...
  {
    printf '[daemon]\ndatabase = "%s"\ndefault_interval = "1m"\n' "$db"
    local path
    for path in "$@"; do printf '[[feed]]\nurl = "%s%s"\n' "$base" "$path"; done
  } >"$config.new"
  mv "$config.new" "$config"  # as editors do: a reader never sees half a file
}

# wait_for WHAT COMMAND...: runs COMMAND (every 0.1 s, up to 20 s) until it succeeds.
wait_for() {
  local what=$1
  shift
  local _
  for _ in $(seq 200); do
    "$@" && return 0
    kill -0 "$daemon" 2>/dev/null || fail "daemon exited while waiting for: $what"
    sleep 0.1
  done
  fail "timed out waiting for: $what; the daemon's log:
$(cat "$log")"
}
articles_of() { sql "$db" "select count(*) from articles where url like '%/reload.example/$1/%' or url like '%127.0.0.1:$SITE_PORT/$1/%'" 2>/dev/null || echo 0; }
has_articles() { [ "$(articles_of "$1")" = "$2" ]; }
requests_to() { grep -c "\"$1\"" "$SITE_LOG" || true; }
more_requests() { [ "$(requests_to "$1")" -gt "$2" ]; }  # more_requests PATH COUNT
log_has() { grep -qF -- "$1" "$log"; }
# A write beside the daemon's, waiting for its lock as a careful operator would.
sql_write() { sqlite3 -batch -cmd '.timeout 5000' "$db" "$1" >/dev/null; }

start_notify_socket "$WORK/notify.sock" "$WORK/notify.log"  # lib.sh

write_config /one/
: >"$log"
NOTIFY_SOCKET="$WORK/notify.sock" "$GAZETTE" ${RELOAD_TEST_VERBOSE:-} --config "$config" run 2>"$log" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true; cleanup' EXIT
wait_for "the first feed's articles" has_articles one 2

note "SIGHUP with a source added: its articles appear without a restart"
write_config /one/ /two/
kill -HUP "$daemon"
wait_for "the added feed's articles" has_articles two 2
log_has "reloaded $config: 1 sources added, 0 removed, 0 changed" || fail "no reload line in: $(cat "$log")"
# systemd was told: ready, then a reload begun (with the monotonic time
# Type=notify-reload needs) and ended.
notify_says() { grep -qE "$1" "$WORK/notify.log"; }
ready_count() { grep -c '^READY=1$' "$WORK/notify.log" || true; }
told_ready_twice() { [ "$(ready_count)" -ge 2 ]; }
wait_for "RELOADING=1 on the reload" notify_says '^RELOADING=1 \| MONOTONIC_USEC=[0-9]+$'
wait_for "READY=1 after the reload" told_ready_twice
expect_eq "what systemd was told, in order" "READY=1 RELOADING=1 READY=1" \
  "$(grep -oE '^(READY|RELOADING)=1' "$WORK/notify.log" | head -3 | tr '\n' ' ' | sed 's/ $//')"
expect_eq "sources after adding" 2 "$(sql "$db" 'select count(*) from sources')"

note "SIGHUP with a source removed: it is polled no more"
# Both sources due now: the rescan a reload starts polls the one still
# configured (showing it happened) and would poll the removed one too.
sql_write "update sources set next_poll = '2000-01-01T00:00:00Z'"
one_before=$(requests_to /one/)
two_before=$(requests_to /two/)
write_config /one/
kill -HUP "$daemon"
wait_for "the remaining feed polled after the reload" more_requests /one/ "$one_before"
wait_for "the reload logged" log_has "reloaded $config: 0 sources added, 1 removed, 0 changed"
expect_eq "requests to the removed feed after the reload" "$two_before" "$(requests_to /two/)"
expect_eq "the removed source's row" 0 "$(sql "$db" "select count(*) from sources where url like '%/two/'")"
expect_eq "the remaining source's row" 1 "$(sql "$db" "select count(*) from sources where url like '%/one/'")"

note "a source removed while its poll is in flight: the poll ends and is recorded, then the row goes"
slow=/_fault/slow-headers/1.5  # answers with a small feed after 1.5 s
slow_started() {
  [ "$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode().strip())' \
    "$base/_fault/count$slow")" -ge 1 ]
}
write_config /one/ "$slow"
kill -HUP "$daemon"
wait_for "the slow source's poll in flight" slow_started
write_config /one/
kill -HUP "$daemon"
wait_for "the slow source removed after its poll" log_has "source $base$slow: removed after its last poll"
expect_eq "the slow source's row" 0 "$(sql "$db" "select count(*) from sources where url like '%slow-headers%'")"
expect_eq "fetches left of removed sources" 0 "$(sql "$db" 'select count(*) from fetches where source_id not in (select id from sources)')"
if grep -q "stopping:" "$log"; then fail "database error after removing a source in flight: $(cat "$log")"; fi
kill -0 "$daemon" || fail "daemon exited after removing a source in flight"

note "SIGHUP with a broken config: the running config stays, the log names file and line"
printf '[daemon]\ndatabase = "%s"\ndefault_interval = "1m"\n[[feed]]\nurl = "%s/two/"\n[[feed]]\nurl = "not a url"\n' \
  "$db" "$base" >"$config"
kill -HUP "$daemon"
wait_for "the refused reload logged" log_has "keeping the running config"
expect_contains "the error names file and line" "$(cat "$log")" "$config:7:"
kill -0 "$daemon" || fail "daemon exited on a broken config"
expect_eq "sources after the broken reload" "$base/one/" "$(sql "$db" 'select url from sources')"
# Still polling the old config: the remaining source, made due, is fetched.
one_before=$(requests_to /one/)
sql_write "update sources set next_poll = '2000-01-01T00:00:00Z'"
write_config /one/  # valid again, unchanged: a reload that rescans
kill -HUP "$daemon"
wait_for "polling goes on after the broken reload" more_requests /one/ "$one_before"
expect_eq "requests to the removed feed at the end" "$two_before" "$(requests_to /two/)"

note "SIGTERM: a clean stop"
stop_daemon_cleanly "$daemon"
expect_contains "stop logged" "$(cat "$log")" "stopped"
echo PASS

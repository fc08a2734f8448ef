#!/usr/bin/env bash
# `gazette run`: polls on its own, can be queried with sqlite3 while it runs,
# keeps running past a failing source, and stops cleanly on SIGTERM.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
refused_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
default_interval = "1m"
[[feed]]
url = "$base/feed/"
[[feed]]
url = "http://127.0.0.1:$refused_port/feed/"
TOML
db="$WORK/gazette.db"

# JOURNAL_STREAM is trusted only when it names stderr ("DEVICE:INODE" of the
# file stderr is), as systemd sets it: the log file's own numbers.
: >"$WORK/daemon.err"
JOURNAL_STREAM=$(stat -c '%d:%i' "$WORK/daemon.err") "$GAZETTE" --config "$WORK/gazette.toml" run 2>"$WORK/daemon.err" &
daemon=$!
wait_for_count 5 100 sql "$db" 'select count(*) from articles'
expect_eq "articles stored by the daemon" 5 "$COUNT"
kill -0 "$daemon" || fail "daemon exited early"

note "a reader with the sqlite3 CLI while the daemon runs"
expect_eq "read-only query" 5 "$(sqlite3 -readonly "$db" 'select count(*) from articles')"
for _ in $(seq 50); do
  grep -q "127.0.0.1:$refused_port" "$WORK/daemon.err" && break
  sleep 0.1
done
expect_contains "journald priority prefix on the error" "$(cat "$WORK/daemon.err")" "<3>source http://127.0.0.1:$refused_port/feed/"
kill -0 "$daemon" || fail "daemon died after a failing source"

note "SIGTERM: exit 0 within 5 s"
start=$(date +%s%N)
kill -TERM "$daemon"
status=0
wait "$daemon" || status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "exit status after SIGTERM" 0 "$status"
[ "$elapsed_ms" -lt 5000 ] || fail "shutdown took ${elapsed_ms} ms"
expect_contains "stop logged" "$(cat "$WORK/daemon.err")" "stopped"
echo "PASS (shutdown in ${elapsed_ms} ms)"

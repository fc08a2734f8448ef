# Shared helpers for the integration tests (sourced, not run).
# Each test: `source lib.sh`, then start_server, write a config, run gazette.
set -euo pipefail

GAZETTE=${1:?usage: $0 path/to/gazette}
# A proxy in the caller's environment would send the tests' requests off this
# machine: gazette reads these when its config sets no proxy. The proxy test
# sets its own.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY
GAZETTE=$(cd "$(dirname "$GAZETTE")" && pwd)/$(basename "$GAZETTE")
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOURCE_DIR=$(cd "$TESTS_DIR/.." && pwd)
SHARED_DIR="$SOURCE_DIR/../shared"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gazette-test.XXXXXX")
SERVER_PIDS=()
# A test reads only the config it names: never /etc/gazette/gazette.toml,
# whose sources are real sites (a Gazette package installed on this machine,
# by the package test for one, would send the test's polls to the internet).
export GAZETTE_CONFIG="$WORK/empty-config.toml"
: >"$GAZETTE_CONFIG"

cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "--- $*"; }

# start_server NAME ROOT ORIGIN [extra fixture_server.py args...]
# Starts the project's test server on 127.0.0.1, sets ${NAME}_PORT and
# ${NAME}_LOG (its request log).
start_server() {
  local name=$1 root=$2 origin=$3
  shift 3
  start_support_server "$name" fixture_server.py --root "$root" --origin "$origin" "$@"
}

# start_support_server NAME SCRIPT [args...]: a server of tests/support that
# takes --port 0, --port-file and --log (fixture_server.py, proxy_server.py);
# sets ${NAME}_PORT and ${NAME}_LOG.
start_support_server() {
  local name=$1 script=$2
  shift 2
  local port_file="$WORK/$name.port" log="$WORK/$name.requests.log"
  launch_server "$name" "$port_file" \
    python3 "$TESTS_DIR/support/$script" --port 0 --port-file "$port_file" --log "$log" "$@"
  printf -v "${name}_PORT" '%s' "$(cat "$port_file")"
  printf -v "${name}_LOG" '%s' "$log"
}

# demo_feeds BASE: the config's [[feed]] entries for the demo site's
# (tests/fixtures/demo-site, served at BASE) RSS and Atom feeds, as the
# tests that poll both (feed_poll_test and its PostgreSQL twins) set them.
demo_feeds() {
  cat <<TOML
[[feed]]
url = "$1/feed/"
tags = ["demo", "rss"]
[[feed]]
url = "$1/atom/"
title = "Top stories"
TOML
}

# launch_server NAME PORT_FILE COMMAND...: runs COMMAND, a test server that
# writes the port(s) it listens on to PORT_FILE, in the background (its
# output in $WORK/NAME.out; stopped when the test exits) and returns once
# PORT_FILE has them, or fails the test with that output after 5 s.
launch_server() {
  local name=$1 port_file=$2
  shift 2
  "$@" >"$WORK/$name.out" 2>&1 &
  SERVER_PIDS+=($!)
  local _
  for _ in $(seq 100); do
    [ -s "$port_file" ] && return 0
    sleep 0.05
  done
  cat "$WORK/$name.out" >&2
  fail "server $name did not start"
}

# start_polite_server HOSTS DELAY: tests/support/polite_server.py, HOSTS
# hosts (ports of 127.0.0.1) whose feeds answer after DELAY seconds; sets
# PORTS (one a host) and POLITE_LOG (its request log, $WORK/requests.log).
start_polite_server() {
  local hosts=$1 delay=$2
  POLITE_LOG="$WORK/requests.log"
  launch_server polite "$WORK/ports" python3 "$TESTS_DIR/support/polite_server.py" \
    --hosts "$hosts" --port-file "$WORK/ports" --log "$POLITE_LOG" --delay "$delay"
  mapfile -t PORTS <"$WORK/ports"
  expect_eq "ports listening" "$hosts" "${#PORTS[@]}"
}

# start_article_writer DB: tests/support/article_writer.py fills the SQLite
# database DB with 6000 articles, then goes on adding articles in the
# background, one a transaction (WRITER_PID; stopped when the test exits),
# writing the highest id it has committed to the file WRITER_COMMITTED after
# each commit; returns once that is over 6100, or fails the test after 10 s.
start_article_writer() {
  local db=$1 writer="$TESTS_DIR/support/article_writer.py"
  WRITER_COMMITTED="$WORK/committed"
  python3 "$writer" "$db" fill 6000
  python3 "$writer" "$db" write "$WRITER_COMMITTED" &
  WRITER_PID=$!
  SERVER_PIDS+=("$WRITER_PID")
  local _
  for _ in $(seq 200); do
    [ -s "$WRITER_COMMITTED" ] && [ "$(cat "$WRITER_COMMITTED")" -gt 6100 ] && return 0
    sleep 0.05
  done
  fail "the writer did not get going"
}

# wait_for_count N TRIES COMMAND...: runs COMMAND, a query that prints a
# count (of rows a running daemon stores), every 0.1 s until the count is N
# or more, at most TRIES times; a COMMAND that fails (the database is not
# created yet, or busy) counts 0. Sets COUNT to the last count: the caller
# checks it.
wait_for_count() {
  local want=$1 tries=$2 _
  shift 2
  COUNT=0
  for _ in $(seq "$tries"); do
    COUNT=$("$@" 2>/dev/null) || COUNT=0
    [ "${COUNT:-0}" -ge "$want" ] && return 0
    sleep 0.1
  done
}

# stop_daemon_cleanly PID: SIGTERM to the `gazette run` PID, which must
# exit with status 0.
stop_daemon_cleanly() {
  kill -TERM "$1"
  local status=0
  wait "$1" || status=$?
  expect_eq "exit status after SIGTERM" 0 "$status"
}

# sql DB QUERY: one value or rows, via the sqlite3 CLI (what users have).
sql() { sqlite3 -batch -noheader "$1" "$2"; }

expect_eq() {  # expect_eq WHAT EXPECTED ACTUAL
  [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

expect_contains() {  # expect_contains WHAT HAYSTACK NEEDLE
  grep -qF -- "$3" <<<"$2" || fail "$1: [$3] not found in:
$2"
}

# python_with MODULE: the interpreter that can import MODULE (a Debian
# python3-* package from `make deps`), /usr/bin/python3 before whatever is
# first on PATH (a pyenv, a virtualenv); fails the test when none can.
python_with() {
  local candidate
  for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c "import $1" 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  fail "no python3 can import $1 (make deps installs it)"
}

# start_notify_socket SOCKET LOG: systemd's side of Type=notify, a datagram
# socket at SOCKET that appends each message it is told to LOG (one a line,
# its newlines shown as " | "); returns once it listens.
start_notify_socket() {
  local socket=$1 log=$2 ready="$1.ready"
  python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[3], "w").close()
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode().replace("\n", " | ") + "\n")
        f.flush()
' "$socket" "$log" "$ready" &
  SERVER_PIDS+=($!)
  local _
  for _ in $(seq 100); do
    [ -e "$ready" ] && return 0
    sleep 0.05
  done
  fail "the notify socket $socket did not start"
}

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
  python3 "$TESTS_DIR/support/$script" --port 0 --port-file "$port_file" --log "$log" "$@" \
    >"$WORK/$name.out" 2>&1 &
  SERVER_PIDS+=($!)
  local i
  for i in $(seq 100); do
    [ -s "$port_file" ] && break
    sleep 0.05
  done
  [ -s "$port_file" ] || { cat "$WORK/$name.out" >&2; fail "server $name did not start"; }
  printf -v "${name}_PORT" '%s' "$(cat "$port_file")"
  printf -v "${name}_LOG" '%s' "$log"
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

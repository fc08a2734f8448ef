#!/usr/bin/env bash
# The daemon's metrics endpoint ([metrics] listen): `gazette run` serves
# /metrics (parsed with the Prometheus client library's parser, its values
# checked against the database) and /healthz on 127.0.0.1 and on a Unix
# socket; other paths, methods and oversized requests are refused; a stale
# socket file is replaced and removed at exit; check-config refuses an
# address that is not loopback. Only 127.0.0.1 and Unix sockets are used.
source "$(dirname "$0")/../support/lib.sh"

# The parser: Debian's python3-prometheus-client.
PY=$(python_with prometheus_client.parser)
client="$TESTS_DIR/support/metrics_client.py"
version=$("$GAZETTE" --version | awk '{print $2}')

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
refused_port=$(free_port)

# write_config FILE DATABASE LISTEN: three sources, one of each outcome:
# stored, an HTTP error (404) and no response (connection refused).
write_config() {
  cat >"$1" <<TOML
[daemon]
database = "$2"
default_interval = "1h"

[metrics]
listen = "$3"

[[feed]]
url = "$base/feed/"
[[feed]]
url = "$base/no-such-feed.xml"
[[feed]]
url = "http://127.0.0.1:$refused_port/feed/"
TOML
}

# wait_polled DB: until the three sources have a fetches row each.
wait_polled() {
  wait_for_count 3 200 sql "$1" 'select count(*) from fetches'
  [ "$COUNT" = 3 ] || fail "the daemon polled $COUNT of 3 sources"
}

# wait_listening ADDRESS PID
wait_listening() {
  for _ in $(seq 100); do
    python3 "$client" "$1" GET /healthz >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || fail "daemon exited: $(cat "$WORK/daemon.err")"
    sleep 0.1
  done
  fail "nothing listens on $1"
}

note "check-config refuses a listen address that is not loopback, naming file:line"
for bad in 0.0.0.0:9464 192.168.1.10:9464 "[::]:9464" localhost:9464; do
  write_config "$WORK/bad.toml" "$WORK/bad.db" "$bad"
  status=0
  out=$("$GAZETTE" --config "$WORK/bad.toml" check-config 2>&1) || status=$?
  expect_eq "check-config exit status for $bad" 3 "$status"
  expect_contains "check-config message for $bad" "$out" "$WORK/bad.toml:6: metrics.listen:"
done
expect_contains "why a name is refused" \
  "$("$GAZETTE" --config "$WORK/bad.toml" check-config 2>&1 || true)" "is not an IP address"
write_config "$WORK/bad.toml" "$WORK/bad.db" 0.0.0.0:9464
expect_contains "why a public bind is refused" \
  "$("$GAZETTE" --config "$WORK/bad.toml" check-config 2>&1 || true)" "is not a loopback address"
[ ! -e "$WORK/bad.db" ] || fail "check-config created a database"

note "metrics on 127.0.0.1"
port=$(free_port)
address="127.0.0.1:$port"
write_config "$WORK/tcp.toml" "$WORK/tcp.db" "$address"
"$GAZETTE" --config "$WORK/tcp.toml" run 2>"$WORK/daemon.err" &
daemon=$!
SERVER_PIDS+=("$daemon")  # killed by cleanup if the test fails while it runs
wait_listening "$address" "$daemon"
wait_polled "$WORK/tcp.db"
"$PY" "$TESTS_DIR/support/check_metrics.py" "$address" "$WORK/tcp.db" "$version" 3

note "/healthz, other paths and methods"
expect_eq "GET /healthz" "200
ok" "$(python3 "$client" "$address" GET /healthz)"
expect_eq "GET /nope" 404 "$(python3 "$client" "$address" GET /nope | head -1)"
expect_eq "GET /metrics/../healthz" 404 "$(python3 "$client" "$address" GET /metrics/../healthz | head -1)"
expect_eq "POST /metrics" 405 "$(python3 "$client" "$address" POST /metrics | head -1)"
expect_eq "DELETE /healthz" 405 "$(python3 "$client" "$address" DELETE /healthz | head -1)"
expect_eq "HEAD /metrics" 200 "$(python3 "$client" "$address" HEAD /metrics | head -1)"
python3 - "$TESTS_DIR/support" "$address" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from metrics_client import raw_socket, request

address = sys.argv[2]
def exchange(data):
    s = raw_socket(address)
    s.sendall(data)
    reply = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        reply += chunk
    s.close()
    return reply

# A HEAD answer has the length a GET would send, and no body.
status, headers, body = request(address, "HEAD", "/metrics")
assert body == "" and int(headers["content-length"]) > 1000, (headers, body)
# A header block over the cap is refused, not read on.
reply = exchange(b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n")
assert reply.startswith(b"HTTP/1.1 431"), reply[:200]
# A request with a body (GET or otherwise) is refused.
reply = exchange(b"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
reply = exchange(b"NOT HTTP AT ALL\r\n\r\n")
assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
# The connection cap: 8 idle connections are held; the 9th is closed
# unanswered; once they go, requests are served again.
held = [raw_socket(address) for _ in range(8)]
for s in held:  # each is accepted (a request on it is answered)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert s.recv(65536).startswith(b"HTTP/1.1 200")
extra = raw_socket(address)
extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
try:
    got = extra.recv(65536)
except ConnectionResetError:
    got = b""
assert got == b"", got[:200]
for s in held:
    s.close()
for _ in range(100):
    try:
        if request(address, "GET", "/healthz")[0] == 200:
            break
    except (ConnectionResetError, ConnectionAbortedError, OSError):
        pass
    import time
    time.sleep(0.1)
else:
    raise SystemExit("the endpoint did not serve again after the held connections closed")
print("ok: HEAD, size cap, bodies, garbage and the connection cap")
PY
kill -0 "$daemon" || fail "daemon died"

note "a reload keeps the endpoint where it is (a moved listen waits for a restart)"
write_config "$WORK/tcp.toml" "$WORK/tcp.db" "127.0.0.1:$(free_port)"
kill -HUP "$daemon"
for _ in $(seq 100); do
  grep -q "takes effect at the next restart" "$WORK/daemon.err" && break
  sleep 0.1
done
expect_contains "reload notice" "$(cat "$WORK/daemon.err")" "[metrics] listen changed: it takes effect at the next restart"
expect_eq "GET /healthz after the reload" "200
ok" "$(python3 "$client" "$address" GET /healthz)"
stop_daemon_cleanly "$daemon"
expect_contains "the endpoint was logged" "$(cat "$WORK/daemon.err")" "serving /metrics and /healthz on $address"

note "metrics on a Unix socket: a stale socket file is replaced"
socket_path="$WORK/run/metrics.sock"
mkdir -p "$WORK/run"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$socket_path"
[ -S "$socket_path" ] || fail "no stale socket to start with"
write_config "$WORK/unix.toml" "$WORK/unix.db" "unix:$socket_path"
"$GAZETTE" --config "$WORK/unix.toml" run 2>"$WORK/daemon.err" &
daemon=$!
SERVER_PIDS+=("$daemon")  # killed by cleanup if the test fails while it runs
wait_listening "unix:$socket_path" "$daemon"
expect_eq "socket mode" 660 "$(stat -c %a "$socket_path")"
wait_polled "$WORK/unix.db"
"$PY" "$TESTS_DIR/support/check_metrics.py" "unix:$socket_path" "$WORK/unix.db" "$version" 3
expect_eq "GET /healthz over the socket" "200
ok" "$(python3 "$client" "unix:$socket_path" GET /healthz)"
expect_eq "GET / over the socket" 404 "$(python3 "$client" "unix:$socket_path" GET / | head -1)"

note "a second daemon does not take over a live socket"
write_config "$WORK/second.toml" "$WORK/second.db" "unix:$socket_path"
status=0
"$GAZETTE" --config "$WORK/second.toml" run 2>"$WORK/second.err" || status=$?
expect_eq "exit status of a second daemon on a socket in use" 5 "$status"
expect_contains "why" "$(cat "$WORK/second.err")" "in use"
expect_eq "the first daemon still answers" "200
ok" "$(python3 "$client" "unix:$socket_path" GET /healthz)"

stop_daemon_cleanly "$daemon"
[ ! -e "$socket_path" ] || fail "the socket file was left behind at exit"

note "a regular file where the socket goes is not replaced"
echo "keep me" >"$socket_path"
status=0
"$GAZETTE" --config "$WORK/unix.toml" run 2>"$WORK/daemon.err" || status=$?
expect_eq "exit status of a daemon whose socket path is a regular file" 5 "$status"
expect_eq "the file is untouched" "keep me" "$(cat "$socket_path")"
expect_contains "why" "$(cat "$WORK/daemon.err")" "is not a socket"
echo PASS

#!/usr/bin/env bash
# Under systemd with WatchdogSec= (the packaged unit sets 120 s) the daemon
# pings the watchdog every half period, after a database check, for as long
# as it runs: several pings in a row, still running, then a clean SIGTERM.
# (The timer once re-armed itself through a destroyed std::function: the
# first ping was also the last, and the daemon crashed with SIGSEGV.)
source "$(dirname "$0")/../support/lib.sh"

printf '[daemon]\ndatabase = "%s"\n' "$WORK/gazette.db" >"$WORK/gazette.toml"

# systemd's side of Type=notify: a datagram socket logging each message.
start_notify_socket "$WORK/notify.sock" "$WORK/notify.log"

# WATCHDOG_USEC of 0.2 s: a ping every 0.1 s.
NOTIFY_SOCKET="$WORK/notify.sock" WATCHDOG_USEC=200000 "$GAZETTE" --config "$WORK/gazette.toml" run \
  2>"$WORK/daemon.err" &
daemon=$!
pings() { grep -c '^WATCHDOG=1$' "$WORK/notify.log" 2>/dev/null || true; }
for _ in $(seq 300); do
  kill -0 "$daemon" 2>/dev/null || break
  [ "$(pings)" -ge 10 ] && break
  sleep 0.1
done
if ! kill -0 "$daemon" 2>/dev/null; then
  status=0
  wait "$daemon" || status=$?
  fail "the daemon exited (status $status) after $(pings) watchdog pings:
$(cat "$WORK/daemon.err")"
fi
[ "$(pings)" -ge 10 ] || fail "only $(pings) watchdog pings in 30 s"
stop_daemon_cleanly "$daemon"
echo "ok: $(pings) watchdog pings, then a clean stop"

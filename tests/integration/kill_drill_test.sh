#!/usr/bin/env bash
# The kill -9 drill (issue 13): `gazette run` polls many sources whose feeds
# change at every request (new stories, edited ones, stories shared by
# several sources), and is killed with SIGKILL at random moments, 20 times,
# restarting each time, then runs once more and stops cleanly. After every
# kill and at the end, tests/support/drill_check.py checks a copy of the
# database as the process left it: integrity_check, the FTS5 integrity
# check, no committed article or dedup key lost, no story stored twice, and
# each source's last stored document whole.
#
# The kill moments come from a seed, printed first; replay a failure with
#   DRILL_SEED=<seed> ctest -R integration.kill_drill_test --output-on-failure
source "$(dirname "$0")/../support/lib.sh"

SEED=${DRILL_SEED:-$(( $(date +%s%N) % 32768 ))}
KILLS=${DRILL_KILLS:-20}
SOURCES=1000
echo "kill drill: seed $SEED, $KILLS kills, $SOURCES sources"
RANDOM=$SEED

served="$WORK/served.jsonl"
launch_server drill "$WORK/drill.port" python3 "$TESTS_DIR/support/drill_feed_server.py" \
  --sources "$SOURCES" --port-file "$WORK/drill.port" --log "$served"
port=$(cat "$WORK/drill.port")

# The shortest interval the config allows; the daemon spreads the sources
# due at a start over a minute, so about $SOURCES/60 polls a second start
# and go on through the restarts. One host: 16 connections to it, and no
# gap between its requests (min_host_delay paces every request to a host).
{
  printf '[daemon]\ndatabase = "%s"\ndefault_interval = "1m"\n' "$WORK/gazette.db"
  printf '[fetch]\nmax_connections = 16\nmax_connections_per_host = 16\nmin_host_delay = "0s"\n'
  for i in $(seq 0 $((SOURCES - 1))); do
    printf '[[feed]]\nurl = "http://127.0.0.1:%s/feed/%s"\n' "$port" "$i"
  done
} >"$WORK/gazette.toml"
db="$WORK/gazette.db"

check() {  # check LABEL [drill_check.py options...]
  python3 "$TESTS_DIR/support/drill_check.py" --db "$db" --served "$served" \
    --state "$WORK/state.json" --label "$@" || fail "$1: see above (seed $SEED)"
}

for kill in $(seq "$KILLS"); do
  # 0.2 s to 8 s: some kills during start-up (migrations, the crash
  # journal, spreading the due sources), most while polls are stored. The
  # 20 runs take about 90 s: past the first minute, sources come due again
  # and their live stories are edited, so the last kills hit edits too.
  delay_ms=$(( 200 + RANDOM % 7800 ))
  "$GAZETTE" --config "$WORK/gazette.toml" run 2>>"$WORK/daemon.err" &
  daemon=$!
  SERVER_PIDS+=("$daemon")  # killed by cleanup if the test fails while it runs
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -0 "$daemon" 2>/dev/null || { tail -20 "$WORK/daemon.err" >&2; fail "daemon exited before kill $kill"; }
  killed_at=$(date +%s.%N)
  kill -KILL "$daemon"
  wait "$daemon" 2>/dev/null || true
  check "kill $kill after ${delay_ms} ms" --killed-at "$killed_at"
done

note "a last run, stopped with SIGTERM once it has stored more polls"
before=$(sqlite3 -readonly "$db" 'select count(*) from fetches')
"$GAZETTE" --config "$WORK/gazette.toml" run 2>>"$WORK/daemon.err" &
daemon=$!
SERVER_PIDS+=("$daemon")
wait_for_count $((before + 100)) 200 sqlite3 -readonly "$db" 'select count(*) from fetches'
[ "$COUNT" -ge $((before + 100)) ] || fail "the last run stored $((COUNT - before)) polls in 20 s"
stop_daemon_cleanly "$daemon"
check "clean stop" --final
# A database error stops the scheduler ("stopping: ...", "fatal: ..."): a
# restart after a kill must never meet one.
if grep -E 'stopping: |fatal: ' "$WORK/daemon.err" >&2; then fail "database errors after restarts (seed $SEED)"; fi
echo "parses cut by a kill, recorded at the next start: $(grep -c 'did not finish' "$WORK/daemon.err" || true)"
echo "PASS (seed $SEED)"

#!/usr/bin/env bash
# Benchmark of issue 16: bench/poll.sh's feeds (FEEDS x ITEMS on nginx at
# 127.0.0.1, bench/feed_server.sh) polled into SQLite and into PostgreSQL in
# the same run, by one `gazette poll` and by one, two and three `gazette
# run` processes sharing one PostgreSQL database (sources leased through it).
# Each case: a first pass into an empty database, then a second pass where
# every feed answers 304. Prints a Markdown table: wall time, the CPU of
# gazette (all its processes) and of the PostgreSQL server (the postmaster
# and every backend and helper it started, exited ones included), articles
# stored per wall second, and the checks: fetches in the pass, sources
# fetched more than once, failed fetches.
#
#   bench/poll_postgres.sh path/to/gazette [FEEDS] [ITEMS] [MAX_POLLERS]
#
# The server is a throwaway cluster (tests/support/pg_cluster.sh) with
# PostgreSQL's durable defaults: fsync, full_page_writes and
# synchronous_commit on (the tests turn them off), so a commit waits for the
# disk as it would in production (BENCH_PG_SETTINGS="-c ..." replaces
# them, e.g. to measure what synchronous_commit costs). KEEP=1 keeps the work folder (configs,
# logs) and prints its path; the cluster is always removed.
#
# How the `gazette run` passes are timed: `gazette run` spreads the sources
# due at its start over a minute (poll/scheduler.cc), which would measure
# the spread, not the pollers. So the sources are added first
# (`gazette import-opml`), their next_poll is set a few seconds ahead, and
# the pollers are started before that moment: they find nothing due, then
# everything due at once. The pass's wall time runs from its first request
# (nginx's access log: the scheduler sleeps in whole seconds, so the pollers
# wake up to a second after that moment) until every source has a
# successful fetch in the pass (counted in the database
# every 0.1 s, through one open psql session); gazette's CPU is the
# pollers' whole life (start, config sync, polls). The intervals are pinned
# to an hour (default/min/max_interval), so nothing is polled twice by
# schedule within a pass.
set -euo pipefail
GAZETTE=$(realpath "${1:?usage: bench/poll_postgres.sh path/to/gazette [feeds] [items] [max-pollers]}")
FEEDS=${2:-2000}
ITEMS=${3:-20}
MAX_POLLERS=${4:-3}
# Seconds between setting next_poll and the sources coming due: long enough
# for three pollers to start and sync 2,000 config sources on 2 busy cores.
DUE_DELAY=${DUE_DELAY:-12}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
POLLERS=()
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
# pg_start's EXIT trap runs `pg_stop; cleanup`.
cleanup() {
  local pid
  for pid in "${POLLERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${POLLERS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${PSQL_PID:-}" ] && kill "$PSQL_PID" 2>/dev/null
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
source "$HERE/feed_server.sh"
start_feed_server "$WORK" "$FEEDS" "$ITEMS" validators "$WORK/access.log"
# BENCH_PG_SETTINGS replaces them, to see what one costs (say so with the figures).
PG_SERVER_SETTINGS=${BENCH_PG_SETTINGS:-"-c fsync=on -c full_page_writes=on -c synchronous_commit=on"}
source "$HERE/../tests/support/pg_cluster.sh"
pg_start gazette_bench
PG_VERSION=$("$PG_BIN/postgres" --version)

# The OPML the `gazette run` cases import, one outline per feed.
{
  echo '<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>'
  sed 's/.*/<outline type="rss" text="f" xmlUrl="&"\/>/' "$WORK/urls.txt"
  echo '</body></opml>'
} >"$WORK/feeds.opml"

# database_for NAME STORE: a fresh database (STORE sqlite or postgres) named
# NAME; prints its path or URL.
database_for() {
  if [ "$2" = sqlite ]; then
    echo "$WORK/$1.db"
  else
    "$PG_BIN/createdb" -h "$PG_DIR" -p 5432 -U gazette "$1" || fail "createdb $1"
    echo "${GAZETTE_PG_URL/\/gazette_bench\?//$1?}"
  fi
}

# config_for FILE DATABASE: WORK/gazette.toml (every feed, 16 connections)
# with DATABASE and the intervals pinned to an hour.
config_for() {
  sed -e "s|^database = .*|database = \"${2//&/\\&}\"|" \
    -e 's/^\[daemon\]$/[daemon]\ndefault_interval = "1h"\nmin_interval = "1h"\nmax_interval = "1h"/' \
    "$WORK/gazette.toml" >"$1"
}

# query STORE DATABASE SQL: one value. PostgreSQL through the open psql
# session (a new connection each 0.1 s would be a new backend each time,
# whose start would count as the server's CPU).
query() {
  if [ "$1" = sqlite ]; then
    sqlite3 -batch -noheader "$2" "$3"
  else
    # (\c makes a new connection: only when the database changes; the file
    # keeps the session's database across the $(...) subshells.)
    [ "$(cat "$WORK/psql.database")" = "$2" ] || { printf '\\c %s\n' "$2" >&"${PSQL[1]}"; echo "$2" >"$WORK/psql.database"; }
    printf '%s;\n' "$3" >&"${PSQL[1]}"
    local line
    read -r -t 30 line <&"${PSQL[0]}" || fail "psql did not answer: $3"
    echo "$line"
  fi
}
# (-t: rows only; an error is printed as the answer, and the bench fails on it)
coproc PSQL { "$PG_BIN/psql" -X -q -A -t -d "$GAZETTE_PG_URL" 2>&1; }
PSQL_PID=$PSQL_PID
echo "$GAZETTE_PG_URL" >"$WORK/psql.database"

# server_cpu: seconds of CPU of the PostgreSQL server so far: the
# postmaster (its own and that of its children it has reaped: backends that
# exited) and its live children (backends, checkpointer, WAL writer,
# autovacuum).
server_cpu() {
  python3 - "$(head -1 "$PG_DIR/data/postmaster.pid")" <<'PY'
import os, sys
postmaster, ticks = sys.argv[1], 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        continue
    fields = stat[stat.rindex(")") + 2:].split()  # fields[0] is field 3, state
    if pid == postmaster:
        ticks += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    elif fields[1] == postmaster:
        ticks += int(fields[11]) + int(fields[12])
print(f"{ticks / os.sysconf('SC_CLK_TCK'):.2f}")
PY
}

# process_cpu PID: seconds of CPU of a live process (all its threads).
process_cpu() {
  local stat
  stat=$(cat "/proc/$1/stat")
  sed 's/.*) //' <<<"$stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($12 + $13) / hz }'
}

now() { date +%s.%N; }
# pass_checks STORE DATABASE MARK: "FETCHES / TWICE / FAILED" of the fetches
# after id MARK.
pass_checks() {
  printf '%s / %s / %s' \
    "$(query "$1" "$2" "select count(*) from fetches where id > $3")" \
    "$(query "$1" "$2" "select count(*) from (select source_id from fetches where id > $3 group by source_id having count(*) > 1) t")" \
    "$(query "$1" "$2" "select count(*) from fetches where id > $3 and error != ''")"
}

# row LABEL FIRST SECOND ARTICLES: one table row; FIRST and SECOND are
# "WALL GAZETTE_CPU SERVER_CPU CHECKS".
row() {
  local w1 g1 s1 c1 w2 g2 s2 c2
  read -r w1 g1 s1 c1 <<<"$2"
  read -r w2 g2 s2 c2 <<<"$3"
  printf '| %s | %.2f | %.2f | %s | %.0f | %s | %.2f | %.2f | %s | %s |\n' "$1" "$w1" "$g1" "$s1" \
    "$(echo "$4 / $w1" | bc -l)" "${c1//_/ }" "$w2" "$g2" "$s2" "${c2//_/ }"
}

# poll_pass STORE DATABASE CONFIG MARK: one `gazette poll`, the fetches
# after id MARK are its; prints "WALL GAZETTE_CPU SERVER_CPU CHECKS".
poll_pass() {
  local mark=$4 server=- before checks
  [ "$1" = postgres ] && before=$(server_cpu)
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$GAZETTE" -q --config "$3" poll \
    >>"$WORK/poll.log" 2>&1 || { tail -5 "$WORK/poll.log" >&2; fail "gazette poll ($2)"; }
  [ "$1" = postgres ] && { sleep 0.5; server=$(printf '%.2f' "$(echo "$(server_cpu) - $before" | bc)"); }
  local wall user sys
  read -r wall user sys <"$WORK/time"
  checks=$(pass_checks "$1" "$2" "$mark")
  echo "$wall $(echo "$user + $sys" | bc) $server ${checks// /_}"
}

# run_pass STORE DATABASE POLLERS: POLLERS `gazette run` processes (configs
# WORK/run-N.toml) until every source has a successful fetch after the
# pass's mark; prints "WALL GAZETTE_CPU SERVER_CPU CHECKS".
run_pass() {
  local store=$1 db=$2 n=$3 mark due before server=- i done_count=0 cpu=0 checks
  mark=$(query "$store" "$db" "select coalesce(max(id), 0) from fetches")
  due=$(($(date +%s) + DUE_DELAY))
  if [ "$store" = sqlite ]; then
    query "$store" "$db" "update sources set next_poll = strftime('%Y-%m-%dT%H:%M:%SZ', $due, 'unixepoch'); select changes()" >/dev/null
  else
    query "$store" "$db" "with u as (update sources set next_poll = to_timestamp($due) returning 1) select count(*) from u" >/dev/null
  fi
  local requests_before
  requests_before=$(wc -l <"$WORK/access.log")
  [ "$store" = postgres ] && before=$(server_cpu)
  POLLERS=()
  local log_lines=()
  for i in $(seq "$n"); do
    touch "$WORK/run-$i.log"
    log_lines+=("$(wc -l <"$WORK/run-$i.log")")
    "$GAZETTE" --config "$WORK/run-$i.toml" run >>"$WORK/run-$i.log" 2>&1 &
    POLLERS+=($!)
  done
  while [ "$(date +%s)" -lt "$due" ]; do sleep 0.05; done
  local end
  while :; do
    for i in "${POLLERS[@]}"; do
      kill -0 "$i" 2>/dev/null || { tail -20 "$WORK"/run-*.log >&2; fail "a poller exited"; }
    done
    done_count=$(query "$store" "$db" \
      "select count(distinct source_id) from fetches where id > $mark and error = ''")
    [ "$done_count" -ge "$FEEDS" ] && break
    [ "$(echo "$(now) - $due > 900" | bc)" = 1 ] && fail "not every source polled in 900 s ($done_count)"
    sleep 0.1
  done
  end=$(now)
  # The pass starts at its first request: the pollers' scheduler sleeps in
  # whole seconds, so they wake up to a second after the sources came due.
  local start requests
  start=$(tail -n +"$((requests_before + 1))" "$WORK/access.log" | head -1 | cut -d' ' -f1)
  requests=$(($(wc -l <"$WORK/access.log") - requests_before))
  [ "$requests" = "$FEEDS" ] ||
    echo "$db: nginx answered $requests requests in the pass, for $FEEDS sources" >>"$WORK/run.problems"
  for i in "${POLLERS[@]}"; do cpu=$(echo "$cpu + $(process_cpu "$i")" | bc); done
  for i in "${POLLERS[@]}"; do kill -TERM "$i"; done
  for i in "${POLLERS[@]}"; do wait "$i" || echo "poller $i exited with $?" >>"$WORK/run.problems"; done
  POLLERS=()
  [ "$store" = postgres ] && { sleep 0.5; server=$(printf '%.2f' "$(echo "$(server_cpu) - $before" | bc)"); }
  checks=$(pass_checks "$store" "$db" "$mark")
  # Every fetch of the pass started after the sources came due.
  local early
  early=$(query "$store" "$db" "select count(*) from fetches where id > $mark and started < $(
    [ "$store" = sqlite ] && echo "strftime('%Y-%m-%dT%H:%M:%SZ', $due, 'unixepoch')" || echo "to_timestamp($due)")")
  [ "$early" = 0 ] || echo "$db: $early fetches started before the sources came due" >>"$WORK/run.problems"
  # A poller that starts after the sources came due spreads the due ones
  # (the others' too) over a minute: the pass then measures the spread.
  for i in $(seq "$n"); do
    if tail -n +"$((log_lines[i - 1] + 1))" "$WORK/run-$i.log" | grep -q 'spreading them'; then
      echo "$db: poller $i started after the sources came due and spread them" \
        "($(tail -n +"$((log_lines[i - 1] + 1))" "$WORK/run-$i.log" | grep -m1 'spreading them')):" \
        "this pass measures the spread; raise DUE_DELAY" >>"$WORK/run.problems"
    fi
  done
  echo "$(echo "$end - $start" | bc) $cpu $server ${checks// /_}"
}

articles() { query "$1" "$2" "select count(*) from articles"; }

# case_poll STORE: one `gazette poll`, twice.
case_poll() {
  local db first second
  db=$(database_for "poll_$1" "$1")
  config_for "$WORK/poll-$1.toml" "$db"
  first=$(poll_pass "$1" "$db" "$WORK/poll-$1.toml" 0)
  second=$(poll_pass "$1" "$db" "$WORK/poll-$1.toml" "$(query "$1" "$db" "select max(id) from fetches")")
  row "$1, gazette poll" "$first" "$second" "$(articles "$1" "$db")"
}

# case_run STORE N: N `gazette run` processes on one database, two passes.
case_run() {
  local db first second i
  db=$(database_for "run_$1_$2" "$1")
  for i in $(seq "$2"); do config_for "$WORK/run-$i.toml" "$db"; done
  "$GAZETTE" -q --config "$WORK/run-1.toml" import-opml "$WORK/feeds.opml" >>"$WORK/import.log" 2>&1 ||
    { cat "$WORK/import.log" >&2; fail "import-opml"; }
  first=$(run_pass "$1" "$db" "$2")
  second=$(run_pass "$1" "$db" "$2")
  row "$1, $2 × gazette run" "$first" "$second" "$(articles "$1" "$db")"
}

echo "$FEEDS feeds x $ITEMS items on nginx at 127.0.0.1; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; $PG_VERSION ($PG_SERVER_SETTINGS, otherwise its defaults), on a Unix socket; load average at the start: $load_before"
echo
echo "| store, pollers | 1st pass wall s | gazette CPU s | server CPU s | articles/s | fetches / twice / failed | 2nd pass (304) wall s | gazette CPU s | server CPU s | fetches / twice / failed |"
echo "|---|---|---|---|---|---|---|---|---|---|"
case_poll sqlite
case_poll postgres
case_run sqlite 1
for n in $(seq "$MAX_POLLERS"); do case_run postgres "$n"; done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$WORK/run.problems" ]; then
  echo "Problems:"; sed 's/^/- /' "$WORK/run.problems"
fi
# (not gazette poll's summary, "polled N sources: 0 failed, ...")
problems() { cat "$WORK"/run-*.log "$WORK/poll.log" 2>/dev/null | grep -iE 'error|warn|fail' | grep -v '^polled '; }
echo "Log lines with error/warning/fail: $(problems | wc -l)"
problems | sort | uniq -c | sort -rn | head -20

#!/usr/bin/env bash
# Benchmark of issue 13: `gazette run` for MINUTES minutes against SOURCES
# generated feeds (ITEMS items each) served by nginx on 127.0.0.1, every
# source at the shortest interval the config allows (1 min). A share CHURN of
# the feeds gets a new story each minute (bench/feed_churn.py: new URLs all
# the time, as on real sites); the rest answer 304. Prints a Markdown report:
# polls, CPU per poll, peak RSS, RSS sampled every 5 s (it must stay flat),
# and the dispatch lag (due time to request) read from nginx's access log.
#
#   bench/daemon.sh path/to/gazette [SOURCES] [MINUTES] [ITEMS] [CHURN]
#
# Defaults: 10000 sources, 5 minutes, 10 items, 0.1. KEEP=1 keeps the work
# folder (database, logs, samples) and prints its path.
set -euo pipefail
GAZETTE=$(realpath "${1:?usage: bench/daemon.sh path/to/gazette [sources] [minutes] [items] [churn]}")
SOURCES=${2:-10000}
MINUTES=${3:-5}
ITEMS=${4:-10}
CHURN=${5:-0.1}
INTERVAL=60
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/gazette-daemon-bench.XXXXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
source "$HERE/feed_server.sh"
start_feed_server "$WORK" "$SOURCES" "$ITEMS" validators "$WORK/access.log"
# Every source every INTERVAL: adaptive intervals (docs/config.md) bounded to it.
sed -i "s/^\[daemon\]\$/[daemon]\ndefault_interval = \"${INTERVAL}s\"\nmin_interval = \"${INTERVAL}s\"\nmax_interval = \"${INTERVAL}s\"/" "$WORK/gazette.toml"

python3 "$HERE/feed_churn.py" "$WORK/www" --per-minute "$CHURN" --log "$WORK/churn.log" &
PIDS+=($!)
start=$(date +%s.%N)
"$GAZETTE" --config "$WORK/gazette.toml" run 2>"$WORK/daemon.err" &
daemon=$!
PIDS+=($daemon)

# sample: "T VmRSS RssAnon RssFile RssShmem Threads CPU_TICKS RUNQ_NS": RUNQ_NS
# is how long the main thread (network and scheduler) has waited for a core
# in all (/proc/PID/schedstat), to tell a loaded machine from a slow daemon.
sample() {
  local t status stat runq
  t=$(date +%s.%N)
  status=$(cat "/proc/$daemon/status") || return 1
  stat=$(cat "/proc/$daemon/stat") || return 1
  runq=$(cut -d' ' -f2 "/proc/$daemon/schedstat") || return 1
  # Fields 14 and 15 of stat (utime, stime), counted after the ")" that ends
  # the command name.
  local times
  times=$(sed 's/.*) //' <<<"$stat" | awk '{ print $12 + $13 }')
  awk -v t="$t" -v cpu="$times" -v runq="$runq" '
    /^VmRSS:/ { rss = $2 } /^RssAnon:/ { anon = $2 } /^RssFile:/ { file = $2 }
    /^RssShmem:/ { shm = $2 } /^Threads:/ { thr = $2 }
    END { print t, rss, anon, file, shm, thr, cpu, runq }' <<<"$status"
}
end=$(echo "$start + $MINUTES * 60" | bc)
while [ "$(echo "$(date +%s.%N) < $end" | bc)" = 1 ]; do
  kill -0 "$daemon" 2>/dev/null || { tail -20 "$WORK/daemon.err"; echo "gazette run exited early" >&2; exit 1; }
  sample >>"$WORK/samples"
  sleep 5
done
sample >>"$WORK/samples"
echo "peak $(awk '/^VmHWM:/ { print $2 }' "/proc/$daemon/status")" >>"$WORK/samples"
kill -TERM "$daemon"
wait "$daemon"

echo "gazette run, $SOURCES feeds x $ITEMS items on nginx at 127.0.0.1, interval ${INTERVAL} s, $CHURN of the feeds changing per minute, $MINUTES min"
echo "($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM; load average at the start: $load_before)"
echo
python3 "$HERE/daemon_report.py" --access "$WORK/access.log" --samples "$WORK/samples" \
  --start "$start" --interval "$INTERVAL" --origin "http://127.0.0.1:$PORT" --feeds "$SOURCES" \
  --clock-ticks "$(getconf CLK_TCK)"
echo
echo "Database: $(sqlite3 -readonly "$WORK/gazette.db" 'select count(*) from articles') articles, $(sqlite3 -readonly "$WORK/gazette.db" 'select count(*) from fetches') fetches recorded; $(du -m "$WORK/gazette.db" | cut -f1) MiB."
echo "Log lines: $(wc -l <"$WORK/daemon.err"), of which errors: $(grep -c '^<3>\|error' "$WORK/daemon.err" || true)."

#!/usr/bin/env bash
# Two Gazette binaries on the same first pass (empty database) of
# bench/poll.sh's feeds, alternating A, B, A, B... so that a busy machine
# weighs on both alike: for checking that a change keeps the poll's speed
# ("first pass within 5%"). Prints CPU seconds (user+sys) and wall seconds
# per run, then the median of each.
#
#   bench/poll_ab.sh OLD_GAZETTE NEW_GAZETTE [ROUNDS] [FEEDS] [ITEMS]
set -euo pipefail
A=$(realpath "${1:?usage: bench/poll_ab.sh old/gazette new/gazette [rounds] [feeds] [items]}")
B=$(realpath "${2:?usage: bench/poll_ab.sh old/gazette new/gazette [rounds] [feeds] [items]}")
ROUNDS=${3:-5}
FEEDS=${4:-2000}
ITEMS=${5:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
source "$HERE/feed_server.sh"
start_feed_server "$WORK" "$FEEDS" "$ITEMS"

run() {  # run LABEL BINARY: one first pass; appends "cpu wall" to WORK/LABEL
  rm -f "$WORK"/gazette.db*
  local cpu wall
  read -r cpu wall <<<"$(timed_poll "$2")"
  echo "$cpu $wall" >>"$WORK/$1"
  printf '%s: CPU %.2f s, wall %.2f s, %s articles\n' "$1" "$cpu" "$wall" \
    "$(sqlite3 "$WORK/gazette.db" 'select count(*) from articles')"
}
for _ in $(seq "$ROUNDS"); do run A "$A"; run B "$B"; done
echo
echo "$FEEDS feeds x $ITEMS items, $ROUNDS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| binary | median CPU s | median wall s |"
echo "|---|---|---|"
for x in A B; do
  printf '| %s %s | %s | %s |\n' "$x" "$([ $x = A ] && echo "$A" || echo "$B")" \
    "$(cut -d' ' -f1 "$WORK/$x" | median)" "$(cut -d' ' -f2 "$WORK/$x" | median)"
done

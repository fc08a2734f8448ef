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
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$2" -q --config "$WORK/gazette.toml" poll \
    >"$WORK/out.log" 2>&1 || { echo "$1 failed:"; tail -5 "$WORK/out.log"; exit 1; }
  read -r wall user sys <"$WORK/time"
  local cpu
  cpu=$(echo "$user + $sys" | bc)
  echo "$cpu $wall" >>"$WORK/$1"
  printf '%s: CPU %.2f s, wall %.2f s, %s articles\n' "$1" "$cpu" "$wall" \
    "$(sqlite3 "$WORK/gazette.db" 'select count(*) from articles')"
}
for _ in $(seq "$ROUNDS"); do run A "$A"; run B "$B"; done
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
echo
echo "$FEEDS feeds x $ITEMS items, $ROUNDS rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| binary | median CPU s | median wall s |"
echo "|---|---|---|"
for x in A B; do
  printf '| %s %s | %s | %s |\n' "$x" "$([ $x = A ] && echo "$A" || echo "$B")" \
    "$(cut -d' ' -f1 "$WORK/$x" | median)" "$(cut -d' ' -f2 "$WORK/$x" | median)"
done

#!/usr/bin/env bash
# The second pass against a server that ignores conditional requests (issue
# 13): bench/poll.sh's feeds on nginx without ETag, Last-Modified or 304, so
# every poll gets the same 200 body again. For each binary: one first pass
# into an empty database, then ROUNDS second passes (each on a copy of the
# database after the first). A Gazette with the body hash
# (poll/body_fingerprint.h) skips parsing and writing; one without parses
# and merges every item again. Prints CPU and wall seconds, medians of the
# second passes, and what the fetches rows say.
#
#   bench/poll_second_pass.sh GAZETTE [OLD_GAZETTE] [ROUNDS] [FEEDS] [ITEMS]
set -euo pipefail
NEW=$(realpath "${1:?usage: bench/poll_second_pass.sh gazette [old-gazette] [rounds] [feeds] [items]}")
OLD=${2:+$(realpath "$2")}
ROUNDS=${3:-5}
FEEDS=${4:-2000}
ITEMS=${5:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
source "$HERE/feed_server.sh"
start_feed_server "$WORK" "$FEEDS" "$ITEMS" no-validators
first_url=$(head -1 "$WORK/urls.txt")
if curl -sI "$first_url" | grep -qiE '^(etag|last-modified):'; then
  echo "nginx still sends validators:"; curl -sI "$first_url"; exit 1
fi


echo "$FEEDS feeds x $ITEMS items on nginx at 127.0.0.1 without validators," \
  "$ROUNDS rounds, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| binary | first pass CPU s / wall s | second pass, median CPU s / wall s | second pass fetches: same_body / items parsed |"
echo "|---|---|---|---|"
for binary in "$NEW" ${OLD:+"$OLD"}; do
  rm -f "$WORK"/gazette.db* "$WORK"/second
  first=$(timed_poll "$binary")
  mkdir -p "$WORK/first"
  sqlite3 "$WORK/gazette.db" "VACUUM INTO '$WORK/first/gazette.db'"
  for _ in $(seq "$ROUNDS"); do
    rm -f "$WORK"/gazette.db*
    cp "$WORK/first/gazette.db" "$WORK/gazette.db"
    timed_poll "$binary" >>"$WORK/second"
  done
  rm -rf "$WORK/first"
  last=$(sqlite3 "$WORK/gazette.db" "select max(id) - $FEEDS from fetches")
  same=$(sqlite3 "$WORK/gazette.db" "select count(*) from pragma_table_info('fetches') where name = 'same_body'")
  if [ "$same" = 1 ]; then
    same=$(sqlite3 "$WORK/gazette.db" "select sum(same_body) from fetches where id > $last")
  else
    same="(no column)"
  fi
  parsed=$(sqlite3 "$WORK/gazette.db" "select sum(items_seen) from fetches where id > $last")
  printf '| %s | %s / %s | %s / %s | %s / %s |\n' "$binary" ${first} \
    "$(cut -d' ' -f1 "$WORK/second" | median)" "$(cut -d' ' -f2 "$WORK/second" | median)" \
    "$same" "$parsed"
done

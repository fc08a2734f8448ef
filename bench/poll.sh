#!/usr/bin/env bash
# Benchmark of issue 2: 2,000 feeds x 20 items served by nginx on 127.0.0.1.
# One `gazette poll` into an empty database, then a second where everything
# answers 304; newsboat (`-x reload`, reload-threads 16) and sfeed_update
# (maxjobs=16) on the same feeds, in the same run. Prints a Markdown table.
#
#   bench/poll.sh path/to/gazette [FEEDS] [ITEMS]
set -euo pipefail
GAZETTE=$(realpath "${1:?usage: bench/poll.sh path/to/gazette [feeds] [items]}")
FEEDS=${2:-2000}
ITEMS=${3:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/gazette-bench.XXXXXX)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT

source "$HERE/feed_server.sh"
start_feed_server "$WORK" "$FEEDS" "$ITEMS"
urls="$WORK/urls.txt"

# measure LABEL COMMAND...: wall s, CPU s (user+sys), peak RSS MiB
measure() {
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" >"$WORK/out.log" 2>&1 || {
    echo "$label failed:"; tail -5 "$WORK/out.log"; }
  read -r wall user sys rss <"$WORK/time"
  printf '| %s | %.2f | %.2f | %.0f |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
}

# newsboat
mkdir -p "$WORK/newsboat"
printf 'reload-threads 16\n' >"$WORK/newsboat/config"
# sfeed
mkdir -p "$WORK/sfeed"
{
  echo "sfeedpath=\"$WORK/sfeed/feeds\""
  echo "maxjobs=16"
  echo "feeds() {"
  awk '{ printf "  feed \"f%d\" \"%s\"\n", NR, $0 }' "$urls"
  echo "}"
} >"$WORK/sfeed/sfeedrc"

echo "$FEEDS feeds x $ITEMS items on nginx at 127.0.0.1 ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo
echo "| run | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|"
measure "gazette poll (empty database)" "$GAZETTE" -q --config "$WORK/gazette.toml" poll
measure "gazette poll (all 304)" "$GAZETTE" -q --config "$WORK/gazette.toml" poll
echo "<!-- gazette stored $(sqlite3 "$WORK/gazette.db" 'select count(*) from articles') articles -->"
measure "newsboat -x reload (empty cache)" env HOME="$WORK/newsboat" newsboat -u "$urls" -c "$WORK/newsboat/cache.db" -C "$WORK/newsboat/config" -x reload
measure "newsboat -x reload (again)" env HOME="$WORK/newsboat" newsboat -u "$urls" -c "$WORK/newsboat/cache.db" -C "$WORK/newsboat/config" -x reload
measure "sfeed_update (first)" env HOME="$WORK/sfeed" sfeed_update "$WORK/sfeed/sfeedrc"
measure "sfeed_update (again)" env HOME="$WORK/sfeed" sfeed_update "$WORK/sfeed/sfeedrc"

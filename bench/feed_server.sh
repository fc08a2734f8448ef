# Sourced by the poll benchmarks: generated feeds served by nginx on
# 127.0.0.1, and one Gazette config that lists them all.
#
#   start_feed_server WORK FEEDS ITEMS [validators|no-validators [ACCESS_LOG]]
#
# With "no-validators", nginx sends no ETag and no Last-Modified and never
# answers 304 (a server that ignores conditional requests): the SSI filter,
# on for the feeds' type, drops Last-Modified; nothing in them is SSI.
#
# sets PORT, writes WORK/urls.txt (one feed URL per line) and
# WORK/gazette.toml (database WORK/gazette.db; 16 connections to the one
# host, like the 16 threads/jobs newsboat and sfeed get in bench/poll.sh).
# The caller's EXIT trap must stop nginx: kill "$(cat "$WORK/nginx.pid")".
# With ACCESS_LOG, nginx logs every request there as "MSEC URI STATUS BYTES"
# (bench/daemon.sh reads each source's polling times from it).

start_feed_server() {
  local work=$1 feeds=$2 items=$3 validators="" access_log=${5:-}
  [ "${4:-}" = no-validators ] &&
    validators="etag off; if_modified_since off; ssi on; ssi_types application/rss+xml;"
  local here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  python3 "$here/generate_feeds.py" "$work/www" --feeds "$feeds" --items "$items"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$work/nginx"
  cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
$( if [ -n "$access_log" ]; then
     echo "  log_format timed '\$msec \$request_uri \$status \$body_bytes_sent';"
     echo "  access_log $access_log timed;"
   else
     echo "  access_log off;"
   fi )
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  types { application/rss+xml xml; }
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$PORT;
    root $work/www;
    $validators
  }
}
NGINX
  nginx -c "$work/nginx.conf" -p "$work/nginx"
  for _ in $(seq 50); do [ -f "$work/nginx.pid" ] && break; sleep 0.1; done
  for f in $(seq 0 $((feeds - 1))); do
    printf 'http://127.0.0.1:%s/feeds/%04d.xml\n' "$PORT" "$f"
  done >"$work/urls.txt"
  {
    # Every feed is on this one host: min_host_delay (which since issue 13
    # paces feeds too) would make the pass one request a second.
    printf '[daemon]\ndatabase = "%s"\n[fetch]\nmax_connections = 16\nmax_connections_per_host = 16\nmin_host_delay = "0s"\n' "$work/gazette.db"
    sed 's/.*/[[feed]]\nurl = "&"/' "$work/urls.txt"
  } >"$work/gazette.toml"
}

# timed_poll BINARY: one `gazette poll` of WORK/gazette.toml; prints "CPU WALL"
# (seconds, CPU = user + sys), or the log's tail and exits on a failure.
timed_poll() {
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$1" -q --config "$WORK/gazette.toml" poll \
    >"$WORK/out.log" 2>&1 || { echo "$1 failed:" >&2; tail -5 "$WORK/out.log" >&2; exit 1; }
  local wall user sys
  read -r wall user sys <"$WORK/time"
  printf '%.2f %.2f\n' "$(echo "$user + $sys" | bc)" "$wall"
}

# median: the median of the numbers on stdin, one a line.
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

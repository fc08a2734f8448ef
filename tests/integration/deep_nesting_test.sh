#!/usr/bin/env bash
# Issue 10, item 1: documents nested hundreds of thousands deep, as feed item
# content and as pages, served on 127.0.0.1. Each poll records either an
# error or a flagged (truncated) article, `gazette run` keeps running, and a
# source whose parse crashed the previous run is backed off at the next start.
source "$(dirname "$0")/../support/lib.sh"

site="$WORK/site"
mkdir -p "$site"
python3 - "$site" <<'PY'
import sys, os
root = sys.argv[1]
n = 300000
def feed(content, cdata=True):
    if cdata:
        body = "<![CDATA[" + content + "]]>"
    else:
        body = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>hostile</title>'
            '<item><title>deep item</title><link>http://127.0.0.1/deep</link>'
            '<description>' + body + '</description></item></channel></rss>')
def write(name, text):
    with open(os.path.join(root, name), "w") as f:
        f.write(text)
write("x-cdata.xml", feed("<x>" * n))
write("div-escaped.xml", feed("<div>" * n, cdata=False))
write("bi.xml", feed("<b><i>" * 100000))
write("deep-xml.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
      '<item><title>deep xml</title><link>http://127.0.0.1/xml</link><x>' + "<x>" * n +
      "</x>" * n + '</x></item></channel></rss>')
page = "<html><head><title>Deep page</title></head><body><article><h1>Deep page</h1><p>"
write("x.html", page + "Some words. " * 50 + "<x>" * n)
write("div.html", page + "Some words. " * 50 + "<div>" * n)
write("bi.html", page + "Some words. " * 50 + "<b><i>" * 100000)
PY
start_server SITE "$site" https://deep.example
base="http://127.0.0.1:$SITE_PORT"

write_config() {  # write_config DB
  cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$1"
default_interval = "1h"
[fetch]
min_host_delay = "0ms"
max_follow = 0
[[feed]]
url = "$base/x-cdata.xml"
[[feed]]
url = "$base/div-escaped.xml"
[[feed]]
url = "$base/bi.xml"
[[feed]]
url = "$base/deep-xml.xml"
[[page]]
url = "$base/x.html"
[[page]]
url = "$base/div.html"
[[page]]
url = "$base/bi.html"
TOML
}

note "one poll of every hostile source"
db="$WORK/poll.db"
write_config "$db"
status=0
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" || status=$?
# 0 (all parsed) or 1 (some failed) are fine; a crash (>= 128) is not.
[ "$status" -lt 128 ] || { cat "$WORK/poll.err"; fail "poll died with status $status"; }
expect_eq "one fetches row per source" 7 "$(sql "$db" 'select count(distinct source_id) from fetches')"
for url in x-cdata.xml div-escaped.xml bi.xml x.html div.html bi.html; do
  row=$(sql "$db" "select f.error || '|' || coalesce(f.warning, '') from fetches f
                   join sources s on s.id = f.source_id where s.url = '$base/$url'")
  [ "$row" != "|" ] || fail "$url: neither an error nor a warning recorded"
done
expect_contains "the feed item is flagged" \
  "$(sql "$db" "select f.warning from fetches f join sources s on s.id = f.source_id where s.url = '$base/x-cdata.xml'")" \
  "the rest was cut"
expect_contains "the page is flagged" \
  "$(sql "$db" "select last_warning from sources_v where url = '$base/div.html'")" "the rest was cut"
expect_eq "the deep XML feed is stored" 1 \
  "$(sql "$db" "select count(*) from articles where title = 'deep xml'")"
expect_eq "the flagged item is stored, truncated" 1 \
  "$(sql "$db" "select count(*) from articles where title = 'deep item'")"

note "gazette run keeps running"
db="$WORK/run.db"
write_config "$db"
"$GAZETTE" --config "$WORK/gazette.toml" run 2>"$WORK/daemon.err" &
daemon=$!
wait_for_count 7 300 sql "$db" 'select count(distinct source_id) from fetches'
expect_eq "sources polled by the daemon" 7 "$COUNT"
kill -0 "$daemon" || { cat "$WORK/daemon.err"; fail "daemon died"; }
stop_daemon_cleanly "$daemon"

note "a parse that never finished is backed off after the restart"
id=$(sql "$db" "select id from sources where url = '$base/bi.html'")
# As a crash in the middle of that parse leaves the journal.
printf '%20s\n' "$id" >"$db-parsing"
before=$(grep -c '"path": "/bi.html"' "$SITE_LOG" || true)
sql "$db" "update sources set next_poll = '2000-01-01T00:00:00Z'"  # everything due now
"$GAZETTE" --config "$WORK/gazette.toml" run 2>"$WORK/daemon2.err" &
daemon=$!
wait_for_count 1 100 sql "$db" "select count(*) from fetches where error like '%did not finish%'"
expect_eq "unfinished parse recorded" 1 "$COUNT"
# The other sources are polled again; wait for them, then check bi.html was not.
wait_for_count 14 300 sql "$db" "select count(*) from fetches"
kill -0 "$daemon" || { cat "$WORK/daemon2.err"; fail "daemon died after restart"; }
kill -TERM "$daemon"
wait "$daemon" || true
expect_eq "the crashed source was not fetched again at once" "$before" \
  "$(grep -c '"path": "/bi.html"' "$SITE_LOG" || true)"
expect_eq "error counted" 1 "$(sql "$db" "select error_count from sources where id = $id")"
[ "$(sql "$db" "select next_poll > strftime('%Y-%m-%dT%H:%M:%SZ', 'now') from sources where id = $id")" = 1 ] ||
  fail "the source is not backed off"
expect_contains "logged" "$(cat "$WORK/daemon2.err")" "did not finish"

note "gazette poll: the source whose parse did not finish sits that pass out"
printf '%20s\n' "$id" >"$db-parsing"
before=$(grep -c '"path": "/bi.html"' "$SITE_LOG" || true)
status=0
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll2.out" 2>"$WORK/poll2.err" || status=$?
expect_eq "poll exit status (a source failed)" 1 "$status"
expect_eq "not fetched in that pass" "$before" "$(grep -c '"path": "/bi.html"' "$SITE_LOG" || true)"
expect_eq "error counted again" 2 "$(sql "$db" "select error_count from sources where id = $id")"
echo PASS

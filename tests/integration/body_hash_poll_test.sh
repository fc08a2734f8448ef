#!/usr/bin/env bash
# A server that ignores conditional requests (no ETag, no Last-Modified,
# never a 304): the second poll of the same body parses nothing and writes
# no article row (fetches.same_body = 1), a changed body is processed, and a
# changed config for the source (fetch_full, page rules) is not masked by the
# unchanged body. `gazette sources` shows the interval the poll chose.
source "$(dirname "$0")/../support/lib.sh"

mkdir -p "$WORK/site/feed" "$WORK/site/front"
write_feed() {  # write_feed N: a feed of items 1..N
  {
    echo '<?xml version="1.0" encoding="utf-8"?>'
    echo '<rss version="2.0"><channel><title>No validators</title><link>https://nv.example/</link><ttl>90</ttl>'
    local i
    for i in $(seq "$1"); do
      echo "<item><title>Story $i</title><link>https://nv.example/story/$i</link><guid>story-$i</guid>"
      echo "<description>Story number $i, told at some length so that it is not a teaser at all.</description></item>"
    done
    echo '</channel></rss>'
  } >"$WORK/site/feed/index.xml"
}
write_feed 3
cat >"$WORK/site/front/index.html" <<'HTML'
<!doctype html><html><head><title>Front</title></head><body>
<ul class="news"><li><a href="/page/1">Harbour reopens after the storm damage is repaired</a></li>
<li><a href="/page/2">Council approves the new cycle lanes on the high street</a></li></ul>
</body></html>
HTML
start_server SITE "$WORK/site" https://nv.example --no-validators
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
write_config() {  # write_config [extra lines for the page]
  cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$db"
[fetch]
robots_txt = false
max_follow = 0
[[feed]]
url = "$base/feed/"
[[page]]
url = "$base/front/"
$1
TOML
}
write_config '[page.rules]
item = "//ul[@class='"'"'news'"'"']/li[1]"
link = "a"'
poll() {  # poll NAME: gazette -v poll, logs in WORK/NAME.err
  "$GAZETTE" -v --config "$WORK/gazette.toml" poll >"$WORK/$1.out" 2>"$WORK/$1.err" \
    || { cat "$WORK/$1.err"; fail "$1 exited non-zero"; }
}


note "first poll: parsed and stored"
poll poll1
feed_id=$(sql "$db" "select id from sources where url='$base/feed/'")
page_id=$(sql "$db" "select id from sources where url='$base/front/'")
expect_eq "articles" 3 "$(sql "$db" "select count(*) from articles where source_id=$feed_id")"
expect_eq "first fetch parsed" "200|0|3|3" \
  "$(sql "$db" "select http_status, same_body, items_seen, items_new from fetches where source_id=$feed_id order by id desc limit 1")"
expect_eq "a body hash is kept" 64 "$(sql "$db" "select length(body_hash) from sources where id=$feed_id")"
expect_eq "the feed's ttl is kept (seconds)" 5400 "$(sql "$db" "select publisher_interval from sources where id=$feed_id")"
expect_eq "the page's items by its rules" 1 "$(sql "$db" "select items_seen from fetches where source_id=$page_id")"
validators=$(python3 - "$SITE_LOG" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(sum(1 for r in rows for k in r["headers"] if k.lower() in ("if-none-match", "if-modified-since")))
PY
)
expect_eq "conditional requests (the server sent no validators)" 0 "$validators"
last_seen=$(sql "$db" "select group_concat(last_seen) from (select last_seen from articles order by id)")
sightings=$(sql "$db" "select group_concat(last_seen) from (select last_seen from sightings order by article_id, source_id)")

sleep 1.1  # a write in the next second would show in last_seen
note "second poll, same bodies: nothing parsed, nothing written"
poll poll2
expect_eq "requests so far" 4 "$(wc -l <"$SITE_LOG")"
expect_eq "second fetch of the feed" "200||1|0|0|0" \
  "$(sql "$db" "select http_status, error, same_body, items_seen, items_new, items_updated from fetches where source_id=$feed_id order by id desc limit 1")"
expect_eq "second fetch of the page" "200||1|0" \
  "$(sql "$db" "select http_status, error, same_body, items_seen from fetches where source_id=$page_id order by id desc limit 1")"
expect_eq "articles untouched (last_seen)" "$last_seen" \
  "$(sql "$db" "select group_concat(last_seen) from (select last_seen from articles order by id)")"
expect_eq "sightings untouched" "$sightings" \
  "$(sql "$db" "select group_concat(last_seen) from (select last_seen from sightings order by article_id, source_id)")"
expect_contains "log" "$(cat "$WORK/poll2.err")" "$base/feed/: not modified (the same body as last time: not parsed)"
if grep -q "items, .* new" "$WORK/poll2.err"; then cat "$WORK/poll2.err"; fail "the second poll parsed a document"; fi
expect_eq "the ttl survives an unparsed poll" 5400 "$(sql "$db" "select publisher_interval from sources where id=$feed_id")"

note "third poll, a new item: parsed"
write_feed 4
poll poll3
expect_eq "third fetch of the feed" "200|0|4|1" \
  "$(sql "$db" "select http_status, same_body, items_seen, items_new from fetches where source_id=$feed_id order by id desc limit 1")"
expect_eq "articles" 4 "$(sql "$db" "select count(*) from articles where source_id=$feed_id")"
expect_contains "log" "$(cat "$WORK/poll3.err")" "$base/feed/: 4 items, 1 new"

note "fourth poll, same page body but new page rules: parsed again"
write_config '[page.rules]
item = "//ul[@class='"'"'news'"'"']/li"
link = "a"'
poll poll4
expect_eq "page fetch after the rules changed" "0|2" \
  "$(sql "$db" "select same_body, items_seen from fetches where source_id=$page_id order by id desc limit 1")"
expect_eq "feed fetch, config unchanged" "1|0" \
  "$(sql "$db" "select same_body, items_seen from fetches where source_id=$feed_id order by id desc limit 1")"

note "with hours of history, a source without its own interval follows its observed rate"
for h in 10 8 6 4 2; do
  sql "$db" "insert into fetches (source_id, started, duration_ms, http_status, bytes, items_seen, items_new, items_updated, error)
             values ($page_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-$h hours'), 1, 200, 100, 2, 1, 0, '')"
done
poll poll5
reason=$(sql "$db" "select interval_reason from sources where id=$page_id")
case "$reason" in "observed: "*" new items in 10h"*) ;; *) fail "page interval reason: [$reason]" ;; esac
interval=$(sql "$db" "select effective_interval from sources where id=$page_id")
[ "$interval" -ge 600 ] && [ "$interval" -le 7200 ] || fail "observed interval $interval"
expect_eq "next poll is the chosen interval away" 1 \
  "$(sql "$db" "select abs(strftime('%s', next_poll) - strftime('%s', last_polled) - effective_interval) <= effective_interval / 20 + 5 from sources where id=$page_id")"

note "sources shows the chosen interval and why"
out=$("$GAZETTE" --config "$WORK/gazette.toml" sources)
expect_contains "sources" "$out" "next polls every 1h30m (ttl/sy: 1h30m)"
expect_contains "sources" "$out" "(observed: "
echo "PASS"

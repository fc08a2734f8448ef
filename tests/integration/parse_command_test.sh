#!/usr/bin/env bash
# `gazette parse`: a saved document read as if fetched from --url with the
# given response headers, printed as Gazette JSON or in feedparser's shape;
# no network, no database.
source "$(dirname "$0")/../support/lib.sh"

cat >"$WORK/feed.xml" <<'XML'
<rss version="2.0"><channel><title>Saved &amp; parsed</title><link>/</link>
<item><title>One</title><link>stories/one.html</link><guid isPermaLink="false">g1</guid>
<description>&lt;a href="more.html"&gt;more&lt;/a&gt;</description>
<pubDate>Tue, 24 Nov 2026 09:15:00 +0100</pubDate></item></channel></rss>
XML

note "json: links resolved against Content-Location, resolved against --url"
"$GAZETTE" parse "$WORK/feed.xml" --url http://127.0.0.1:9/feeds/rss.xml \
  --header 'content-location: /mirror/feed.xml' --header 'X-Other: 1' >"$WORK/out.json" \
  || fail "parse exited $?"
python3 - "$WORK/out.json" <<'PY' || fail "json output"
import json, sys
out = json.load(open(sys.argv[1]))
assert out["format"] == "rss" and out["version"] == "2.0", out
assert out["title"] == "Saved & parsed" and out["site_url"] == "http://127.0.0.1:9/", out
item, = out["items"]
assert item["url"] == "http://127.0.0.1:9/mirror/stories/one.html", item
assert item["guid"] == "g1" and item["published"] == "2026-11-24T08:15:00Z", item
assert 'href="http://127.0.0.1:9/mirror/stories/more.html"' in item["summary_html"], item
assert item["link_key"] and item["content_hash"], item
PY

note "feedparser shape, with HTTP semantics"
"$GAZETTE" parse "$WORK/feed.xml" --format feedparser --url http://127.0.0.1:9/feeds/rss.xml \
  --header 'Content-Location: javascript:alert(1)' --header 'ETag: "v1"' \
  --header 'Last-Modified:' >"$WORK/fp.json" \
  || fail "parse --format feedparser exited $?"
python3 - "$WORK/fp.json" <<'PY' || fail "feedparser output"
import json, sys
out = json.load(open(sys.argv[1]))
assert out["bozo"] is False and out["version"] == "rss20", out
assert out["href"] == "http://127.0.0.1:9/feeds/rss.xml" and out["status"] == 200, out
assert out["headers"] == {"content-location": "javascript:alert(1)", "etag": '"v1"',
                          "last-modified": ""}, out
assert out["etag"] == '"v1"' and "modified" not in out, out  # a blank header says nothing
e, = out["entries"]
# the javascript: location is ignored: the base is --url
assert e["link"] == "http://127.0.0.1:9/feeds/stories/one.html", e
assert e["published_parsed"] == [2026, 11, 24, 8, 15, 0, 1, 328, 0], e
assert "summary_detail" in e and e["summary_detail"]["type"] == "text/html", e
PY

note "Content-Encoding is undone; a body that is not in it is bozo"
gzip -c "$WORK/feed.xml" >"$WORK/feed.xml.gz"
out=$("$GAZETTE" parse "$WORK/feed.xml.gz" --format feedparser --header 'Content-Encoding: gzip')
expect_contains "gzip" "$out" '"title": "Saved & parsed"'
out=$("$GAZETTE" parse "$WORK/feed.xml" --format feedparser --header 'Content-Encoding: gzip')
expect_contains "not gzip" "$out" '"bozo": true'
expect_contains "not gzip, parsed as is" "$out" '"title": "One"'

note "a document that is not a feed"
echo '<html><body>hi</body></html>' >"$WORK/page.html"
set +e
"$GAZETTE" parse "$WORK/page.html" >"$WORK/page.out" 2>"$WORK/page.err"
code=$?
set -e
expect_eq "json: exit code" 5 "$code"
expect_contains "json: reason" "$(cat "$WORK/page.err")" "is not a feed"
out=$("$GAZETTE" parse "$WORK/page.html" --format feedparser) || fail "feedparser must exit 0"
expect_contains "feedparser: bozo" "$out" '"bozo": true'

note "usage errors"
set +e
"$GAZETTE" parse "$WORK/feed.xml" --header 'no colon' >/dev/null 2>"$WORK/h.err"
expect_eq "bad header exit" 2 "$?"
"$GAZETTE" parse "$WORK/missing.xml" >/dev/null 2>"$WORK/m.err"
expect_eq "missing file exit" 5 "$?"
"$GAZETTE" parse "$WORK/feed.xml" --format atom >/dev/null 2>"$WORK/f.err"
expect_eq "unknown format exit" 2 "$?"
set -e
echo "PASS"

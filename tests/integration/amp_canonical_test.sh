#!/usr/bin/env bash
# Issue 14: an AMP page's story is its canonical page, also on another host
# of the site. The poller stores the article under the canonical URL and
# fetches the canonical page for its text, with the address policy applied to
# that host: here the AMP pages are on one loopback origin (SITE, a source's
# origin, trusted) and the canonical pages on another (CANON, another port of
# 127.0.0.1: "internal", refused unless allow_private lets it through). Both
# are fixture_server.py on 127.0.0.1; no packet leaves the machine.
source "$(dirname "$0")/../support/lib.sh"

mkdir -p "$WORK/site/news/harbour-wall/amp" "$WORK/site/feed" "$WORK/canon/news/harbour-wall"
start_server CANON "$WORK/canon" https://canon.example
start_server SITE "$WORK/site" https://site.example
site="http://127.0.0.1:$SITE_PORT"
canon="http://127.0.0.1:$CANON_PORT"
canon_requests() {
  if [ -f "$CANON_LOG" ]; then grep -c '"path": "/news/' "$CANON_LOG" || true; else echo 0; fi
}

story() {  # story FILE AMP_ATTRIBUTE HEAD TEXT
  cat >"$1" <<HTML
<html $2><head><title>The harbour wall is repaired</title><meta property="og:type" content="article">$3</head>
<body><article><h1>The harbour wall is repaired</h1>
<p>$4 The council met on Tuesday to discuss the harbour, and agreed, after a long debate, to repair the wall.</p>
<p>$4 Engineers said the work would take most of the winter and close the quay to visitors until spring.</p>
</article></body></html>
HTML
}
story "$WORK/site/news/harbour-wall/amp/index.html" amp \
  "<link rel=\"canonical\" href=\"$canon/news/harbour-wall/\">" "AMP copy."
story "$WORK/canon/news/harbour-wall/index.html" "" "" "Canonical page."
cat >"$WORK/site/feed/index.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>$site/</link>
<item><title>The harbour wall is repaired</title><link>$site/news/harbour-wall/amp/</link><description>A teaser.</description></item>
</channel></rss>
XML

poll() {  # poll NAME SOURCE [FETCH LINE]
  cat >"$WORK/$1.toml" <<TOML
[daemon]
database = "$WORK/$1.db"
[fetch]
min_host_delay = "0s"
${3:-}
$2
TOML
  "$GAZETTE" --config "$WORK/$1.toml" poll >/dev/null 2>"$WORK/$1.err" || { cat "$WORK/$1.err"; fail "poll $1"; }
}
page_source="[[page]]
url = \"$site/news/harbour-wall/amp/\""
feed_source="[[feed]]
url = \"$site/feed/\"
fetch_full = true"

note "the canonical host is internal: not fetched, the canonical URL still recorded"
poll closed "$page_source"
expect_eq "stored under the canonical URL" "$canon/news/harbour-wall/" \
  "$(sql "$WORK/closed.db" 'select url from articles')"
expect_contains "the AMP page's text" "$(sql "$WORK/closed.db" 'select content_text from articles')" "AMP copy."
expect_eq "requests that reached the canonical origin" 0 "$(canon_requests)"
expect_contains "refusal logged" "$(cat "$WORK/closed.err")" "refused: 127.0.0.1 (loopback) for $canon/robots.txt"

note "allow_private: the canonical page is fetched and is the story"
poll open "$page_source" 'allow_private = ["127.0.0.1"]'
expect_eq "page source: stored under the canonical URL" "$canon/news/harbour-wall/" \
  "$(sql "$WORK/open.db" 'select url from articles')"
text=$(sql "$WORK/open.db" 'select content_text from articles')
expect_contains "page source: the canonical page's text" "$text" "Canonical page. The council met"
expect_eq "page source: not the AMP copy's" 0 "$(printf '%s' "$text" | grep -c 'AMP copy.' || true)"
expect_eq "requests that reached the canonical origin" 1 "$(canon_requests)"

poll followed "$feed_source" 'allow_private = ["127.0.0.1"]'
text=$(sql "$WORK/followed.db" "select content_text from articles where url = '$canon/news/harbour-wall/'")
expect_contains "followed link: the canonical page's text" "$text" "Canonical page. The council met"
# (The feed's teaser stays under its own link: the two origins differ by
# port here, so their URLs are two dedup keys. amp.site -> www.site fold into
# one key: feeds/url_normalize.h.)
expect_eq "followed link: one article under the canonical URL" 1 \
  "$(sql "$WORK/followed.db" "select count(*) from articles where url = '$canon/news/harbour-wall/'")"
echo PASS

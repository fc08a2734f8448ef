#!/usr/bin/env bash
# Issue 14: a followed article split over several pages (<link rel="next">)
# is joined into one story, up to [fetch] max_story_pages pages; a rel=next
# loop back to the first page ends it. The same for a [[page]] source that is
# itself such an article.
source "$(dirname "$0")/../support/lib.sh"

mkdir -p "$WORK/site/feed" "$WORK/site/news/long-story" "$WORK/site/news/long-story/2" \
  "$WORK/site/news/long-story/3"
page() {  # page PATH NEXT TEXT
  local next=""
  [ -n "$2" ] && next="<link rel=\"next\" href=\"$2\">"
  cat >"$WORK/site$1/index.html" <<HTML
<html><head><title>The long story of the harbour wall</title><meta property="og:type" content="article">$next</head>
<body><article><h1>The long story of the harbour wall</h1>
<p>$3 The council met on Tuesday to discuss the harbour, and agreed, after a long debate, to repair the wall.</p>
<p>$3 Engineers said the work would take most of the winter and close the quay to visitors until spring.</p>
</article></body></html>
HTML
}
page /news/long-story /news/long-story/2/ "First page."
page /news/long-story/2 /news/long-story/3/ "Second page."
page /news/long-story/3 /news/long-story/ "Third page."
start_server SITE "$WORK/site" https://harbour.example
base="http://127.0.0.1:$SITE_PORT"
cat >"$WORK/site/feed/index.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title><link>$base/</link>
<item><title>The long story of the harbour wall</title><link>$base/news/long-story/</link><description>A teaser.</description></item>
</channel></rss>
XML

poll() {  # poll DB MAX_STORY_PAGES [SOURCE]
  local source=${3:-"[[feed]]
url = \"$base/feed/\"
fetch_full = true"}
  cat >"$WORK/$1.toml" <<TOML
[daemon]
database = "$WORK/$1.db"
[fetch]
min_host_delay = "0s"
max_story_pages = $2
$source
TOML
  "$GAZETTE" --config "$WORK/$1.toml" poll >/dev/null 2>"$WORK/$1.err" || { cat "$WORK/$1.err"; fail "poll $1"; }
  sql "$WORK/$1.db" "select content_text from articles where url = '$base/news/long-story/'"
}

text=$(poll joined 5)
expect_contains "page 1" "$text" "First page. The council met"
expect_contains "page 2 joined" "$text" "Second page. Engineers said"
expect_contains "page 3 joined" "$text" "Third page. Engineers said"
expect_eq "the loop back to page 1 is not joined again" 2 "$(printf '%s' "$text" | grep -o 'First page.' | wc -l)"
expect_eq "one article" 1 "$(sql "$WORK/joined.db" 'select count(*) from articles')"

text=$(poll two 2)
expect_contains "max_story_pages = 2: page 2" "$text" "Second page."
expect_eq "max_story_pages = 2: no page 3" 0 "$(printf '%s' "$text" | grep -c 'Third page.' || true)"

text=$(poll single 1)
expect_eq "max_story_pages = 1: no joining" 0 "$(printf '%s' "$text" | grep -c 'Second page.' || true)"
# A [[page]] source whose page is the story's first page.
page_source="[[page]]
url = \"$base/news/long-story/\""
text=$(poll page 5 "$page_source")
expect_contains "page source: page 1" "$text" "First page. The council met"
expect_contains "page source: page 2 joined" "$text" "Second page. Engineers said"
expect_contains "page source: page 3 joined" "$text" "Third page. Engineers said"
expect_eq "page source: one article" 1 "$(sql "$WORK/page.db" 'select count(*) from articles')"
text=$(poll page-single 1 "$page_source")
expect_eq "page source, max_story_pages = 1: no joining" 0 "$(printf '%s' "$text" | grep -c 'Second page.' || true)"
echo PASS

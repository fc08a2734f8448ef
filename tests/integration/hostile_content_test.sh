#!/usr/bin/env bash
# Issue 10, items 4, 5 and 7 end to end, on local servers only: a page on
# one site cannot rewrite another site's article through its canonical URL
# or a feed; javascript:/file: URLs never reach URL columns nor `add`;
# control characters in titles never reach the database or the terminal.
# Site A is served as 127.0.0.1, site B as localhost: two sites.
source "$(dirname "$0")/../support/lib.sh"

mkdir -p "$WORK/a/feed" "$WORK/a/real/story" "$WORK/b/copied" "$WORK/b/aggregator" "$WORK/b/advertises"
long_text() {  # long_text WORD: eight paragraphs of prose
  local i
  for i in 1 2 3 4 5 6 7 8; do
    echo "<p>$1 paragraph $i: the council met on Tuesday and agreed, after a long debate, to repair the north pier before the storms.</p>"
  done
}

# A: a feed with one story, and a second item full of hostile URLs and
# terminal escapes.
esc=$'\e'
bel=$'\a'
cat >"$WORK/a/feed/index.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Site${esc}[5m A</title><id>urn:a</id>
<entry><id>urn:a:1</id><title>Harbour repairs agreed</title>
  <link rel="alternate" href="https://site-a.test/real/story"/>
  <summary>A's own teaser about the harbour.</summary>
  <updated>2025-11-01T10:00:00Z</updated></entry>
<entry><id>urn:a:2</id><title>Bad${esc}]0;owned${bel} title${esc}[2J</title>
  <link rel="alternate" type="text/html" href="javascript:alert(1)"/>
  <link rel="enclosure" type="image/png" href="file:///etc/passwd"/>
  <summary>Escapes &#27;[31m in the text.</summary>
  <updated>2025-11-01T11:00:00Z</updated></entry>
</feed>
XML
start_server A "$WORK/a" https://site-a.test
a="http://127.0.0.1:$A_PORT"
story="$a/real/story"

# B: an article page claiming A's story as its canonical URL (all three
# ways), with a longer text and og:image javascript:.
cat >"$WORK/b/copied/index.html" <<HTML
<html><head><title>Harbour repairs agreed - B</title>
<link rel="canonical" href="$story">
<meta property="og:url" content="$story">
<meta property="og:type" content="article">
<meta property="og:image" content="javascript:alert(2)">
<script type="application/ld+json">{"@type":"NewsArticle","url":"$story"}</script>
</head><body><article><h1>Harbour repairs agreed</h1>
$(long_text "B's rewritten")
</article></body></html>
HTML
# B: a feed linking to A's story with B's own long text (an aggregator).
cat >"$WORK/b/aggregator/index.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>B aggregator</title>
<item><title>B's headline for A's story</title><link>$story</link>
<description>$(long_text "B's aggregated" | sed 's/</\&lt;/g; s/>/\&gt;/g')</description></item>
</channel></rss>
XML
# B: a page advertising feeds gazette must not add.
cat >"$WORK/b/advertises/index.html" <<'HTML'
<html><head><title>Advertises</title>
<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
<link rel="alternate" type="application/atom+xml" href="javascript:alert(1)">
</head><body><p>Nothing here.</p></body></html>
HTML
start_server B "$WORK/b" https://site-b.test
b="http://localhost:$B_PORT"

db="$WORK/gazette.db"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$db"
[fetch]
min_host_delay = "0s"
max_follow = 0
[[feed]]
url = "$a/feed/"
[[page]]
url = "$b/copied/"
[[feed]]
url = "$b/aggregator/"
TOML
# A first (the order the issue saw), then everything.
"$GAZETTE" --config "$WORK/gazette.toml" poll --source "$a/feed/" >/dev/null 2>"$WORK/poll.err" ||
  { cat "$WORK/poll.err"; fail "poll A"; }
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" ||
  { cat "$WORK/poll.err"; fail "poll"; }

note "item 4: B's page and B's feed do not rewrite A's article"
expect_eq "A's story is one article" 1 "$(sql "$db" "select count(*) from articles where url = '$story'")"
expect_eq "A's text kept" "A's own teaser about the harbour." \
  "$(sql "$db" "select content_text from articles where url = '$story'")"
expect_eq "A's title kept" "Harbour repairs agreed" \
  "$(sql "$db" "select title from articles where url = '$story'")"
expect_eq "credited to A" "$a/feed/" "$(sql "$db" "select source_url from articles_v where url = '$story'")"
expect_eq "the aggregator's link is a sighting, the page is not" 2 \
  "$(sql "$db" "select seen_in from articles_v where url = '$story'")"
expect_eq "B's page is an article of its own, under its own URL" 1 \
  "$(sql "$db" "select count(*) from articles where url = '$b/copied/' and content_text like '%B''s rewritten%'")"
expect_eq "no B text anywhere in A's article" 0 \
  "$(sql "$db" "select count(*) from articles where url = '$story' and (content_text like '%B''s%' or title like '%B''s%')")"

note "item 4, the other order: B's aggregator first, then A takes its story back"
cat >"$WORK/b-first.toml" <<TOML
[daemon]
database = "$WORK/b-first.db"
[fetch]
min_host_delay = "0s"
max_follow = 0
[[feed]]
url = "$a/feed/"
[[feed]]
url = "$b/aggregator/"
TOML
"$GAZETTE" --config "$WORK/b-first.toml" poll --source "$b/aggregator/" >/dev/null 2>&1 || fail "poll B first"
expect_eq "B's text while only B has shown it" "B's headline for A's story" \
  "$(sql "$WORK/b-first.db" "select title from articles where url = '$story'")"
"$GAZETTE" --config "$WORK/b-first.toml" poll >/dev/null 2>&1 || fail "poll both"
"$GAZETTE" --config "$WORK/b-first.toml" poll >/dev/null 2>&1 || fail "poll both again"
expect_eq "A's title replaces B's" "Harbour repairs agreed" \
  "$(sql "$WORK/b-first.db" "select title from articles where url = '$story'")"
expect_eq "A's text replaces B's" "A's own teaser about the harbour." \
  "$(sql "$WORK/b-first.db" "select content_text from articles where url = '$story'")"

note "item 5: only absolute http(s) URLs in URL columns"
expect_eq "no javascript:/file:/data: URL stored" 0 \
  "$(sql "$db" "select count(*) from articles where (url != '' and url not like 'http://%' and url not like 'https://%') or (image_url != '' and image_url not like 'http://%' and image_url not like 'https://%')")"
expect_eq "the hostile item is stored without a link" 1 \
  "$(sql "$db" "select count(*) from articles where title like 'Bad%' and url = '' and image_url = ''")"
"$GAZETTE" --config "$WORK/gazette.toml" add "$b/advertises/" >"$WORK/add.out" 2>"$WORK/add.err" ||
  { cat "$WORK/add.err"; fail "add"; }
expect_contains "a page whose feeds are not http(s) is added as a page" "$(cat "$WORK/add.out")" \
  "added page $b/advertises/"
expect_eq "no file: or javascript: source" 0 \
  "$(sql "$db" "select count(*) from sources where url not like 'http%' or fetch_url not like 'http%'")"

note "item 7: no control characters stored or printed"
expect_eq "stored title without controls" "Bad]0;owned title[2J" \
  "$(sql "$db" "select title from articles where title like 'Bad%'")"
expect_eq "no C0 control in any text column" 0 "$(sql "$db" "select count(*) from articles where
  title glob '*['||char(1)||'-'||char(31)||']*' or author glob '*['||char(1)||'-'||char(31)||']*' or
  content_text glob '*['||char(1)||'-'||char(8)||char(11)||'-'||char(31)||']*'")"
expect_eq "stored feed title without controls" "Site[5m A" \
  "$(sql "$db" "select feed_title from sources where url = '$a/feed/'")"
# A title written raw into the database by another client is still escaped.
sql "$db" "update articles set title = 'Raw'||char(27)||'[2J'||char(7)||' title' where title like 'Bad%'"
"$GAZETTE" --config "$WORK/gazette.toml" search raw >"$WORK/search.out" 2>&1 || fail "search"
expect_contains "search escapes the title" "$(cat "$WORK/search.out")" 'Raw\x1B[2J\x07 title'
sql "$db" "update sources set title = 'Src'||char(27)||']0;x'||char(7), last_error = 'err'||char(27)||'[1m' where url = '$a/feed/'"
"$GAZETTE" --config "$WORK/gazette.toml" sources >"$WORK/sources.out" 2>&1 || fail "sources"
"$GAZETTE" --config "$WORK/gazette.toml" extract "$b/copied/" >"$WORK/extract.out" 2>&1 || fail "extract"
for out in search sources extract add poll; do
  if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$WORK/$out.out"; then
    fail "$out printed a control character: $(od -c "$WORK/$out.out" | head)"
  fi
done
expect_contains "sources shows the escaped title" "$(cat "$WORK/sources.out")" 'Src\x1B]0;x\x07'
echo "ok"

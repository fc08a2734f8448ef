#!/usr/bin/env bash
# Issue 3's acceptance on the newsline fixture: the feed, the home page and
# one article page, polled twice, leave exactly the six stories of
# expected.json, clean; then the home page alone, with headlines followed.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/newsline_site.sh"

start_newsline_site
kim="$base$NEWSLINE_ARTICLE_PATH"

check_articles() {  # check_articles DB
  sqlite3 -json "$1" 'select url, title, author, published, content_text from articles' >"$WORK/rows.json"
  python3 "$TESTS_DIR/support/check_newsline_expected.py" "$NEWSLINE/expected.json" \
    "$WORK/rows.json" "$base" || fail "$1's articles"
}

note "feed + home page + article page, polled twice"
write_newsline_config "$WORK/three.toml" "$WORK/three.db"
"$GAZETTE" --config "$WORK/three.toml" poll >/dev/null 2>"$WORK/p1.err" || { cat "$WORK/p1.err"; fail "first poll"; }
check_articles "$WORK/three.db"
"$GAZETTE" --config "$WORK/three.toml" poll >/dev/null 2>"$WORK/p2.err" || { cat "$WORK/p2.err"; fail "second poll"; }
check_articles "$WORK/three.db"
expect_eq "second poll adds nothing" 0 "$(sql "$WORK/three.db" "select sum(items_new) from fetches where id > (select count(*) from sources)")"
blocks=$(sql "$WORK/three.db" "select distinct x.block from sightings x join sources s on s.id = x.source_id where s.url = '$kim' order by 1")
expect_contains "sightings on the article page" "$blocks" "Hot this week"
expect_contains "sightings on the article page" "$blocks" "Topics"
expect_eq "the article page saw its own story" 1 \
  "$(sql "$WORK/three.db" "select count(*) from sightings x join sources s on s.id = x.source_id join articles a on a.id = x.article_id where s.url = '$kim' and a.url = '$kim' and x.block = ''")"

note "home page only: articles found by following headlines"
cat >"$WORK/home.toml" <<TOML
[daemon]
database = "$WORK/home.db"
[fetch]
min_host_delay = "50ms"
[[page]]
url = "$base/"
TOML
"$GAZETTE" --config "$WORK/home.toml" poll >/dev/null 2>"$WORK/h1.err" || { cat "$WORK/h1.err"; fail "home poll"; }
check_articles "$WORK/home.db"
"$GAZETTE" --config "$WORK/home.toml" poll >/dev/null 2>"$WORK/h2.err" || { cat "$WORK/h2.err"; fail "home poll 2"; }
check_articles "$WORK/home.db"
requests=$(grep -c '"path": "/2025/' "$SITE_LOG" || true)
echo "article page requests in all: $requests"
echo "PASS"

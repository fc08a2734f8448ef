#!/usr/bin/env bash
# A page source on the project's own demo site (a theme unlike newsline's):
# headlines found on the home page, followed to their article pages, stored
# once each; `add` discovers the feed a page advertises; robots.txt honoured.
source "$(dirname "$0")/../support/lib.sh"

# The demo site plus a robots.txt that forbids one article.
cp -r "$TESTS_DIR/fixtures/demo-site" "$WORK/site"
printf 'User-agent: *\nDisallow: /news/lighthouse-museum-wins-heritage-award/\n' >"$WORK/site/robots.txt"
start_server SITE "$WORK/site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"

cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
[fetch]
min_host_delay = "200ms"
[[page]]
url = "$base/"
TOML
db="$WORK/gazette.db"
start=$(date +%s%N)
"$GAZETTE" --config "$WORK/gazette.toml" poll >/dev/null 2>"$WORK/poll.err" || { cat "$WORK/poll.err"; fail "poll"; }
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "articles from the home page" 5 "$(sql "$db" 'select count(*) from articles')"
expect_eq "followed articles have full text" 4 "$(sql "$db" "select count(*) from articles where content_text like '%.%.%'")"
expect_eq "author from the article page" "Mara Lind" \
  "$(sql "$db" "select author from articles where url = '$base/news/ferry-timetable-changes-for-winter/'")"
expect_eq "robots.txt-disallowed article was not fetched" 0 \
  "$(grep -c '"path": "/news/lighthouse-museum-wins-heritage-award/"' "$SITE_LOG" || true)"
expect_eq "robots.txt fetched once" 1 "$(grep -c '"path": "/robots.txt"' "$SITE_LOG")"
expect_eq "block recorded" "Latest" "$(sql "$db" "select distinct block from sightings where block not in ('', '(followed)')")"
# 4 article pages after the home page, 200 ms apart at least.
[ "$elapsed_ms" -ge 800 ] || fail "requests to one host were not spaced (${elapsed_ms} ms)"
for path in $(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    print(json.loads(l)["path"])' "$SITE_LOG" | sort | uniq -d); do
  fail "$path fetched twice in one pass"
done

note "second poll: nothing new, nothing followed again"
before=$(wc -l <"$SITE_LOG")
"$GAZETTE" --config "$WORK/gazette.toml" poll >/dev/null 2>&1 || fail "second poll"
expect_eq "articles after second poll" 5 "$(sql "$db" 'select count(*) from articles')"
after_paths=$(tail -n +"$((before + 1))" "$SITE_LOG" | grep -c '"path": "/news/' || true)
expect_eq "article pages fetched again" 0 "$after_paths"

note "a teaser feed with fetch_full: items completed from their article pages"
mkdir -p "$WORK/site/teasers"
python3 - "$WORK/site/feed/index.xml" "$WORK/site/teasers/index.xml" <<'PY'
import re, sys
feed = open(sys.argv[1]).read()
# Keep each item's one-line description, drop the full content.
open(sys.argv[2], "w").write(re.sub(r"<content:encoded>.*?</content:encoded>", "", feed, flags=re.S))
PY
cat >"$WORK/teasers.toml" <<TOML
[daemon]
database = "$WORK/teasers.db"
[fetch]
min_host_delay = "0s"
[[feed]]
url = "$base/teasers/"
fetch_full = true
TOML
"$GAZETTE" --config "$WORK/teasers.toml" poll >/dev/null 2>"$WORK/teasers.err" || { cat "$WORK/teasers.err"; fail "teaser poll"; }
expect_eq "teaser items" 5 "$(sql "$WORK/teasers.db" 'select count(*) from articles')"
expect_contains "body completed from the article page" \
  "$(sql "$WORK/teasers.db" "select content_text from articles where url = '$base/news/fishermen-report-record-herring-catch/'")" \
  "Marine biologists cautioned that one good day says little about the health of the stock."
echo "<!-- changed -->" >>"$WORK/site/teasers/index.xml"  # a new ETag: a full re-parse
"$GAZETTE" --config "$WORK/teasers.toml" poll >/dev/null 2>&1 || fail "second teaser poll"
expect_contains "the teaser does not replace the full body on the next poll" \
  "$(sql "$WORK/teasers.db" "select content_text from articles where url = '$base/news/fishermen-report-record-herring-catch/'")" \
  "Marine biologists cautioned"
expect_eq "nothing counted as updated" 0 "$(sql "$WORK/teasers.db" 'select sum(items_updated) from fetches')"
expect_eq "robots.txt still honoured for followed links" 0 \
  "$(tail -n 20 "$SITE_LOG" | grep -c '"path": "/news/lighthouse-museum-wins-heritage-award/"' || true)"

note "add: a page that advertises a feed adds the feed"
out=$("$GAZETTE" --db "$WORK/add.db" add "$base/")
expect_contains "add says what it found" "$out" "advertises the feed $base/feed/"
expect_eq "feed added" "feed $base/feed/" "$(sql "$WORK/add.db" 'select kind, url from sources' | tr '|' ' ')"
out=$("$GAZETTE" --db "$WORK/add.db" add --page "$base/")
expect_eq "page added with --page" "page" "$(sql "$WORK/add.db" "select kind from sources where url = '$base/'")"

note "extract on a page that is not an article lists its headlines"
out=$("$GAZETTE" extract "$base/")
expect_contains "headlines listed" "$out" "Ferry Timetable Changes for Winter"
expect_contains "not an article" "$out" "not an article page"
echo PASS

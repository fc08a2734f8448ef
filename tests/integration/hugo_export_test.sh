#!/usr/bin/env bash
# `gazette export --format hugo` of the demo site builds with the real Hugo:
# every title listed once, a second export writes nothing; an edited article
# is rewritten, a deleted one removed, files the export does not own kept.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/hugo_site.sh"

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
"$GAZETTE" --db "$db" add "$base/feed/" --tag demo >/dev/null
"$GAZETTE" --db "$db" add "$base/atom/" >/dev/null
"$GAZETTE" --db "$db" -q poll >/dev/null || fail "poll failed"
expect_eq "articles" 5 "$(sql "$db" 'select count(*) from articles')"

build_and_check_hugo_site "$db"
content="$WORK/site/content/news"

note "an edit and a deletion with the sqlite3 CLI"
printf -- '---\ntitle: News\n---\n' >"$content/_index.md"
sql "$db" "update articles set title = 'Ferry Timetable Changes for Winter (corrected)' where url like '%ferry%'"
sql "$db" "delete from articles where url like '%library%'"
out=$("$GAZETTE" --db "$db" export --format hugo --out "$content")
expect_eq "third export" "written 1, unchanged 3, removed 2" "$out"
[ -f "$content/_index.md" ] || fail "a file the export does not own was removed"
ls "$content" | grep -q '^ferry-timetable-changes-for-winter-corrected-[0-9a-f]\{6\}\.md$' \
  || fail "no file for the corrected title: $(ls "$content")"
expect_eq "markdown files" 5 "$(find "$content" -name '*.md' | wc -l)"

note "same database, same bytes"
"$GAZETTE" --db "$db" export --format hugo --out "$WORK/again" >/dev/null
diff -r -x _index.md "$content" "$WORK/again" || fail "two exports of one database differ"
echo "PASS"

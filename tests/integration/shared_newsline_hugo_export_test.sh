#!/usr/bin/env bash
# The newsline fixture's feed, polled and exported to the test Hugo site:
# every title listed once, a second export writes nothing.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/hugo_site.sh"
source "$TESTS_DIR/support/newsline_site.sh"

start_newsline_server NEWS
db="$WORK/gazette.db"
"$GAZETTE" --db "$db" add "http://127.0.0.1:$NEWS_PORT/feed/" --tag newsline >/dev/null
"$GAZETTE" --db "$db" -q poll >/dev/null || fail "poll failed"
expect_eq "articles" 6 "$(sql "$db" 'select count(*) from articles')"
build_and_check_hugo_site "$db"
echo "PASS"

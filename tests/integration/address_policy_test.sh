#!/usr/bin/env bash
# Internal addresses (issue 10 item 3) and the URL checks of item 9, on
# loopback only: every server here is fixture_server.py on 127.0.0.1, and
# "internal" means another origin on 127.0.0.1 (another port), which is
# loopback and not a configured source's origin. The address checks for
# private and link-local networks are unit tests (tests/http), never packets.
source "$(dirname "$0")/../support/lib.sh"

# OTHER: the demo site, an origin no source is on. SRC: the demo site whose
# home page links its headlines and advertises its feed on OTHER.
start_server OTHER "$TESTS_DIR/fixtures/demo-site" https://herald.example
other="http://127.0.0.1:$OTHER_PORT"
cp -r "$TESTS_DIR/fixtures/demo-site" "$WORK/src"
sed -i "s|https://herald.example|$other|g" "$WORK/src/index.html"
start_server SRC "$WORK/src" https://herald.example
src="http://127.0.0.1:$SRC_PORT"
other_requests() { [ -f "$OTHER_LOG" ] && wc -l <"$OTHER_LOG" || echo 0; }

write_config() {  # write_config FILE DB [fetch lines...]
  local file=$1 db=$2
  shift 2
  {
    printf '[daemon]\ndatabase = "%s"\n[fetch]\nmin_host_delay = "0s"\n' "$db"
    local line
    for line in "$@"; do printf '%s\n' "$line"; done
    cat <<TOML
[[feed]]
url = "$src/_fault/redirect-loopback/$OTHER_PORT/feed/"
[[feed]]
url = "$src/_fault/redirect-temporary/feed/"
[[page]]
url = "$src/"
TOML
  } >"$file"
}

note "redirect to another loopback origin: refused, and the fetches row says so"
write_config "$WORK/closed.toml" "$WORK/closed.db"
db="$WORK/closed.db"
status=0
"$GAZETTE" --config "$WORK/closed.toml" poll >/dev/null 2>"$WORK/closed.err" || status=$?
expect_eq "poll exit status (one source failed)" 1 "$status"
refusal="refused: 127.0.0.1 (loopback) for $other/feed/ reached by redirect from $src/_fault/redirect-loopback/$OTHER_PORT/feed/"
expect_eq "fetches row of the redirected feed" "$refusal" \
  "$(sql "$db" "select f.error from fetches f join sources s on s.id = f.source_id where s.url like '%redirect-loopback%'")"
expect_eq "source's last error" "$refusal" \
  "$(sql "$db" "select last_error from sources where url like '%redirect-loopback%'")"
expect_contains "refusal logged" "$(cat "$WORK/closed.err")" "$refusal"
expect_eq "same-origin redirect still works" "" \
  "$(sql "$db" "select last_error from sources where url like '%redirect-temporary%'")"
[ "$(sql "$db" "select count(*) from articles a join sources s on s.id = a.source_id where s.url like '%redirect-temporary%'")" -gt 0 ] ||
  fail "no articles from the same-origin redirect"

note "headlines linking to another loopback origin: listed, not followed"
expect_eq "page source ok" "" "$(sql "$db" "select last_error from sources where url = '$src/'")"
expect_eq "headlines stored" 5 \
  "$(sql "$db" "select count(*) from articles where url like '$other/news/%'")"
expect_eq "requests that reached the other origin" 0 "$(other_requests)"
expect_contains "not-followed logged" "$(cat "$WORK/closed.err")" \
  "refused: 127.0.0.1 (loopback) for $other/robots.txt"

note "fetch_full: teasers linking to another loopback origin are not followed"
mkdir -p "$WORK/src/teasers"
python3 - "$TESTS_DIR/fixtures/demo-site/feed/index.xml" "$WORK/src/teasers/index.xml" "$other" <<'PY'
import re, sys
feed = open(sys.argv[1]).read()
feed = re.sub(r"<content:encoded>.*?</content:encoded>", "", feed, flags=re.S)
open(sys.argv[2], "w").write(feed.replace("https://herald.example", sys.argv[3]))
PY
printf '[daemon]\ndatabase = "%s"\n[fetch]\nmin_host_delay = "0s"\n[[feed]]\nurl = "%s"\nfetch_full = true\n' \
  "$WORK/teasers.db" "$src/teasers/" >"$WORK/teasers.toml"
"$GAZETTE" --config "$WORK/teasers.toml" poll >/dev/null 2>"$WORK/teasers.err" || { cat "$WORK/teasers.err"; fail "teaser poll"; }
expect_eq "teasers stored" 5 "$(sql "$WORK/teasers.db" "select count(*) from articles where url like '$other/news/%'")"
expect_eq "requests that reached the other origin" 0 "$(other_requests)"

note "gazette add: an advertised feed on another loopback origin is skipped"
out=$("$GAZETTE" --config "$WORK/closed.toml" add "$src/" 2>&1) || fail "add: $out"
expect_contains "add says why" "$out" \
  "skipped an advertised feed: refused: 127.0.0.1 (loopback) for $other/feed/"
expect_contains "added as a page" "$out" "no usable feed advertised: added as a page"
expect_eq "requests that reached the other origin" 0 "$(other_requests)"

note "[fetch] allow_private lets all of it through"
write_config "$WORK/open.toml" "$WORK/open.db" 'allow_private = ["127.0.0.0/8"]'
"$GAZETTE" --config "$WORK/open.toml" check-config >/dev/null || fail "check-config of allow_private"
"$GAZETTE" --config "$WORK/open.toml" poll >/dev/null 2>"$WORK/open.err" || { cat "$WORK/open.err"; fail "poll with allow_private"; }
expect_eq "no source failed" 0 "$(sql "$WORK/open.db" "select count(*) from sources where last_error != ''")"
grep -q '"path": "/feed/"' "$OTHER_LOG" || fail "the redirect did not reach the other origin"
grep -q '"path": "/news/' "$OTHER_LOG" || fail "no headline followed to the other origin"
out=$("$GAZETTE" --config "$WORK/open.toml" add "$src/" 2>&1) || fail "add: $out"
expect_contains "advertised feed added" "$out" "advertises the feed $other/feed/"

note "URL checks: ports, credentials, scheme case, one source per URL"
status=0
out=$("$GAZETTE" --db "$WORK/add.db" add "http://127.0.0.1:99999/feed/" 2>&1) || status=$?
[ "$status" -ne 0 ] || fail "port 99999 accepted"
expect_contains "port error" "$out" "has port 99999, out of range (1-65535)"
status=0
out=$("$GAZETTE" --db "$WORK/add.db" add "http://reader:hunter2@127.0.0.1:$SRC_PORT/feed/" 2>&1) || status=$?
[ "$status" -ne 0 ] || fail "credentials accepted"
expect_contains "credentials error" "$out" "contains credentials (user:password@)"
grep -q hunter2 <<<"$out" && fail "the password was printed: $out"
printf '[daemon]\ndatabase = "%s"\n[[feed]]\nurl = "https://reader:hunter2@127.0.0.1:1/"\n' \
  "$WORK/creds.db" >"$WORK/creds.toml"
status=0
out=$("$GAZETTE" --config "$WORK/creds.toml" check-config 2>&1) || status=$?
[ "$status" -ne 0 ] || fail "credentials accepted in the config"
grep -q hunter2 <<<"$out" && fail "the password was printed: $out"
expect_contains "config credentials error" "$out" '"https://***@127.0.0.1:1/" contains credentials'

out=$("$GAZETTE" --db "$WORK/add.db" add --no-fetch "HTTP://127.0.0.1:80/Feed/" 2>&1) || fail "add HTTP://: $out"
out=$("$GAZETTE" --db "$WORK/add.db" add --no-fetch "http://127.0.0.1/Feed/" 2>&1) || fail "add: $out"
expect_contains "second spelling updates" "$out" "updated feed http://127.0.0.1/Feed/"
expect_eq "one canonical row" "http://127.0.0.1/Feed/" "$(sql "$WORK/add.db" 'select url from sources')"
# The scheme in any case, on the command line as in the config (issue 12).
out=$("$GAZETTE" --db "$WORK/add.db" add --no-fetch "HTTPS://127.0.0.1:443/Feed/" 2>&1) || fail "add HTTPS://: $out"
expect_contains "HTTPS:// accepted and stored canonical" "$out" "added feed https://127.0.0.1/Feed/"

# A database from before canonical URLs: its row is renamed, not doubled.
write_config "$WORK/legacy.toml" "$WORK/legacy.db"
"$GAZETTE" --config "$WORK/legacy.toml" sources >/dev/null 2>&1 || true  # creates the database
"$GAZETTE" --db "$WORK/legacy.db" add --no-fetch "$src/" >/dev/null
sql "$WORK/legacy.db" "update sources set url = 'HTTP://127.0.0.1:$SRC_PORT/', fetch_url = 'HTTP://127.0.0.1:$SRC_PORT/'"
id=$(sql "$WORK/legacy.db" "select id from sources")
"$GAZETTE" --config "$WORK/legacy.toml" poll >/dev/null 2>&1 || true
expect_eq "the old row kept its id under the canonical URL" "$id" \
  "$(sql "$WORK/legacy.db" "select id from sources where url = '$src/' and fetch_url = '$src/'")"
expect_eq "three sources, not four" 3 "$(sql "$WORK/legacy.db" 'select count(*) from sources')"
# A database row from before credentials were refused: never printed.
sql "$WORK/legacy.db" "insert into sources (kind, url, fetch_url, interval_seconds, created) values ('feed', 'http://reader:hunter2@127.0.0.1:$SRC_PORT/feed/', 'http://reader:hunter2@127.0.0.1:$SRC_PORT/feed/', 60, '2026-01-01T00:00:00Z')"
status=0
"$GAZETTE" --config "$WORK/legacy.toml" poll >"$WORK/creds.out" 2>&1 || status=$?
expect_eq "poll exit status (the row with credentials fails)" 1 "$status"
grep -q hunter2 "$WORK/creds.out" && fail "the password was printed: $(grep hunter2 "$WORK/creds.out")"
expect_contains "its error" "$(sql "$WORK/legacy.db" "select last_error from sources where url like '%reader%'")" \
  "bad_url: http://***@127.0.0.1:$SRC_PORT/feed/ contains credentials"
grep -q "hunter2" <<<"$(sql "$WORK/legacy.db" "select error from fetches")" && fail "password in a fetches row"
grep -q 'Authorization' "$SRC_LOG" && fail "credentials sent"
"$GAZETTE" --config "$WORK/legacy.toml" sources >"$WORK/sources.out" 2>&1 || true
grep -q "reader:hunter2" "$WORK/sources.out" && fail "sources printed the password: $(grep hunter2 "$WORK/sources.out")"
expect_contains "sources shows the row without its credentials" "$(cat "$WORK/sources.out")" \
  "http://***@127.0.0.1:$SRC_PORT/feed/"
echo PASS

#!/usr/bin/env bash
# The newsline fixture's feed, over HTTP and over HTTPS with a test CA: six
# articles as in expected.json; a second poll is a 304 and adds nothing.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/newsline_site.sh"

bash "$TESTS_DIR/support/make_test_ca.sh" "$WORK/pki" >/dev/null

check_db() {  # check_db DB ORIGIN
  sqlite3 -json "$1" 'select a.guid, a.url, a.title, a.author, a.published from articles a' \
    >"$WORK/rows.json"
  python3 - "$NEWSLINE/expected.json" "$WORK/rows.json" "$2" <<'PY'
import datetime, json, sys
expected = json.load(open(sys.argv[1]))
rows = json.load(open(sys.argv[2]))
origin = sys.argv[3]
def local(u): return u.replace("https://newsline.example", origin)
def instant(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
assert len(rows) == len(expected["articles"]) == 6, f"{len(rows)} rows"
by_url = {r["url"]: r for r in rows}
for a in expected["articles"]:
    r = by_url.get(local(a["url"]))
    assert r, f"missing {a['url']}"
    assert r["title"] == a["title"], (r["title"], a["title"])
    assert r["author"] == a["author"], (r["author"], a["author"])
    assert r["guid"] == local(a["guid"]), (r["guid"], a["guid"])
    assert instant(r["published"]) == instant(a["published"]), (r["published"], a["published"])
print("6 articles match expected.json")
PY
}

poll_twice() {  # poll_twice SCHEME PORT LOG [extra config lines]
  local scheme=$1 port=$2 log=$3 extra=${4:-}
  local db="$WORK/$scheme.db"
  cat >"$WORK/$scheme.toml" <<TOML
[daemon]
database = "$db"
$extra
[[feed]]
url = "$scheme://127.0.0.1:$port/feed/"
TOML
  "$GAZETTE" --config "$WORK/$scheme.toml" poll 2>"$WORK/$scheme.err" >/dev/null \
    || { cat "$WORK/$scheme.err"; fail "$scheme: first poll failed"; }
  check_db "$db" "$scheme://127.0.0.1:$port"
  "$GAZETTE" --config "$WORK/$scheme.toml" poll 2>"$WORK/$scheme.err" >/dev/null \
    || { cat "$WORK/$scheme.err"; fail "$scheme: second poll failed"; }
  expect_eq "$scheme: rows after second poll" 6 "$(sql "$db" 'select count(*) from articles')"
  expect_eq "$scheme: second fetch was a 304" 304 \
    "$(sql "$db" 'select http_status from fetches order by id desc limit 1')"
  grep '"/feed/"' "$log" | tail -1 | grep -qi 'if-none-match' \
    || fail "$scheme: second request carried no If-None-Match"
}

start_newsline_server PLAIN
poll_twice http "$PLAIN_PORT" "$PLAIN_LOG"

start_newsline_server TLS --tls "$WORK/pki/server.crt" "$WORK/pki/server.key"
poll_twice https "$TLS_PORT" "$TLS_LOG" "ca_file = \"$WORK/pki/ca.crt\""
echo "PASS"

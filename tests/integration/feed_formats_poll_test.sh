#!/usr/bin/env bash
# Feed formats and fallbacks end to end, over HTTP on 127.0.0.1 and read back
# with Python's sqlite3 module: a JSON Feed 1.1 found by `gazette add` from the
# page that advertises it, RSS 2.0 in UserLand's default namespace (with a
# percent-encoded link and a "Tue, Nov 24 2026 02:15 PM EST" date), and Atom
# entries whose only URL is their http id.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/formats-site" https://formats.example
base="http://127.0.0.1:$SITE_PORT"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
[[feed]]
url = "$base/blog/userland.xml"
[[feed]]
url = "$base/blog/atom-ids.xml"
TOML

note "add the page: its JSON Feed is discovered and added"
out=$("$GAZETTE" --config "$WORK/gazette.toml" add "$base/" 2>&1) || fail "add exited $?: $out"
expect_contains "add" "$out" "added feed $base/feed.json"

note "poll"
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" \
  || { cat "$WORK/poll.err"; fail "poll exited $?"; }

python3 - "$WORK/gazette.db" "$base" <<'PY' || fail "stored articles"
import sqlite3, sys
db, base = sys.argv[1], sys.argv[2]
rows = {r[0]: r for r in sqlite3.connect(db).execute(
    "select url, title, author, published, content_text from articles")}
def row(url):
    assert url in rows, f"no article {url}; have {sorted(rows)}"
    return rows[url]
# JSON Feed 1.1
r = row(f"{base}/blog/json-1")
assert r[1] == "Harbour wall repaired" and r[2] == "Desk Editor", r
assert r[3] == "2026-11-24T08:00:00Z" and r[4] == "The north wall is whole again.", r
r = row(f"{base}/blog/json-2")
assert r[2] == "Tide Office" and r[3] == "2026-11-25T08:30:00Z", r
assert r[4] == "High water at 06:12 & 18:40.", r
# RSS in a default namespace: title and link found, link as published
r = row(f"{base}/blog/rock%26roll%21-ferry")
assert r[1] == "Ferry back in service" and r[3] == "2026-11-24T19:15:00Z", r
# Atom: the http id is the link
r = row(f"{base}/blog/lighthouse")
assert r[1] == "Lighthouse open day", r
assert len(rows) == 4, sorted(rows)
print("4 articles as published")
PY
expect_eq "fetches without error" 3 "$(sql "$WORK/gazette.db" "select count(*) from fetches where error=''")"
echo "PASS"

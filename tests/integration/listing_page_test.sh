#!/usr/bin/env bash
# Issue 14: a newspaper home page with many headline lists (a [[page]]
# source) is a listing, not an article: it is not stored, its headlines are
# followed; `gazette extract` says why, `--json` gives the signals.
source "$(dirname "$0")/../support/lib.sh"

mkdir -p "$WORK/site"
cp "$TESTS_DIR/fixtures/pages/newspaper-home.html" "$WORK/site/index.html"
start_server SITE "$WORK/site" https://valley-herald.example
base="http://127.0.0.1:$SITE_PORT"

cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
[fetch]
min_host_delay = "10ms"
max_follow = 5
[[page]]
url = "$base/"
TOML
db="$WORK/gazette.db"
"$GAZETTE" --config "$WORK/gazette.toml" poll >/dev/null 2>"$WORK/poll.err" || { cat "$WORK/poll.err"; fail "poll"; }
expect_eq "the home page is not stored as an article" 0 \
  "$(sql "$db" "select count(*) from articles where url = '$base/' or content_text like '%Thousands lined the tracks%Politics%'")"
expect_eq "its headlines are stored as headlines" 1 \
  "$(sql "$db" "select count(*) from articles where title = 'Valley celebrates new railway line opening'")"
expect_eq "its headlines are followed (max_follow = 5)" 5 \
  "$(grep -c '"path": "/2025/06/' "$SITE_LOG" || true)"

note "extract says why the page is not an article"
out=$("$GAZETTE" extract "$base/")
expect_contains "a listing" "$out" "not an article page: a listing ("
expect_contains "the signals that decided" "$out" "headlines with teasers"
json=$("$GAZETTE" extract --json "$base/")
expect_eq "is_article" "false" "$(printf '%s' "$json" | python3 -c 'import json,sys; print(str(json.load(sys.stdin)["is_article"]).lower())')"
expect_eq "page_signals" "43 CollectionPage" \
  "$(printf '%s' "$json" | python3 -c 'import json,sys; s=json.load(sys.stdin)["page_signals"]; print(s["headline_links"], s["json_ld_types"][1])')"
echo PASS

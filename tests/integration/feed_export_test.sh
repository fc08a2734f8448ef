#!/usr/bin/env bash
# Atom and RSS exports of the demo site parse with Debian's python3-feedparser
# without bozo, with every entry attributed to its source; the JSON Feed
# export follows the JSON Feed 1.1 rules; json is one record per line;
# filters select what they say; the same database gives the same bytes.
source "$(dirname "$0")/../support/lib.sh"

# feedparser comes from Debian's python3-feedparser (make deps).
PY=$(python_with feedparser)

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
"$GAZETTE" --db "$db" add "$base/feed/" --tag demo --title 'Herald "RSS" & more' >/dev/null
"$GAZETTE" --db "$db" add "$base/atom/" --tag top >/dev/null
"$GAZETTE" --db "$db" -q poll >/dev/null || fail "poll failed"
sqlite3 -json "$db" 'select title, url, source_url from articles_v order by published desc, id desc' \
  >"$WORK/articles.json"

for format in atom rss jsonfeed json; do
  "$GAZETTE" --db "$db" export --format "$format" --out "$WORK/out.$format" >/dev/null \
    || fail "export --format $format failed"
done

note "atom and rss with feedparser"
"$PY" - "$WORK/out.atom" "$WORK/out.rss" "$WORK/articles.json" <<'PY' || fail "feedparser check"
import json, sys, feedparser
articles = json.load(open(sys.argv[3]))
for path in sys.argv[1:3]:
    d = feedparser.parse(path)
    assert not d.bozo, f"{path}: bozo: {d.get('bozo_exception')}"
    expected_version = "atom10" if path.endswith(".atom") else "rss20"
    assert d.version == expected_version, (path, d.version)
    assert [e.title for e in d.entries] == [a["title"] for a in articles], (path, [e.title for e in d.entries])
    for e, a in zip(d.entries, articles):
        assert e.link == a["url"], (path, e.link, a["url"])
        source = e.get("source", {})
        got = source.get("href") or source.get("id")
        assert got == a["source_url"], (path, source, a["source_url"])
        assert e.get("published_parsed"), (path, "no date", e.title)
    print(f"{path}: {len(d.entries)} entries, {d.version}, no bozo")
PY

note "JSON Feed 1.1"
python3 - "$WORK/out.jsonfeed" "$WORK/articles.json" <<'PY' || fail "JSON Feed check"
import datetime, json, sys
feed = json.load(open(sys.argv[1]))
articles = json.load(open(sys.argv[2]))
assert feed["version"] == "https://jsonfeed.org/version/1.1", feed["version"]
assert isinstance(feed["title"], str) and feed["title"]
assert isinstance(feed["items"], list)
ids = set()
for item in feed["items"]:
    assert isinstance(item.get("id"), str) and item["id"], item
    assert item["id"] not in ids, f"duplicate id {item['id']}"
    ids.add(item["id"])
    assert "content_html" in item or "content_text" in item, f"{item['id']}: no content"
    for key in ("date_published", "date_modified"):
        if key in item:
            datetime.datetime.fromisoformat(item[key].replace("Z", "+00:00"))  # RFC 3339
    for author in item.get("authors", []):
        assert isinstance(author, dict) and any(k in author for k in ("name", "url", "avatar")), author
    assert "author" not in item, "1.1 uses authors"
    for key in item:
        assert key in {"id", "url", "external_url", "title", "content_html", "content_text",
                       "summary", "image", "banner_image", "date_published", "date_modified",
                       "authors", "tags", "language", "attachments"} or key.startswith("_"), key
assert [i["title"] for i in feed["items"]] == [a["title"] for a in articles]
print(f"{len(feed['items'])} items, valid JSON Feed 1.1")
PY

note "json: one record per line"
expect_eq "json lines" 5 "$(wc -l <"$WORK/out.json")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$WORK/out.json" \
  || fail "a json line does not parse"

note "filters"
"$GAZETTE" --db "$db" export --format json --out "$WORK/top.json" --tag top >/dev/null
expect_eq "--tag top (the Atom feed's articles)" 3 "$(wc -l <"$WORK/top.json")"
"$GAZETTE" --db "$db" export --format json --out "$WORK/since.json" --since 2026-11-19 >/dev/null
expect_eq "--since 2026-11-19" 2 "$(wc -l <"$WORK/since.json")"
"$GAZETTE" --db "$db" export --format json --out - --source "$base/atom/" --limit 1 >"$WORK/one.json"
expect_eq "--source --limit 1 to stdout" 1 "$(wc -l <"$WORK/one.json")"
set +e
"$GAZETTE" --db "$db" export --format json --out "$WORK/x.json" --since yesterday 2>"$WORK/err"
status=$?
set -e
expect_eq "bad --since exit code" 2 "$status"
expect_contains "bad --since message" "$(cat "$WORK/err")" "--since yesterday"

note "deterministic"
for format in atom rss jsonfeed json; do
  "$GAZETTE" --db "$db" export --format "$format" --out "$WORK/again.$format" >/dev/null
  cmp "$WORK/out.$format" "$WORK/again.$format" || fail "$format: two exports differ"
done
echo "PASS"

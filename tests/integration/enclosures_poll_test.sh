#!/usr/bin/env bash
# Podcast-style feeds (RSS with media:content, media:group, media:thumbnail;
# JSON Feed with attachments) polled over HTTP from the test server on
# 127.0.0.1: articles_v.enclosures holds each item's media as a JSON array,
# read back with Python's sqlite3 module; relative URLs are resolved, a
# javascript: or file: URL is not stored, an item without media has []. The
# exports carry them.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/podcast-site" https://podcast.example
base="http://127.0.0.1:$SITE_PORT"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
[[feed]]
url = "$base/podcast.xml"
[[feed]]
url = "$base/podcast.json"
TOML

note "poll"
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" \
  || { cat "$WORK/poll.err"; fail "poll exited $?"; }
db="$WORK/gazette.db"
expect_eq "fetches without error" 2 "$(sql "$db" "select count(*) from fetches where error=''")"

note "read back with Python's sqlite3"
python3 - "$db" "$base" <<'PY' || fail "python check failed"
import json, sqlite3, sys

db, base = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
version = con.execute("pragma user_version").fetchone()[0]
if version < 4:
    sys.exit(f"schema version {version}, expected 4 or later")
# enclosures follows seen_in in articles_v.
columns = [d[0] for d in con.execute("select * from articles_v limit 0").description]
# enclosures came at the end in schema 4; schema 6 added story_id after it.
if columns[columns.index("seen_in") + 1:][:1] != ["enclosures"]:
    sys.exit(f"articles_v columns: {columns!r}")
got = {url: json.loads(e) for url, e in con.execute("select url, enclosures from articles_v")}
want = {
    f"{base}/1": [
        {"url": f"{base}/media/folge-1.mp3", "type": "audio/mpeg", "length": 50123456,
         "medium": "audio", "source": "media:content"},
        {"url": f"{base}/media/folge-1.jpg", "medium": "image", "source": "media:thumbnail"},
    ],
    f"{base}/2": [
        {"url": f"{base}/media/folge-2-hd.mp4", "type": "video/mp4", "medium": "video",
         "source": "media:content"},
        {"url": f"{base}/media/folge-2-sd.mp4", "type": "video/mp4", "medium": "video",
         "source": "media:content"},
    ],
    f"{base}/news": [],
    f"{base}/3": [
        {"url": f"{base}/media/folge-3.m4a", "type": "audio/x-m4a", "length": 31415926,
         "source": "enclosure"},
    ],
}
if got != want:
    print(json.dumps(got, indent=1))
    sys.exit("enclosures differ")
# SQLite's JSON functions read the column.
n = con.execute("select count(*) from articles_v a, json_each(a.enclosures) e "
                "where e.value ->> 'medium' = 'video'").fetchone()[0]
if n != 2:
    sys.exit(f"json_each found {n} videos, expected 2")
PY

note "a second poll changes nothing"
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll2.out" 2>"$WORK/poll2.err" \
  || { cat "$WORK/poll2.err"; fail "second poll exited $?"; }
expect_eq "articles" 4 "$(sql "$db" "select count(*) from articles")"
expect_eq "enclosures kept" 5 \
  "$(sql "$db" "select sum(json_array_length(enclosures)) from articles_v")"
note "exports carry them"
for format in jsonfeed rss atom; do
  "$GAZETTE" --db "$db" export --format "$format" --out "$WORK/out.$format" >/dev/null \
    || fail "export --format $format failed"
done
python3 - "$WORK" "$base" <<'PY' || fail "export check failed"
import json, sys
import xml.etree.ElementTree as ET

work, base = sys.argv[1], sys.argv[2]
feed = json.load(open(f"{work}/out.jsonfeed"))
attachments = {i["url"]: i.get("attachments", []) for i in feed["items"]}
want = [{"url": f"{base}/media/folge-1.mp3", "mime_type": "audio/mpeg",
         "size_in_bytes": 50123456},
        {"url": f"{base}/media/folge-1.jpg", "mime_type": "application/octet-stream"}]
if attachments.get(f"{base}/1") != want or attachments.get(f"{base}/news") != []:
    sys.exit(f"JSON Feed attachments: {attachments!r}")
rss = ET.parse(f"{work}/out.rss").getroot()
enclosures = {i.findtext("link"): [e.attrib for e in i.findall("enclosure")]
              for i in rss.iter("item")}
if enclosures.get(f"{base}/2") != [{"url": f"{base}/media/folge-2-hd.mp4", "length": "0",
                                    "type": "video/mp4"}]:
    sys.exit(f"RSS enclosures: {enclosures!r}")
ns = {"a": "http://www.w3.org/2005/Atom"}
atom = ET.parse(f"{work}/out.atom").getroot()
links = sorted(l.get("href") for l in atom.iterfind("a:entry/a:link[@rel='enclosure']", ns))
if len(links) != 5:
    sys.exit(f"Atom enclosure links: {links!r}")
PY
echo "PASS"

"""Checks a database's articles against the newsline fixture's expected.json.

Usage: check_newsline_expected.py EXPECTED_JSON ROWS_JSON ORIGIN

ROWS_JSON is a JSON array of the database's articles, each an object with
url, title, author, published and content_text (`sqlite3 -json` of the
articles table, or PostgreSQL's json_agg of articles_v): the engine's own
export, so one check serves both. ORIGIN is where the test served the site
(http://127.0.0.1:PORT): expected.json's URLs name https://newsline.example.

It passes when the database holds exactly the six stories, each with
expected.json's title, author, published instant and body text (white space
folded), and no article's title or text holds a boilerplate string; it
exits non-zero with what differs otherwise.
"""

import datetime
import json
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    expected = json.load(open(sys.argv[1]))
    rows = json.load(open(sys.argv[2]))
    origin = sys.argv[3]

    def local(u):
        return u.replace("https://newsline.example", origin)

    def instant(s):
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()

    def words(s):
        return " ".join(s.split())

    assert len(rows) == 6, f"{len(rows)} articles: {[r['url'] for r in rows]}"
    by_url = {r["url"]: r for r in rows}
    for a in expected["articles"]:
        r = by_url.get(local(a["url"]))
        assert r, f"missing {a['url']} in {list(by_url)}"
        for key in ("title", "author"):
            assert r[key] == a[key], (key, r[key], a[key])
        assert r["published"] and instant(r["published"]) == instant(a["published"]), (
            r["published"],
            a["published"],
        )
        assert words(r["content_text"]) == words(a["body_text"]), (a["url"], r["content_text"][:300])
    for r in rows:
        for s in expected["boilerplate_strings"]:
            assert s not in r["content_text"] and s not in r["title"], (s, r["url"])
    print("6 articles match expected.json, no boilerplate")


if __name__ == "__main__":
    main()

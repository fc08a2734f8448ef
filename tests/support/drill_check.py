#!/usr/bin/env python3
"""Checks a Gazette database left by `kill -9` against what the drill server served.

Usage:

    drill_check.py --db DB --served LOG --state STATE --label TEXT
                   [--killed-at UNIX_TIME] [--final]

Works on a copy of DB and its -wal (what the killed process left on disk), so
the daemon restarted afterwards recovers the original itself. Checks:

  - PRAGMA integrity_check is "ok"; the FTS5 index articles_fts passes its
    integrity-check, against the articles table too (rank = 1);
  - no duplicate: each story the server served (drill_feed_server.py) is at
    most one article, every article is a served story, every dedup key
    (article_keys) names its own article's story, and each article has
    exactly one url: key;
  - no loss: every article id and dedup key recorded by an earlier check
    (STATE, a JSON file this script keeps) is still there, for the same story;
  - whole commits: for each source, the response its row names as the last
    stored (sources.feed_title, "Drill source I response R") has every one of
    its stories stored with a sighting by that source, and its live story
    holds that response's title (the article and the source row were
    committed together).

--killed-at counts the responses served in the second before the kill (was
the daemon busy when it died?). --final also checks that the drill was not
idle: kills during polling, edits, stories seen through several sources.
Exits 1 with the reasons on failure.
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile

FEED_TITLE = re.compile(r"^Drill source (\d+) response (\d+)$")
STORY_URL = re.compile(r"^http://127\.0\.0\.1:\d+/story/([A-Za-z0-9-]+)$")


def load_served(path):
    served = {}  # (source, response) -> [(story, title)]
    times = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if not line.endswith("\n"):
                    break  # being written
                r = json.loads(line)
                served[(r["source"], r["response"])] = r["items"]
                times.append(r["t"])
    return served, times


def copy_database(db, into):
    """The database file and its WAL as the killed process left them."""
    copy = os.path.join(into, "copy.db")
    shutil.copyfile(db, copy)
    if os.path.exists(db + "-wal"):
        shutil.copyfile(db + "-wal", copy + "-wal")
    return copy


def check(args, problems, summary):
    state = {"articles": {}, "keys": {}, "active_kills": 0, "kills": 0, "kills_after_edits": 0}
    if os.path.exists(args.state):
        with open(args.state) as f:
            state = json.load(f)
    served, times = load_served(args.served)
    stories = {story for items in served.values() for story, _ in items}

    if args.killed_at is not None:
        state["kills"] += 1
        recent = sum(1 for t in times if args.killed_at - 1.0 <= t <= args.killed_at)
        summary["responses_in_last_second"] = recent
        if recent > 0:
            state["active_kills"] += 1

    if not os.path.exists(args.db):
        if state["articles"]:
            problems.append(f"{args.db} is gone, with {len(state['articles'])} articles committed")
        summary["database"] = "not created yet"
        return state

    with tempfile.TemporaryDirectory() as scratch:
        con = sqlite3.connect(copy_database(args.db, scratch), isolation_level=None)
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"PRAGMA integrity_check: {integrity[:10]}")
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_schema")}
        if "articles_fts" not in tables or "articles_v" not in tables:
            # Killed while the schema was being created: each migration is a
            # transaction, so nothing can have been committed yet.
            if state["articles"]:
                problems.append(f"schema incomplete ({sorted(tables)}) after articles were committed")
            summary["database"] = f"schema not complete yet ({len(tables)} objects)"
            return state
        for sql in ("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                    "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)"):
            try:
                con.execute(sql)
            except sqlite3.DatabaseError as e:
                problems.append(f"FTS5 {sql}: {e}")

        articles = {}  # id -> story
        by_story = {}
        for article_id, url in con.execute("SELECT id, url FROM articles_v"):
            m = STORY_URL.match(url)
            if not m or m.group(1) not in stories:
                problems.append(f"article {article_id}: {url} is no story the server served")
                continue
            story = m.group(1)
            if story in by_story:
                problems.append(f"story {story} stored twice: articles {by_story[story]} and {article_id}")
            by_story[story] = article_id
            articles[article_id] = story
        for key, n in con.execute("SELECT key, count(*) FROM article_keys GROUP BY key HAVING count(*) > 1"):
            problems.append(f"dedup key {key} is in article_keys {n} times")
        keys = {}
        url_keys = {}
        for key, article_id in con.execute("SELECT key, article_id FROM article_keys"):
            keys[key] = article_id
            if key.startswith("url:"):
                url_keys[article_id] = url_keys.get(article_id, 0) + 1
                named = key.rsplit("/story/", 1)[-1]
            elif key.startswith("guid:"):
                named = key.split(":", 2)[2]
            else:
                problems.append(f"dedup key {key}: every served item has a link and a guid")
                continue
            if articles.get(article_id) != named:
                problems.append(f"dedup key {key} leads to article {article_id} "
                                f"({articles.get(article_id)}), not to story {named}")
        for article_id, story in articles.items():
            if url_keys.get(article_id, 0) != 1:
                problems.append(f"article {article_id} ({story}) has {url_keys.get(article_id, 0)} url: keys")

        # No loss: what an earlier check saw is still there, unchanged.
        lost = [(i, s) for i, s in state["articles"].items() if articles.get(int(i)) != s]
        if lost:
            problems.append(f"{len(lost)} committed articles lost or changed identity, e.g. {lost[:5]}")
        gone = [(k, i) for k, i in state["keys"].items() if keys.get(k) != i]
        if gone:
            problems.append(f"{len(gone)} committed dedup keys lost or moved, e.g. {gone[:5]}")

        # Whole commits: a source's row and the articles of its document.
        sighted = set(con.execute("SELECT article_id, source_id FROM sightings"))
        titles = dict(con.execute("SELECT id, title FROM articles"))
        documents = 0
        for source_id, url, feed_title in con.execute("SELECT id, url, feed_title FROM sources"):
            m = FEED_TITLE.match(feed_title)
            if not m:
                continue
            source, response = int(m.group(1)), int(m.group(2))
            if not url.endswith(f"/feed/{source}"):
                problems.append(f"source {url} holds the document of source {source}")
                continue
            documents += 1
            items = served.get((source, response))
            if items is None:
                problems.append(f"source {url}: response {response} was never served")
                continue
            for story, title in items:
                article_id = by_story.get(story)
                if article_id is None:
                    problems.append(f"source {url}: response {response} committed without its story {story}")
                elif (article_id, source_id) not in sighted:
                    problems.append(f"source {url}: story {story} stored without its sighting")
                elif story.endswith("-live") and titles[article_id] != title:
                    problems.append(f"source {url}: committed response {response} but "
                                    f"{story} reads [{titles[article_id]}], not [{title}]")

        summary.update({
            "articles": len(articles),
            "keys": len(keys),
            "sources_with_a_document": documents,
            "edits": con.execute("SELECT coalesce(sum(items_updated), 0) FROM fetches").fetchone()[0],
            "seen_in_several": con.execute("SELECT count(*) FROM articles_v WHERE seen_in > 1").fetchone()[0],
            "wal_bytes": os.path.getsize(args.db + "-wal") if os.path.exists(args.db + "-wal") else 0,
        })
        con.close()
    if args.killed_at is not None and summary["edits"]:
        state["kills_after_edits"] += 1
    state["articles"] = {str(i): s for i, s in articles.items()}
    state["keys"] = keys
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--served", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--killed-at", type=float)
    parser.add_argument("--final", action="store_true")
    args = parser.parse_args()

    problems, summary = [], {}
    state = check(args, problems, summary)
    if args.final:
        summary["kills_while_polling"] = f"{state['active_kills']}/{state['kills']}"
        summary["kills_after_edits_began"] = state["kills_after_edits"]
        # A drill that never caught the daemon at work proves nothing.
        if state["active_kills"] * 3 < state["kills"]:
            problems.append(f"only {state['active_kills']} of {state['kills']} kills came while "
                            "the server was answering polls")
        if not summary.get("edits"):
            problems.append("no article was ever edited (the live stories)")
        if not summary.get("seen_in_several"):
            problems.append("no story was stored through several sources")
    print(f"{args.label}: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    if problems:
        for p in problems[:40]:
            print(f"  {args.label}: {p}", file=sys.stderr)
        return 1
    tmp = args.state + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes articles into a Gazette database as a second process, for tests
of what another connection sees while it writes (gazette backup).

  article_writer.py DB fill N          one transaction of N articles
  article_writer.py DB write COMMITTED one article per transaction until
                                       killed; after each commit, COMMITTED
                                       holds the highest id committed so far
"""
import os
import sqlite3
import sys
import time


def insert(cur, source_id, n):
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    # About 2 KiB of text each, so the database spans many backup steps.
    text = f"article {n} " + "lorem ipsum dolor sit amet " * 80
    cur.execute(
        "INSERT INTO articles (source_id, guid, url, title, content_text, first_seen,"
        " last_seen, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (source_id, f"writer-{n}", f"http://127.0.0.1/writer/{n}", f"Writer article {n}",
         text, now, now, f"hash-{n}"))
    return cur.lastrowid


def main():
    db, mode, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    conn = sqlite3.connect(db, timeout=30, isolation_level=None)
    cur = conn.cursor()
    source_id = cur.execute("SELECT min(id) FROM sources").fetchone()[0]
    start = cur.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    if mode == "fill":
        cur.execute("BEGIN IMMEDIATE")
        for n in range(start + 1, start + 1 + int(arg)):
            insert(cur, source_id, n)
        cur.execute("COMMIT")
        return
    n = start
    while True:
        n += 1
        cur.execute("BEGIN IMMEDIATE")
        last = insert(cur, source_id, n)
        cur.execute("COMMIT")
        with open(arg + ".tmp", "w") as f:
            f.write(str(last))
        os.replace(arg + ".tmp", arg)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Keeps generated feeds (bench/generate_feeds.py) changing, as news sites do.

    feed_churn.py DIR --per-minute FRACTION [--seconds N] [--log FILE]

Every 5 seconds, a random share of DIR/feeds/*.xml (FRACTION of them per
minute) gets a new item at the top, with a link never used before, and loses
its last item; the file is replaced atomically (nginx then answers with a
new ETag, so the next poll parses and stores it). Runs for N seconds, or until
SIGTERM. --log gets one line per pass: "unix_time feeds_changed".
"""
import argparse
import os
import random
import signal
import sys
import time
from email.utils import formatdate

TICK = 5.0
STOP = [False]


def new_item(feed, serial, now):
    link = f"https://site{feed % 97}.example/{feed}/fresh-{serial}"
    return (f"<item><title>Fresh story {serial} of feed {feed}</title><link>{link}</link>"
            f"<guid isPermaLink=\"false\">feed{feed}-fresh{serial}</guid>"
            f"<pubDate>{formatdate(now, usegmt=True)}</pubDate>"
            f"<description>Something happened at the harbour, story {serial}.</description>"
            f"<content:encoded><![CDATA[<p>The council met on story {serial} of feed {feed}. "
            f"The ferry ran late and the market opened early.</p>]]></content:encoded></item>")


def churn(path, feed, serial, now):
    with open(path) as f:
        doc = f.read()
    first = doc.find("<item>")
    last = doc.rfind("<item>")
    if first < 0:
        return
    end = doc.find("</item>", last) + len("</item>")
    doc = doc[:first] + new_item(feed, serial, now) + doc[first:last] + doc[end:]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(doc)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--per-minute", type=float, required=True)
    ap.add_argument("--seconds", type=float, default=float("inf"))
    ap.add_argument("--log")
    args = ap.parse_args()
    folder = os.path.join(args.dir, "feeds")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".xml"))
    signal.signal(signal.SIGTERM, lambda *_: STOP.__setitem__(0, True))
    rng = random.Random(7)
    per_tick = args.per_minute * len(names) * TICK / 60.0
    serial = 0
    end = time.time() + args.seconds
    log = open(args.log, "a") if args.log else None
    next_tick = time.time() + TICK
    while not STOP[0] and time.time() < end:
        time.sleep(max(0.0, next_tick - time.time()))
        next_tick += TICK
        # per_tick may be fractional: carry the remainder at random.
        count = int(per_tick) + (1 if rng.random() < per_tick - int(per_tick) else 0)
        now = time.time()
        for name in rng.sample(names, min(count, len(names))):
            serial += 1
            churn(os.path.join(folder, name), int(name[:-4]), serial, now)
        if log:
            log.write(f"{now:.3f} {count}\n")
            log.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes N RSS 2.0 feeds of M items each into DIR/feeds/NNNN.xml.

    generate_feeds.py DIR [--feeds 2000] [--items 20]

Items look like a news site's: a title, a link, a guid, a date, an author, a
one-paragraph description and a few paragraphs of content:encoded, so parsing
and storing cost what they cost on real feeds (about 10 KB a feed).
"""
import argparse
import os
import random
from email.utils import formatdate

WORDS = ("harbour council ferry library museum storm rain market school police "
         "budget minister election river bridge festival court hospital train "
         "airport team season record union strike energy price water city").split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--items", type=int, default=20)
    args = ap.parse_args()
    out = os.path.join(args.dir, "feeds")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(42)
    base_time = 1_790_000_000
    for f in range(args.feeds):
        items = []
        for i in range(args.items):
            t = base_time - (f * args.items + i) * 600
            title = sentence(rng, 8)
            link = f"https://site{f % 97}.example/{f}/story-{i}-{rng.randrange(10**6)}"
            paras = "".join(f"<p>{sentence(rng, 30)} {sentence(rng, 25)}</p>" for _ in range(3))
            items.append(
                f"<item><title>{title}</title><link>{link}</link>"
                f"<guid isPermaLink=\"false\">feed{f}-item{i}</guid>"
                f"<pubDate>{formatdate(t, usegmt=True)}</pubDate>"
                f"<author>desk{f % 13}@site.example (Desk {f % 13})</author>"
                f"<description>{sentence(rng, 20)}</description>"
                f"<content:encoded><![CDATA[{paras}]]></content:encoded></item>")
        doc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
               f"<channel><title>Feed {f}</title><link>https://site{f % 97}.example/</link>"
               f"<description>Generated feed {f}</description>{''.join(items)}</channel></rss>\n")
        with open(os.path.join(out, f"{f:04d}.xml"), "w") as fh:
            fh.write(doc)


if __name__ == "__main__":
    main()

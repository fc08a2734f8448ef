#!/usr/bin/env python3
"""Compares two `gazette export --format json` outputs (JSON lines, one
article a line) article by article, matched by url: ids depend on the order
in which an engine stored what several sources gave at once. Every field
must be equal, except:
  --clock FIELD  set from the wall clock of the poll (first_seen, ...): only
                 whether it is null is compared;
  --group FIELD  an id that groups articles (story_id): the groups, as sets
                 of urls, are compared, not the numbers;
  id             reported when it differs, not a difference.
Prints each difference; exits 1 when there is one."""
import argparse
import json
import sys


def articles(path):
    by_url = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            a = json.loads(line)
            if a["url"] in by_url:
                sys.exit(f"{path}:{n}: {a['url']} exported twice")
            by_url[a["url"]] = a
    return by_url


def groups(by_url, field):
    out = {}
    for url, a in by_url.items():
        if a.get(field) is not None:
            out.setdefault(a[field], set()).add(url)
    return sorted(sorted(g) for g in out.values())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("--clock", action="append", default=[])
    p.add_argument("--group", action="append", default=[])
    p.add_argument("--min", type=int, default=1, help="fewest articles expected")
    args = p.parse_args()
    left, right = articles(args.left), articles(args.right)
    problems = []
    for url in sorted(set(left) ^ set(right)):
        problems.append(f"{url}: only in {args.left if url in left else args.right}")
    other_ids = 0
    for url in sorted(set(left) & set(right)):
        a, b = left[url], right[url]
        for field in sorted(set(a) | set(b)):
            if field in args.group:
                continue
            if field == "id":
                other_ids += a.get("id") != b.get("id")
                continue
            x, y = a.get(field), b.get(field)
            if field in args.clock:
                x, y = x is None, y is None
            if x != y:
                problems.append(f"{url}: {field}: {a.get(field)!r} != {b.get(field)!r}")
    for field in args.group:
        if groups(left, field) != groups(right, field):
            problems.append(f"{field}: {groups(left, field)} != {groups(right, field)}")
    if len(left) < args.min:
        problems.append(f"only {len(left)} articles, expected at least {args.min}")
    for line in problems:
        print(line)
    if problems:
        sys.exit(1)
    print(f"{len(left)} articles, the same in both"
          + (f" ({other_ids} with other ids)" if other_ids else " (and the same ids)"))


main()

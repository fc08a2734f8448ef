#!/usr/bin/env bash
# MB/s and items/s of `gazette parse` over a generated corpus, in one run next
# to Debian's sfeed (C) and python3-feedparser on the same files (issue 11).
# Not a test: nothing is asserted, and `make test` does not run it.
#
#   bench/parse.sh [GAZETTE] [FEEDS] [ITEMS]      (defaults: build/gazette 200 100)
#
# The corpus: bench/generate_feeds.py's news-site RSS (FEEDS files of ITEMS
# items, ~50 KB each at 100 items), twice: as generated (well-formed: the
# pugixml fast path), and with the first item's </title> misspelt </Title> in
# every file (not well-formed: every document goes through libxml2's
# recovery, the slow path). Nothing is downloaded.
#
# Each program reads each file once, one process at a time (the machine's
# other core stays idle): `gazette parse --format json FILE` and `sfeed <
# FILE` run one process per file, as a poller would call them; feedparser
# runs in one Python process over all files (its start-up, ~0.3 s, would
# otherwise dominate). Wall time of the whole corpus is measured; "items" is
# what each program printed, so a program that drops items shows it.
set -euo pipefail

gazette=$(realpath "${1:-build/gazette}")
feeds=${2:-200}
items=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3  # Debian's python3-feedparser
command -v sfeed >/dev/null || { echo "sfeed not found: apt-get install -y sfeed" >&2; exit 2; }
"$python" -c 'import feedparser' 2>/dev/null ||
  { echo "feedparser not found: apt-get install -y python3-feedparser" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/generate_feeds.py" "$work/wellformed" --feeds "$feeds" --items "$items"
mkdir -p "$work/malformed/feeds"
python3 - "$work/wellformed/feeds" "$work/malformed/feeds" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for name in os.listdir(src):
    with open(os.path.join(src, name), "rb") as f:
        doc = f.read()
    head, sep, tail = doc.partition(b"<item><title>")
    tail = tail.replace(b"</title>", b"</Title>", 1)  # a mismatched end tag
    with open(os.path.join(dst, name), "wb") as f:
        f.write(head + sep + tail)
PY

echo "$feeds feeds x $items items, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# Wall time and the CPU time (user + system) of the child processes: on a
# shared machine the CPU time is the steadier number, and MB/s and items/s
# are given for both.
python3 - "$work" "$gazette" "$python" <<'PY'
import os, resource, subprocess, sys, time
work, gazette, python = sys.argv[1:]
FEEDPARSER = """
import os, sys, feedparser
d = sys.argv[1]
n = 0
for name in sorted(os.listdir(d)):
    with open(os.path.join(d, name), "rb") as f:
        n += len(feedparser.parse(f.read()).entries)
print(n)
"""
version = subprocess.run([python, "-c", "import feedparser; print(feedparser.__version__)"],
                         capture_output=True, text=True).stdout.strip()

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def gazette_run(files):
    n = 0
    for f in files:
        out = subprocess.run([gazette, "parse", "--format", "json", f], capture_output=True,
                             text=True, check=True).stdout
        n += out.count('"link_key"')
    return n

def sfeed_run(files):
    n = 0
    for f in files:
        with open(f, "rb") as fh:
            n += subprocess.run(["sfeed"], stdin=fh, capture_output=True, check=True).stdout.count(b"\n")
    return n

def feedparser_run(files):
    out = subprocess.run([python, "-c", FEEDPARSER, os.path.dirname(files[0])],
                         capture_output=True, text=True, check=True).stdout
    return int(out)

print("| program | corpus | files | MB | items | wall s | CPU s | MB/s (CPU) | items/s (CPU) | MB/s (wall) |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
# What one `gazette parse` process costs before it reads anything: the
# same number of runs on a one-item feed.
tiny = os.path.join(work, "tiny.xml")
with open(tiny, "w") as f:
    f.write('<rss version="2.0"><channel><title>t</title><item><title>i</title>'
            '<link>https://a.example/1</link></item></channel></rss>')
for corpus in ("wellformed", "malformed"):
    d = os.path.join(work, corpus, "feeds")
    files = sorted(os.path.join(d, n) for n in os.listdir(d))
    mb = sum(os.path.getsize(f) for f in files) / 1048576
    runs = [("gazette parse", gazette_run), ("sfeed", sfeed_run),
            (f"feedparser {version}", feedparser_run)]
    if corpus == "wellformed":
        runs.insert(1, ("gazette parse, start-up only (a 1-item feed per file)",
                        lambda files: gazette_run([tiny] * len(files))))
    for label, run in runs:
        c0, w0 = cpu(), time.monotonic()
        n = run(files)
        w, c = time.monotonic() - w0, cpu() - c0
        print(f"| {label} | {corpus} | {len(files)} | {mb:.1f} | {n} | {w:.2f} | {c:.2f} | "
              f"{mb / c:.1f} | {n / c:.0f} | {mb / w:.1f} |", flush=True)
PY

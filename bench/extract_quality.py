#!/usr/bin/python3
"""Article extraction quality: Gazette against readability-lxml.

For every page of Mozilla Readability's test set (../shared/corpus/readability/
test-pages/*/: source.html, expected.html, expected-metadata.json) compare the
main text each extractor finds with the text of expected.html: precision,
recall and F1 over word 4-grams (lower-cased \\w+ tokens, as multisets),
averaged over pages; and title / byline / published time against the metadata
(bylines compared without the word that introduces them, "By", and by the
name alone when Readability's text adds a date or a desk line; times to the
second). Bylines are also counted against the reference with the reviewed
corrections of bench/readability_byline_corrections.json (pages where
Readability took another story's author from a teaser), printed beside the
count against the reference as published.
Debian's python3-readability (readability-lxml) runs on the same pages in the
same process, so both lines come from one run.

usage: bench/extract_quality.py [--tool build/gazette]
                                [--pages ../shared/corpus/readability/test-pages]
                                [--verbose]
"""

import argparse
import collections
import datetime
import json
import pathlib
import re
import subprocess
import sys
import time

import lxml.html

try:
    from readability import Document  # Debian: python3-readability
except ImportError:  # still measure Gazette
    Document = None

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+", re.UNICODE)


def html_text(markup):
    if not markup or not markup.strip():
        return ""
    try:
        tree = lxml.html.fromstring(markup)
    except Exception:  # lxml refuses empty or odd documents
        return ""
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    return " ".join(tree.itertext())


def grams(text, n=4):
    tokens = [t.lower() for t in WORD.findall(text)]
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def prf(found, expected):
    f, e = grams(found), grams(expected)
    if not f and not e:
        return 1.0, 1.0, 1.0
    common = sum((f & e).values())
    p = common / sum(f.values()) if f else 0.0
    r = common / sum(e.values()) if e else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def same_text(a, b):
    norm = lambda s: " ".join(WORD.findall((s or "").lower()))
    return norm(a) == norm(b)


# The word that introduces a visible byline. Readability keeps it ("By Jane
# Doe", "Par Jean Dupont") when the byline comes from the page text; Gazette
# stores the name. The names are compared; the strict comparison of the
# whole text is printed beside it ("as written").
BYLINE_WORD = re.compile(r"^\s*(by|par|von|por|di|door|av)\b[\s:]*", re.IGNORECASE)


def same_name(a, b):
    return same_text(BYLINE_WORD.sub("", a or ""), BYLINE_WORD.sub("", b or ""))


# A date written after the name, with or without a space: "Lucas Nolan22 Dec
# 2016", "Jane Doe March 25, 2015".
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
GLUED_DATE = re.compile(rf"\s*(\d{{1,2}}\s*{MONTH}\s+\d{{4}}|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}).*$",
                        re.IGNORECASE | re.DOTALL)


def name_part(expected):
    """The name in an expected byline. Readability keeps the whole text of the
    element it picks: the name, then on lines of their own the date ("By Nathan
    Willis\n March 25, 2015") or the desk ("WebMD Health News"), or the date
    glued to the name. The name is its first line without the date."""
    text = BYLINE_WORD.sub("", expected or "").strip()
    first = text.splitlines()[0] if text else ""
    return GLUED_DATE.sub("", first)


def same_byline(expected, found):
    """The whole expected text without its "By" (same_name), or its name part."""
    return same_name(expected, found) or same_text(name_part(expected),
                                                   BYLINE_WORD.sub("", found or ""))


def instant(text):
    """Whole seconds since the epoch: Gazette stores times to the second (as
    feeds write them), so "13:07:55.096Z" and "13:07:55Z" are the same time."""
    if not text:
        return None
    try:
        t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text.strip()
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp())


class Score:
    def __init__(self, name):
        self.name = name
        self.p = self.r = self.f = 0.0
        self.pages = 0
        self.meta = {k: [0, 0] for k in ("title", "byline", "date")}  # [hits, asked]
        self.byline_as_written = [0, 0]
        self.byline_whole_text = [0, 0]
        self.byline_corrected = [0, 0]
        self.seconds = 0.0

    def add(self, p, r, f):
        self.p += p
        self.r += r
        self.f += f
        self.pages += 1

    def meta_check(self, field, expected, found, compare=same_text):
        if expected in (None, ""):
            return
        self.meta[field][1] += 1
        if found is not None and compare(expected, found):
            self.meta[field][0] += 1

    def line(self):
        n = max(self.pages, 1)
        meta = "  ".join(
            f"{k} {h}/{a}" if a else f"{k} n/a" for k, (h, a) in self.meta.items())
        h, a = self.byline_as_written
        wh, wa = self.byline_whole_text
        ch, ca = self.byline_corrected
        return (f"{self.name:<16} P {self.p / n:.3f}  R {self.r / n:.3f}  F1 {self.f / n:.3f}  "
                f"| {meta}  | {self.seconds:.1f}s  | byline as written {h}/{a}, "
                f"whole text {wh}/{wa}, with reviewed corrections {ch}/{ca}")


# Pages where Readability's expected byline is another story's author, with
# the evidence (bench/readability_byline_corrections.json). The byline count
# above is always against the reference as published; the corrected count is
# printed beside it, never instead of it.
CORRECTIONS = json.loads((ROOT / "bench" / "readability_byline_corrections.json")
                         .read_text(encoding="utf-8"))["corrections"]


def corrected_byline(page, expected):
    fix = CORRECTIONS.get(page)
    if fix is None:
        return expected
    if fix["readability"] != expected:  # the reference changed: the entry is stale
        sys.exit(f"bench/readability_byline_corrections.json: {page} expects "
                 f"{fix['readability']!r}, the reference now says {expected!r}")
    return fix["author"]


def run_gazette(tool, source):
    out = subprocess.run([str(tool), "extract", "--json", "--base-url",
                          "http://fakehost/test/page.html", str(source)],
                         capture_output=True, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(f"{tool} failed on {source}: {out.stderr.decode(errors='replace')}")
    doc = json.loads(out.stdout)
    return doc["article"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", default=str(ROOT / "build" / "daemon" / "gazette"))
    ap.add_argument("--pages", default=str(ROOT.parent / "shared" / "corpus" / "readability" /
                                           "test-pages"))
    ap.add_argument("--verbose", action="store_true", help="one line per page")
    args = ap.parse_args()
    tool, pages = pathlib.Path(args.tool), pathlib.Path(args.pages)
    if not tool.exists():
        sys.exit(f"{tool} not found: run `make build`, or pass --tool")
    if not pages.is_dir():
        sys.exit(f"{pages}: no such directory (../shared absent?)")

    gazette, readability = Score("gazette"), Score("readability-lxml")
    for page in sorted(p for p in pages.iterdir() if (p / "source.html").exists()):
        source = (page / "source.html").read_bytes()
        expected = html_text((page / "expected.html").read_text(encoding="utf-8"))
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))

        started = time.perf_counter()
        ours = run_gazette(tool, page / "source.html")
        gazette.seconds += time.perf_counter() - started
        g = prf(ours["content_text"], expected)
        gazette.add(*g)
        gazette.meta_check("title", meta.get("title"), ours["title"])
        gazette.meta_check("byline", meta.get("byline"), ours["author"], same_byline)
        if meta.get("byline"):
            gazette.byline_as_written[1] += 1
            gazette.byline_as_written[0] += same_text(meta["byline"], ours["author"])
            gazette.byline_whole_text[1] += 1
            gazette.byline_whole_text[0] += same_name(meta["byline"], ours["author"])
            gazette.byline_corrected[1] += 1
            gazette.byline_corrected[0] += bool(ours["author"]) and same_byline(
                corrected_byline(page.name, meta["byline"]), ours["author"])
        gazette.meta_check("date", meta.get("publishedTime"), ours["published"],
                           lambda a, b: instant(a) == instant(b))

        line = f"{page.name:<40} gazette F1 {g[2]:.2f}"
        if Document is not None:
            started = time.perf_counter()
            try:
                doc = Document(source)
                text, title = html_text(doc.summary(html_partial=True)), doc.short_title()
            except Exception:  # readability-lxml gives up on some pages
                text, title = "", ""
            readability.seconds += time.perf_counter() - started
            r = prf(text, expected)
            readability.add(*r)
            readability.meta_check("title", meta.get("title"), title)
            # readability-lxml extracts no byline or date: those count as misses.
            readability.meta_check("byline", meta.get("byline"), None)
            readability.byline_as_written[1] += bool(meta.get("byline"))
            readability.byline_whole_text[1] += bool(meta.get("byline"))
            readability.byline_corrected[1] += bool(meta.get("byline"))
            readability.meta_check("date", meta.get("publishedTime"), None)
            line += f"  readability-lxml F1 {r[2]:.2f}"
        if args.verbose:
            print(line)

    print(f"{gazette.pages} pages, word 4-gram precision/recall/F1 averaged over pages")
    print(gazette.line())
    if Document is not None:
        print(readability.line())
    else:
        print("readability-lxml: not installed (apt install python3-readability)")


if __name__ == "__main__":
    main()

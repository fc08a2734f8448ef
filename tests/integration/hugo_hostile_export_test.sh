#!/usr/bin/env bash
# Issue 10, items 2 and 5: a hostile feed, polled from 127.0.0.1 and exported
# for Hugo, builds with Debian's hugo into a site without script. The site's
# layouts trust every page variable (.Summary, .Content, .Params.* unescaped,
# markdownify, RenderString), as careless themes do. The built HTML must hold
# no <script>, <iframe>, <object>, <embed>, event handler attribute or
# javascript:/data:/file: URL, and every URL in every export format must be
# an absolute http(s) URL.
source "$(dirname "$0")/../support/lib.sh"
command -v hugo >/dev/null || fail "hugo is not installed (make deps)"

start_server SITE "$TESTS_DIR/fixtures/hostile-site" https://hostile.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
"$GAZETTE" --db "$db" add "$base/feed/" --tag '<b>tag</b>' >/dev/null
"$GAZETTE" --db "$db" add "$base/atom/" >/dev/null
"$GAZETTE" --db "$db" -q poll >/dev/null || fail "poll failed"
n=$(sql "$db" 'select count(*) from articles')
[ "$n" -ge 4 ] || fail "only $n articles stored from the hostile feeds"

site="$WORK/site"
cp -r "$TESTS_DIR/fixtures/hugo-hostile-site" "$site"
note "export --format hugo and hugo"
"$GAZETTE" --db "$db" export --format hugo --out "$site/content/news" >/dev/null \
  || fail "export failed"
HUGO_CACHEDIR="$WORK/hugo-cache" hugo --source "$site" --destination "$site/public" \
  >"$WORK/hugo.out" 2>&1 || { cat "$WORK/hugo.out"; fail "hugo failed"; }

note "no script in the built site"
python3 - "$site/public" "$n" <<'PY' || fail "the built site runs script"
import html.parser, pathlib, re, sys

public, articles = pathlib.Path(sys.argv[1]), int(sys.argv[2])
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background", "data", "srcset",
             "xlink:href", "cite", "longdesc", "lowsrc", "dynsrc"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)

class Checker(html.parser.HTMLParser):
    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path, self.problems = path, []
    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.problems.append(f"<{tag}> at line {self.getpos()[0]}")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in URL_ATTRS and value is not None:
                # Browsers ignore ASCII whitespace and controls inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                if BAD_SCHEME.match(squeezed):
                    self.problems.append(f"<{tag} {name}={value!r}> at line {self.getpos()[0]}")
    handle_startendtag = handle_starttag

pages = sorted(public.rglob("*.html"))
problems = []
for page in pages:
    checker = Checker(page)
    checker.feed(page.read_text())
    checker.close()
    problems += [f"{page.relative_to(public)}: {p}" for p in checker.problems]
for p in problems:
    print("FOUND", p)
article_pages = [p for p in pages if p.parent.parent.name == "news"]
assert len(article_pages) == articles, f"{len(article_pages)} article pages for {articles} articles"
assert not problems, f"{len(problems)} active elements, handlers or script URLs"
print(f"{len(pages)} pages, {len(article_pages)} articles, no script")
PY

note "the hostile text is still there, as text"
python3 - "$site/public" <<'PY' || fail "the built site lost or mangled text"
import html, pathlib, re, sys
public = pathlib.Path(sys.argv[1])
def texts(page):
    body = (public / page).read_text()
    return html.unescape(re.sub(r"<[^>]*>", "", body))
index = texts("index.html")
for expected in ['<script>alert(1)</script> a summary that talks about HTML',
                 '{{% gist attacker 0123 %}}', '{{< youtube x >}}', '{{< nosuchshortcode arg >}}',
                 '{{ .Site.Title }}', '<script>alert("title")</script> Escaped',
                 'Atom <svg onload=alert(21)> entry', '[click](javascript:alert(4))',
                 '# heading {onclick="alert(6)"}', '<script>alert(30)</script>']:
    assert expected in index or any(expected in texts(p.relative_to(public))
                                    for p in public.rglob("news/*/index.html")), expected
print("hostile text shown as text")
PY

note "every URL of every export format is absolute http(s)"
for format in atom rss jsonfeed json; do
  "$GAZETTE" --db "$db" export --format "$format" --out "$WORK/out.$format" >/dev/null \
    || fail "export --format $format failed"
done
python3 - "$WORK" <<'PY' || fail "an export carries a URL that is not absolute http(s)"
import json, pathlib, re, sys
import xml.etree.ElementTree as ET
work = pathlib.Path(sys.argv[1])
GOOD = re.compile(r"^https?://[^/?#\s]+", re.I)
urls = []
atom = ET.parse(work / "out.atom").getroot()
ns = {"a": "http://www.w3.org/2005/Atom"}
urls += [("atom link", l.get("href")) for l in atom.iter("{http://www.w3.org/2005/Atom}link")]
rss = ET.parse(work / "out.rss").getroot()
urls += [("rss link", e.text) for e in rss.iter("link")]
urls += [("rss source", e.get("url")) for e in rss.iter("source")]
urls += [("rss enclosure", e.get("url")) for e in rss.iter("enclosure")]
urls += [("rss guid", e.text) for e in rss.iter("guid") if e.get("isPermaLink") != "false"]
feed = json.loads((work / "out.jsonfeed").read_text())
for item in feed["items"]:
    for key in ("url", "external_url", "image", "banner_image"):
        if key in item: urls.append((f"jsonfeed {key}", item[key]))
    urls.append(("jsonfeed _gazette.source_url", item["_gazette"]["source_url"]))
for line in (work / "out.json").read_text().splitlines():
    record = json.loads(line)
    for key in ("url", "image_url", "source_url"):
        if record[key]: urls.append((f"json {key}", record[key]))
bad = [(where, u) for where, u in urls if not GOOD.match(u or "")]
for where, u in bad: print("BAD", where, repr(u))
assert not bad
print(f"{len(urls)} URLs, all absolute http(s)")
PY
note "--link must be an absolute http(s) URL too"
set +e
out=$("$GAZETTE" --db "$db" export --format atom --out - --link 'javascript:alert(1)' 2>&1)
code=$?
set -e
expect_eq "exit code of --link javascript:" 2 "$code"
expect_contains "error" "$out" "--link javascript:alert(1): not an absolute http(s) URL"
echo "PASS"

# Builds the test Hugo site from a `gazette export --format hugo` and checks
# it (sourced after lib.sh; needs `hugo` and python3).

# build_and_check_hugo_site DB: exports DB into a copy of the fixture site,
# runs hugo, checks the home page lists every article title exactly once and
# every article has a page with its canonical URL, then checks that a second
# export writes nothing and touches no file.
build_and_check_hugo_site() {
  local db=$1 site="$WORK/site"
  command -v hugo >/dev/null || fail "hugo is not installed (make deps)"
  rm -rf "$site"
  cp -r "$TESTS_DIR/fixtures/hugo-site" "$site"
  local content="$site/content/news"

  note "export --format hugo"
  local out
  out=$("$GAZETTE" --db "$db" export --format hugo --out "$content") || fail "export failed"
  local n
  n=$(sql "$db" 'select count(*) from articles')
  expect_eq "first export" "written $n, unchanged 0, removed 0" "$out"
  expect_eq "markdown files" "$n" "$(find "$content" -name '*.md' | wc -l)"

  note "hugo"
  HUGO_CACHEDIR="$WORK/hugo-cache" hugo --quiet --source "$site" --destination "$site/public" \
    >"$WORK/hugo.out" 2>&1 || { cat "$WORK/hugo.out"; fail "hugo failed"; }
  sqlite3 -json "$db" 'select title, url from articles' >"$WORK/articles.json"
  python3 - "$site/public" "$WORK/articles.json" <<'PY' || fail "the Hugo site does not match the database"
import html, json, pathlib, re, sys
public = pathlib.Path(sys.argv[1])
articles = json.load(open(sys.argv[2]))
index = (public / "index.html").read_text()
listed = [html.unescape(t) for t in re.findall(r'<a class="title" href="[^"]*">(.*?)</a>', index)]
assert len(listed) == len(articles), f"{len(listed)} titles listed, {len(articles)} articles"
for a in articles:
    n = listed.count(a["title"])
    assert n == 1, f"{a['title']!r} listed {n} times"
pages = list((public / "news").glob("*/index.html"))
assert len(pages) == len(articles), f"{len(pages)} article pages"
canonical = set()
for page in pages:
    text = page.read_text()
    assert "raw HTML omitted" not in text, f"{page}: Hugo dropped the body"
    assert '<div class="gazette-article">' in text, f"{page}: no article body"
    canonical |= {html.unescape(u) for u in re.findall(r'<link rel="canonical" href="([^"]*)">', text)}
assert canonical == {a["url"] for a in articles}, canonical ^ {a["url"] for a in articles}
print(f"{len(articles)} titles listed once, {len(pages)} pages with their body and canonical URL")
PY

  note "second export: nothing changed, nothing written"
  find "$content" -type f -printf '%P %T@ %s\n' | sort >"$WORK/before"
  out=$("$GAZETTE" --db "$db" export --format hugo --out "$content") || fail "second export failed"
  expect_eq "second export" "written 0, unchanged $n, removed 0" "$out"
  find "$content" -type f -printf '%P %T@ %s\n' | sort >"$WORK/after"
  diff "$WORK/before" "$WORK/after" || fail "the second export touched files"
}

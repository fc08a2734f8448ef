#!/usr/bin/env bash
# Feeds in legacy code pages, UTF-16 and double-encoded UTF-8, polled over
# HTTP, read back with Python's sqlite3 module (which fails on a TEXT value
# that is not UTF-8): every title is the right Unicode text. The fixtures
# (tests/fixtures/charset-site/make_fixtures.py) cover a declaration with a
# wrong server charset, a header charset with no declaration, a header that
# disagrees with the declaration, no label at all, UTF-16 with and without a
# BOM; mojibake repaired while correct Latin text is kept; percent-escapes
# in links kept as published; UTF-8 served as text/xml without a charset
# (us-ascii by RFC 3023) stored right, the override shown by `gazette sources`.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/charset-site" https://charset.example
base="http://127.0.0.1:$SITE_PORT"
{
  echo "[daemon]"
  echo "database = \"$WORK/gazette.db\""
  for f in cp1251 koi8r latin1 header-only header-disagrees utf16-bom utf16-nobom mojibake percent text-xml-utf8; do
    echo "[[feed]]"
    echo "url = \"$base/$f.xml\""
  done
} >"$WORK/gazette.toml"

note "poll"
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" \
  || { cat "$WORK/poll.err"; fail "poll exited $?"; }
db="$WORK/gazette.db"
expect_eq "fetches without error" 10 "$(sql "$db" "select count(*) from fetches where error=''")"

note "read back with Python's sqlite3"
python3 - "$db" "$base" <<'PY' || fail "python check failed"
import sqlite3, sys

db, base = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
# Every TEXT value of every row: the module raises on one that is not UTF-8.
for (table,) in con.execute("select name from sqlite_master where type='table'").fetchall():
    for row in con.execute(f'select * from "{table}"'):
        for value in row:
            if isinstance(value, str) and "\ufffd" in value:
                sys.exit(f"U+FFFD in {table}: {row!r}")

expected = {
    "cp1251": "Новости дня: Москва",
    "koi8r": "Погода в Санкт-Петербурге",
    "latin1": "Kältewelle in München: Straßen gesperrt",
    "header-only": "Срочные новости",
    "header-disagrees": "Заголовок статьи",
    "utf16-bom": "Ελληνικά νέα",
    "utf16-nobom": "日本のニュース",
    "mojibake": "Kältewelle „heute“",
    "portuguese": "SÃO PAULO: Ã frente da fila",
    "french": "Noël à l'Élysée, cœur ouvert",
    "german": "Kältewelle in München, Straße",
    "text-xml-utf8": "Grüße aus Köln",
}
failed = False
for guid, title in expected.items():
    rows = con.execute(
        "select title, content_text from articles where guid = ?", (guid,)).fetchall()
    if rows != [(title, title)]:
        print(f"{guid}: expected {title!r}, got {rows!r}")
        failed = True

feed_title = con.execute(
    "select feed_title from sources where url like '%/mojibake.xml'").fetchone()
if feed_title != ("Nachrichten für Köln",):
    print(f"feed title: expected 'Nachrichten für Köln', got {feed_title!r}")
    failed = True

urls = {t: u for t, u in con.execute("select title, url from articles where title in ('Relative', 'Absolute')")}
want = {"Relative": f"{base}/news/rock%26roll%21.html", "Absolute": f"{base}/q/a%2Fb%26c"}
if urls != want:
    print(f"links: expected {want!r}, got {urls!r}")
    failed = True
sys.exit(1 if failed else 0)
PY
note "the charset override is the fetch's warning"
"$GAZETTE" --config "$WORK/gazette.toml" sources >"$WORK/sources.out" 2>&1 || fail "sources exited $?"
grep -A3 'text-xml-utf8.xml' "$WORK/sources.out" \
  | grep -q 'warning CharacterEncodingOverride: document declared as us-ascii, but parsed as utf-8' \
  || { cat "$WORK/sources.out"; fail "no override warning for text-xml-utf8.xml"; }
# A header that disagrees with the bytes: the charset Gazette read them in.
grep -A3 'header-disagrees.xml' "$WORK/sources.out" \
  | grep -q 'warning CharacterEncodingOverride: document declared as iso-8859-1, but parsed as windows-1251' \
  || { cat "$WORK/sources.out"; fail "no override warning for header-disagrees.xml"; }
# A feed whose labels are right has none.
grep -A3 '/percent.xml' "$WORK/sources.out" | grep -q 'warning' \
  && { cat "$WORK/sources.out"; fail "warning on percent.xml"; }
echo "PASS"

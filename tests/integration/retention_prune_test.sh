#!/usr/bin/env bash
# Retention against a feed served by the test server on 127.0.0.1: poll,
# `gazette prune --dry-run` (changes nothing), `gazette prune`, poll again.
# Old articles the feed no longer shows are pruned; old ones it still shows
# are kept; a pruned item the feed lists again does not come back
# (tombstones); the full-text index and the sightings stay consistent (read
# back with Python's sqlite3).
source "$(dirname "$0")/../support/lib.sh"

mkdir -p "$WORK/site"
recent=$(date -u -R)
# write_feed ITEM...: an RSS feed of the named items; old-N items were
# published in 2020, new-N items now.
write_feed() {
  {
    echo '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour news</title>'
    echo '<link>https://harbour.example/</link>'
    local id date
    for id in "$@"; do
      case $id in old-*) date="Wed, 01 Jan 2020 10:00:00 +0000" ;; *) date=$recent ;; esac
      echo "<item><title>Story $id</title><link>https://harbour.example/$id</link>"
      echo "<guid>urn:harbour:$id</guid><pubDate>$date</pubDate>"
      echo "<description>Ferry timetable text for $id</description></item>"
    done
    echo '</channel></rss>'
  } >"$WORK/site/feed.xml.tmp"
  mv "$WORK/site/feed.xml.tmp" "$WORK/site/feed.xml"
}

start_server SITE "$WORK/site" https://harbour.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$db"
[retention]
max_age = "30d"
[[feed]]
url = "$base/feed.xml"
TOML
poll() {
  "$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" \
    || { cat "$WORK/poll.err"; fail "poll exited $?"; }
}

note "poll: five old items and a new one"
write_feed old-1 old-2 old-3 old-4 old-5 new-1
poll
expect_eq "articles after the first poll" 6 "$(sql "$db" "select count(*) from articles")"

note "the feed moves on: old-4 and old-5 are still in it"
sleep 1  # a new Last-Modified second for the changed file
write_feed old-4 old-5 new-1 new-2
poll
expect_eq "articles after the second poll" 7 "$(sql "$db" "select count(*) from articles")"

note "prune --dry-run changes nothing"
dry=$("$GAZETTE" --config "$WORK/gazette.toml" prune --dry-run)
expect_contains "dry run" "$dry" "would prune 3 articles"
expect_contains "dry run names the article" "$dry" "$base/old-1 Story old-1"
expect_eq "articles after the dry run" 7 "$(sql "$db" "select count(*) from articles")"

note "prune"
out=$("$GAZETTE" --config "$WORK/gazette.toml" prune)
expect_contains "prune" "$out" "pruned 3 articles"
expect_eq "articles after pruning" 4 "$(sql "$db" "select count(*) from articles")"

note "the feed lists the pruned items again: they stay out"
sleep 1
write_feed old-1 old-2 old-3 old-4 old-5 new-1 new-2
poll
expect_eq "articles after polling again" 4 "$(sql "$db" "select count(*) from articles")"

note "read back with Python's sqlite3"
python3 - "$db" "$base" <<'PY' || fail "python check failed"
import sqlite3, sys

con = sqlite3.connect(sys.argv[1])
urls = sorted(u for (u,) in con.execute("select url from articles_v"))
want = [f"{sys.argv[2]}/{i}" for i in ("new-1", "new-2", "old-4", "old-5")]
if urls != want:
    sys.exit(f"articles: {urls!r}, expected {want!r}")
if con.execute("select user_version from pragma_user_version").fetchone()[0] < 5:
    sys.exit("schema version below 5")
# Two keys (url and guid) per pruned article; each stamped by the last poll.
stones = con.execute("select count(*), count(seen) from tombstones").fetchone()
if stones != (6, 6):
    sys.exit(f"tombstones (all, seen again): {stones!r}, expected (6, 6)")
con.execute("insert into articles_fts(articles_fts, rank) values ('integrity-check', 1)")
hits = con.execute("select count(*) from articles_fts where articles_fts match 'ferry'").fetchone()[0]
if hits != 4:
    sys.exit(f"full-text hits: {hits}, expected 4")
for table in ("sightings", "article_keys"):
    orphans = con.execute(
        f"select count(*) from {table} where article_id not in (select id from articles)").fetchone()[0]
    if orphans:
        sys.exit(f"{orphans} {table} rows without their article")
if con.execute("pragma integrity_check").fetchone()[0] != "ok":
    sys.exit("integrity_check failed")
PY
echo "ok"

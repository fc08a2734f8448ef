#include "storage/migrations.h"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include <iterator>

#include "storage/database.h"

namespace gazette {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append only: a released migration is never edited. docs/schema.md
// describes the schema they add up to.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE sources (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('feed', 'page')),
  url              TEXT NOT NULL UNIQUE,
  fetch_url        TEXT NOT NULL,
  title            TEXT NOT NULL DEFAULT '',
  feed_title       TEXT NOT NULL DEFAULT '',
  tags             TEXT NOT NULL DEFAULT '',
  interval_seconds INTEGER NOT NULL CHECK (interval_seconds > 0),
  etag             TEXT NOT NULL DEFAULT '',
  last_modified    TEXT NOT NULL DEFAULT '',
  last_polled      TEXT,
  next_poll        TEXT,
  last_status      INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',
  error_count      INTEGER NOT NULL DEFAULT 0,
  created          TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  guid          TEXT NOT NULL DEFAULT '',
  url           TEXT NOT NULL DEFAULT '',
  title         TEXT NOT NULL DEFAULT '',
  author        TEXT NOT NULL DEFAULT '',
  summary       TEXT NOT NULL DEFAULT '',
  content_html  TEXT NOT NULL DEFAULT '',
  content_text  TEXT NOT NULL DEFAULT '',
  image_url     TEXT NOT NULL DEFAULT '',
  categories    TEXT NOT NULL DEFAULT '',
  published     TEXT,
  updated       TEXT,
  first_seen    TEXT NOT NULL,
  last_seen     TEXT NOT NULL,
  content_hash  TEXT NOT NULL
) STRICT;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source_id);
CREATE INDEX articles_url ON articles(url);

CREATE TABLE article_keys (
  key         TEXT PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX article_keys_article ON article_keys(article_id);

CREATE TABLE sightings (
  article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  block         TEXT NOT NULL DEFAULT '',
  position      INTEGER NOT NULL DEFAULT 0,
  content_hash  TEXT NOT NULL DEFAULT '',
  first_seen    TEXT NOT NULL,
  last_seen     TEXT NOT NULL,
  PRIMARY KEY (article_id, source_id, block)
) STRICT;
CREATE INDEX sightings_source ON sightings(source_id);

CREATE TABLE fetches (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  started        TEXT NOT NULL,
  duration_ms    INTEGER NOT NULL,
  http_status    INTEGER NOT NULL,
  bytes          INTEGER NOT NULL,
  items_seen     INTEGER NOT NULL DEFAULT 0,
  items_new      INTEGER NOT NULL DEFAULT 0,
  items_updated  INTEGER NOT NULL DEFAULT 0,
  error          TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX fetches_source_started ON fetches(source_id, started);
)sql"},
    {2, R"sql(
-- Newest first, as readers and exports list articles.
CREATE INDEX articles_published_or_seen ON articles(coalesce(published, first_seen));

-- The public read API: readers query these views, not the tables above.
-- Their columns are a contract (docs/schema.md); changing them needs a new
-- migration, a version bump and a changelog entry.
CREATE VIEW articles_v AS
SELECT a.id                              AS id,
       a.title                           AS title,
       a.url                             AS url,
       s.url                             AS source_url,
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END AS source_title,
       s.tags                            AS tags,
       a.author                          AS author,
       coalesce(a.published, a.first_seen) AS published,
       a.updated                         AS updated,
       a.first_seen                      AS first_seen,
       a.last_seen                       AS last_seen,
       a.summary                         AS summary,
       a.content_text                    AS content_text,
       a.content_html                    AS content_html,
       a.image_url                       AS image_url,
       a.categories                      AS categories,
       (SELECT count(DISTINCT x.source_id) FROM sightings x WHERE x.article_id = a.id) AS seen_in
FROM articles a JOIN sources s ON s.id = a.source_id;

CREATE VIEW sources_v AS
SELECT s.id                              AS id,
       s.url                             AS url,
       s.kind                            AS kind,
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END AS title,
       s.fetch_url                       AS fetch_url,
       s.tags                            AS tags,
       s.interval_seconds                AS interval_seconds,
       s.last_polled                     AS last_polled,
       s.last_status                     AS last_status,
       s.last_error                      AS last_error,
       s.error_count                     AS error_count,
       CASE WHEN s.error_count > 0 THEN
         (SELECT min(f.started) FROM fetches f
          WHERE f.source_id = s.id AND f.error != ''
            AND f.started > coalesce((SELECT max(g.started) FROM fetches g
                                      WHERE g.source_id = s.id AND g.error = ''), ''))
       END                               AS failing_since,
       s.next_poll                       AS next_poll,
       s.created                         AS created,
       (SELECT count(DISTINCT x.article_id) FROM sightings x WHERE x.source_id = s.id) AS articles
FROM sources s;

-- Full-text index over title and text. External content: the text lives in
-- articles only. Plain SQL triggers keep it in sync, so any SQLite client
-- (the sqlite3 CLI included) that edits articles keeps the index right.
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, content_text,
  content='articles', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
-- `ORDER BY rank` ranks title hits ten times higher than text hits.
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, content_text)
  VALUES (new.id, new.title, new.content_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, content_text)
  VALUES ('delete', old.id, old.title, old.content_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, title, content_text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, content_text)
  VALUES ('delete', old.id, old.title, old.content_text);
  INSERT INTO articles_fts(rowid, title, content_text)
  VALUES (new.id, new.title, new.content_text);
END;

INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
)sql"},
    {3, R"sql(
-- What a size or nesting limit took from a fetched document ("HTML nested
-- deeper than 256 elements: the rest was cut"): NULL when nothing.
ALTER TABLE fetches ADD COLUMN warning TEXT;

-- sources_v gains last_warning, the warning of the source's last fetch.
DROP VIEW sources_v;
CREATE VIEW sources_v AS
SELECT s.id                              AS id,
       s.url                             AS url,
       s.kind                            AS kind,
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END AS title,
       s.fetch_url                       AS fetch_url,
       s.tags                            AS tags,
       s.interval_seconds                AS interval_seconds,
       s.last_polled                     AS last_polled,
       s.last_status                     AS last_status,
       s.last_error                      AS last_error,
       s.error_count                     AS error_count,
       CASE WHEN s.error_count > 0 THEN
         (SELECT min(f.started) FROM fetches f
          WHERE f.source_id = s.id AND f.error != ''
            AND f.started > coalesce((SELECT max(g.started) FROM fetches g
                                      WHERE g.source_id = s.id AND g.error = ''), ''))
       END                               AS failing_since,
       s.next_poll                       AS next_poll,
       s.created                         AS created,
       (SELECT count(DISTINCT x.article_id) FROM sightings x WHERE x.source_id = s.id) AS articles,
       (SELECT f.warning FROM fetches f WHERE f.source_id = s.id
        ORDER BY f.started DESC, f.id DESC LIMIT 1) AS last_warning
FROM sources s;
)sql"},
    {4, R"sql(
-- The media an article offers (podcast episodes, photo and video
-- renditions): a JSON array of {url, type, length, medium, source}, '[]'
-- when none (docs/schema.md).
ALTER TABLE articles ADD COLUMN enclosures TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(enclosures) AND json_type(enclosures) = 'array');

-- articles_v gains enclosures at the end.
DROP VIEW articles_v;
CREATE VIEW articles_v AS
SELECT a.id                              AS id,
       a.title                           AS title,
       a.url                             AS url,
       s.url                             AS source_url,
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END AS source_title,
       s.tags                            AS tags,
       a.author                          AS author,
       coalesce(a.published, a.first_seen) AS published,
       a.updated                         AS updated,
       a.first_seen                      AS first_seen,
       a.last_seen                       AS last_seen,
       a.summary                         AS summary,
       a.content_text                    AS content_text,
       a.content_html                    AS content_html,
       a.image_url                       AS image_url,
       a.categories                      AS categories,
       (SELECT count(DISTINCT x.source_id) FROM sightings x WHERE x.article_id = a.id) AS seen_in,
       a.enclosures                      AS enclosures
FROM articles a JOIN sources s ON s.id = a.source_id;
)sql"},
    {5, R"sql(
-- Retention (storage/retention.h). When the source's latest document with
-- items was written: its sightings with last_seen at or after this time are
-- what that document showed, and retention never deletes those articles.
-- NULL until the source's first document with items. Existing sources start
-- from their newest sighting, the same time by construction.
ALTER TABLE sources ADD COLUMN last_document TEXT;
UPDATE sources SET last_document =
  (SELECT max(x.last_seen) FROM sightings x WHERE x.source_id = sources.id);

-- The dedup keys (article_keys.key) of pruned articles: a poll that meets
-- one again does not store the item a second time. `seen` is the last time
-- a poll met it; a tombstone no poll met for a long time is forgotten.
CREATE TABLE tombstones (
  key     TEXT PRIMARY KEY,
  pruned  TEXT NOT NULL,
  seen    TEXT
) STRICT, WITHOUT ROWID;
)sql"},
    {6, R"sql(
-- Politeness under pressure (poll/poll_interval.h, poll/body_fingerprint.h).
-- body_hash: SHA-256 (hex) of the last document parsed and stored, over the
-- decoded body and the settings that shape its parse; a 200 with the same
-- hash is recorded as unchanged without parsing. NULL until the first.
ALTER TABLE sources ADD COLUMN body_hash TEXT;
-- What the last parsed document asks for (RSS <ttl>, sy:updatePeriod and
-- sy:updateFrequency), in seconds, already checked; NULL when nothing.
ALTER TABLE sources ADD COLUMN publisher_interval INTEGER;
-- The interval the last successful poll chose, and why ("interval",
-- "ttl 60m", "observed: 2 new items in 3d"); NULL before the first.
ALTER TABLE sources ADD COLUMN effective_interval INTEGER;
ALTER TABLE sources ADD COLUMN interval_reason TEXT;
-- 1: a 200 whose body hashed as the last one's; nothing was parsed or
-- written (like a 304).
ALTER TABLE fetches ADD COLUMN same_body INTEGER NOT NULL DEFAULT 0;
)sql"},
    {7, R"sql(
-- Politeness under pressure (docs/operations.md, "Moved, gone and blocked
-- sources"). A permanent redirect (301/308) is counted before the fetch URL
-- moves: redirect_url is where the last polls were sent, redirect_count how
-- many consecutive polls in a row said so. A source that answered 410 Gone
-- is disabled: disabled_at (UTC ISO-8601, NULL while enabled) and why.
-- config_digest identifies the config entry (or `gazette add`) that last
-- wrote the row: a different entry re-enables a disabled source.
ALTER TABLE sources ADD COLUMN redirect_url TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN redirect_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN disabled_at TEXT;
ALTER TABLE sources ADD COLUMN disabled_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN config_digest TEXT NOT NULL DEFAULT '';

-- sources_v gains disabled_at, disabled_reason, redirect_url and
-- redirect_count at the end.
DROP VIEW sources_v;
CREATE VIEW sources_v AS
SELECT s.id                              AS id,
       s.url                             AS url,
       s.kind                            AS kind,
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END AS title,
       s.fetch_url                       AS fetch_url,
       s.tags                            AS tags,
       s.interval_seconds                AS interval_seconds,
       s.last_polled                     AS last_polled,
       s.last_status                     AS last_status,
       s.last_error                      AS last_error,
       s.error_count                     AS error_count,
       CASE WHEN s.error_count > 0 THEN
         (SELECT min(f.started) FROM fetches f
          WHERE f.source_id = s.id AND f.error != ''
            AND f.started > coalesce((SELECT max(g.started) FROM fetches g
                                      WHERE g.source_id = s.id AND g.error = ''), ''))
       END                               AS failing_since,
       s.next_poll                       AS next_poll,
       s.created                         AS created,
       (SELECT count(DISTINCT x.article_id) FROM sightings x WHERE x.source_id = s.id) AS articles,
       (SELECT f.warning FROM fetches f WHERE f.source_id = s.id
        ORDER BY f.started DESC, f.id DESC LIMIT 1) AS last_warning,
       s.disabled_at                     AS disabled_at,
       s.disabled_reason                 AS disabled_reason,
       s.redirect_url                    AS redirect_url,
       s.redirect_count                  AS redirect_count
FROM sources s;
)sql"},
    {8, R"sql(
-- The daemon's scheduler asks for the sources due now at every wake
-- (SourceStore::due, SourceStore::next_due_after): with this index it reads
-- those few rows instead of every source.
CREATE INDEX IF NOT EXISTS sources_next_poll ON sources(next_poll);
)sql"},
    {9, R"sql(
-- Stories (issue 15): articles of different outlets that report the same
-- news, grouped as they are stored (storage/story_assigner.h, docs/
-- stories.md). first_published/last_published span the story's articles;
-- the assigner reloads the stories of the window from them.
CREATE TABLE stories (
  id               INTEGER PRIMARY KEY,
  created          TEXT NOT NULL,
  first_published  TEXT NOT NULL,
  last_published   TEXT NOT NULL
) STRICT;
CREATE INDEX stories_last_published ON stories(last_published);

-- NULL: stored while [stories] was off, or before this migration.
ALTER TABLE articles ADD COLUMN story_id INTEGER;
CREATE INDEX articles_story ON articles(story_id);

-- articles_v gains story_id at the end.
DROP VIEW articles_v;
CREATE VIEW articles_v AS
SELECT a.id                              AS id,
       a.title                           AS title,
       a.url                             AS url,
       s.url                             AS source_url,
       CASE WHEN s.title != '' THEN s.title ELSE s.feed_title END AS source_title,
       s.tags                            AS tags,
       a.author                          AS author,
       coalesce(a.published, a.first_seen) AS published,
       a.updated                         AS updated,
       a.first_seen                      AS first_seen,
       a.last_seen                       AS last_seen,
       a.summary                         AS summary,
       a.content_text                    AS content_text,
       a.content_html                    AS content_html,
       a.image_url                       AS image_url,
       a.categories                      AS categories,
       (SELECT count(DISTINCT x.source_id) FROM sightings x WHERE x.article_id = a.id) AS seen_in,
       a.enclosures                      AS enclosures,
       a.story_id                        AS story_id
FROM articles a JOIN sources s ON s.id = a.source_id;

-- One row per story that has articles. title: its first article's;
-- article_ids: a JSON array of its articles' ids, first published first.
CREATE VIEW stories_v AS
SELECT st.id                                        AS story_id,
       (SELECT f.title FROM articles f WHERE f.story_id = st.id
        ORDER BY coalesce(f.published, f.first_seen), f.id LIMIT 1) AS title,
       min(coalesce(a.published, a.first_seen))     AS first_published,
       max(coalesce(a.published, a.first_seen))     AS last_published,
       count(*)                                     AS articles,
       count(DISTINCT a.source_id)                  AS sources,
       (SELECT json_group_array(o.id) FROM
          (SELECT g.id FROM articles g WHERE g.story_id = st.id
           ORDER BY coalesce(g.published, g.first_seen), g.id) o) AS article_ids
FROM stories st JOIN articles a ON a.story_id = st.id
GROUP BY st.id;
)sql"},
};

}  // namespace

int current_schema_version() {
  return std::size(kMigrations) == 0 ? 0 : std::rbegin(kMigrations)->version;
}

void migrate(SQLite::Database& db) {
  int version = db.execAndGet("PRAGMA user_version").getInt();
  if (version > current_schema_version())
    throw StorageError(fmt::format(
        "{}: database schema version {} is newer than this Gazette supports ({}); upgrade Gazette",
        db.getFilename(), version, current_schema_version()));
  for (const Migration& m : kMigrations) {
    if (m.version <= version) continue;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while we waited for the write lock.
    if (db.execAndGet("PRAGMA user_version").getInt() >= m.version) continue;
    db.exec(m.sql);
    db.exec(fmt::format("PRAGMA user_version = {}", m.version));
    transaction.commit();
  }
}

}  // namespace gazette

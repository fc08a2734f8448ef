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
};

}  // namespace

int current_schema_version() { return std::size(kMigrations) == 0 ? 0 : std::rbegin(kMigrations)->version; }

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

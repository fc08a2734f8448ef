// Test databases "from an older Gazette": the current schema taken back to
// an older version, undoing one migration at a time (newest first), so that
// each test of an upgrade path names only the version it starts from. A new
// migration adds its undo here, once.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace gazette::test_support {

inline void downgrade_schema(SQLite::Database& db, int version) {
  struct Undo {
    int version;  // the migration this undoes
    const char* sql;
  };
  static constexpr Undo kUndo[] = {
      {9,
       "DROP VIEW stories_v; DROP VIEW articles_v; DROP INDEX articles_story; "
       "ALTER TABLE articles DROP COLUMN story_id; DROP TABLE stories;"},
      {8, "DROP INDEX IF EXISTS sources_next_poll;"},
      // Politeness: its columns, and sources_v back to a stub.
      {7,
       "DROP VIEW sources_v; ALTER TABLE sources DROP COLUMN redirect_url; "
       "ALTER TABLE sources DROP COLUMN redirect_count; ALTER TABLE sources DROP COLUMN "
       "disabled_at; ALTER TABLE sources DROP COLUMN disabled_reason; ALTER TABLE sources "
       "DROP COLUMN config_digest; CREATE VIEW sources_v AS SELECT id FROM sources;"},
      {6,
       "ALTER TABLE sources DROP COLUMN body_hash; ALTER TABLE sources DROP COLUMN "
       "publisher_interval; ALTER TABLE sources DROP COLUMN effective_interval; ALTER TABLE "
       "sources DROP COLUMN interval_reason; ALTER TABLE fetches DROP COLUMN same_body;"},
      {5, "DROP TABLE tombstones; ALTER TABLE sources DROP COLUMN last_document;"},
      {4,
       "DROP VIEW IF EXISTS articles_v; ALTER TABLE articles DROP COLUMN enclosures; "
       "CREATE VIEW articles_v AS SELECT id, title FROM articles;"},
      {3, "ALTER TABLE fetches DROP COLUMN warning;"},
      {2,
       "DROP VIEW articles_v; DROP VIEW sources_v; DROP TRIGGER articles_fts_insert; "
       "DROP TRIGGER articles_fts_update; DROP TRIGGER articles_fts_delete; "
       "DROP TABLE articles_fts; DROP INDEX articles_published_or_seen;"},
  };
  for (const Undo& undo : kUndo)
    if (undo.version > version) db.exec(undo.sql);
  db.exec("PRAGMA user_version = " + std::to_string(version));
}

}  // namespace gazette::test_support

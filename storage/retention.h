// Retention: pruning old articles ([retention] in the config), the
// tombstones that keep a pruned item from coming back, and the database's
// periodic upkeep (PRAGMA optimize, incremental vacuum). docs/schema.md,
// "Retention", says what is kept and why.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.h"
#include "feeds/feed_item.h"

namespace gazette {

// A tombstone no poll has met for this long is forgotten (its item may
// then come back, as a new article, if a source shows it again).
inline constexpr std::int64_t kTombstoneKeepSeconds = 180 * 86'400;

// Articles deleted per transaction: the daemon stores nothing while one runs.
inline constexpr int kPruneBatch = 500;

struct PrunedArticle {
  std::int64_t id = 0;
  std::int64_t source_id = 0;
  std::string source_url;
  std::string url;
  std::string title;
  std::string published;  // coalesce(published, first_seen)
  std::string reason;     // "max_age" or "max_per_source"
};

struct PruneResult {
  std::vector<PrunedArticle> articles;  // pruned, or that would be (dry run)
  std::int64_t tombstones_added = 0;
  std::int64_t tombstones_forgotten = 0;
};

// The articles `settings` prunes at `now`: older than max_age (by
// coalesce(published, first_seen)), or beyond the newest max_per_source of
// the source that created them; never one that any source's latest
// document with items still shows (sources.last_document), nor the article
// with the highest id (so that no id is ever reused). Oldest first.
std::vector<PrunedArticle> select_prunable(SQLite::Database& db, const RetentionSettings& settings,
                                           UnixTime now);

// Deletes what select_prunable() names, in transactions of kPruneBatch:
// each article with its keys, sightings and full-text entry (explicitly, so
// a connection that runs without triggers keeps articles_fts right), and a
// tombstone for each of its keys. Forgets tombstones older than
// kTombstoneKeepSeconds. `dry_run`: only selects. Throws SQLite::Exception.
PruneResult prune(SQLite::Database& db, const RetentionSettings& settings, UnixTime now,
                  bool dry_run);

// PRAGMA optimize, then PRAGMA incremental_vacuum (which frees pages only
// in a database created with auto_vacuum=INCREMENTAL, see database.h).
// Returns the pages freed.
std::int64_t maintain(SQLite::Database& db);

}  // namespace gazette

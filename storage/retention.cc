#include "storage/retention.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>

#include "storage/database.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

// Articles some source's latest document with items showed: their sighting
// by that source was written at (or after) that document.
constexpr const char* kShownLast =
    "SELECT x.article_id FROM sightings x JOIN sources s ON s.id = x.source_id "
    "WHERE s.last_document IS NOT NULL AND x.last_seen >= s.last_document";

}  // namespace

std::vector<PrunedArticle> select_prunable(SQLite::Database& db, const RetentionSettings& settings,
                                           UnixTime now) {
  std::vector<PrunedArticle> out;
  if (!settings.enabled()) return out;
  SQLite::Statement q(
      db, std::string("WITH ranked AS (SELECT id, row_number() OVER (PARTITION BY source_id "
                      "ORDER BY coalesce(published, first_seen) DESC, id DESC) AS n FROM articles) "
                      "SELECT a.id, a.source_id, s.url, a.url, a.title, "
                      "coalesce(a.published, a.first_seen) AS p, "
                      "CASE WHEN ?1 IS NOT NULL AND coalesce(a.published, a.first_seen) < ?1 "
                      "THEN 'max_age' ELSE 'max_per_source' END "
                      "FROM articles a JOIN ranked r ON r.id = a.id "
                      "JOIN sources s ON s.id = a.source_id "
                      "WHERE ((?1 IS NOT NULL AND coalesce(a.published, a.first_seen) < ?1) "
                      "OR (?2 IS NOT NULL AND r.n > ?2)) "
                      // The highest id stays: SQLite gives a new row the
                      // largest rowid plus one, so an article id is never
                      // handed to a second article (readers key on it).
                      "AND a.id != (SELECT max(id) FROM articles) AND a.id NOT IN (") +
              kShownLast + ") ORDER BY p, a.id");
  if (settings.max_age)
    q.bind(1, format_utc(now - settings.max_age->count()));
  else
    q.bind(1);
  if (settings.max_per_source)
    q.bind(2, *settings.max_per_source);
  else
    q.bind(2);
  while (q.executeStep()) {
    PrunedArticle a;
    a.id = q.getColumn(0).getInt64();
    a.source_id = q.getColumn(1).getInt64();
    a.source_url = q.getColumn(2).getString();
    a.url = q.getColumn(3).getString();
    a.title = q.getColumn(4).getString();
    a.published = q.getColumn(5).getString();
    a.reason = q.getColumn(6).getString();
    out.push_back(std::move(a));
  }
  return out;
}

PruneResult prune(SQLite::Database& db, const RetentionSettings& settings, UnixTime now,
                  bool dry_run) {
  PruneResult result;
  result.articles = select_prunable(db, settings, now);
  if (dry_run) return result;
  const std::string stamp = format_utc(now);
  const bool unindex = !triggers_enabled(db);
  SQLite::Statement bury(db,
                         "INSERT INTO tombstones (key, pruned) SELECT key, ?2 FROM article_keys "
                         "WHERE article_id = ?1 ON CONFLICT(key) DO UPDATE SET pruned = ?2");
  SQLite::Statement unindex_text(
      db,
      "INSERT INTO articles_fts (articles_fts, rowid, title, content_text) "
      "SELECT 'delete', id, title, content_text FROM articles WHERE id = ?1");
  SQLite::Statement drop_keys(db, "DELETE FROM article_keys WHERE article_id = ?1");
  SQLite::Statement drop_sightings(db, "DELETE FROM sightings WHERE article_id = ?1");
  SQLite::Statement drop_article(db, "DELETE FROM articles WHERE id = ?1");
  auto run = [](SQLite::Statement& q, std::int64_t id) {
    q.reset();
    q.bind(1, id);
    q.exec();
  };
  for (std::size_t start = 0; start < result.articles.size(); start += kPruneBatch) {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::size_t end = std::min(result.articles.size(), start + kPruneBatch);
    for (std::size_t i = start; i < end; ++i) {
      std::int64_t id = result.articles[i].id;
      bury.reset();
      bury.bind(1, id);
      bury.bind(2, stamp);
      result.tombstones_added += bury.exec();
      // Keys and sightings would go by the foreign keys' cascade too; said
      // explicitly, they go on a connection without foreign keys as well.
      if (unindex) run(unindex_text, id);
      run(drop_keys, id);
      run(drop_sightings, id);
      run(drop_article, id);
    }
    transaction.commit();
  }
  SQLite::Statement forget(db, "DELETE FROM tombstones WHERE coalesce(seen, pruned) < ?1");
  forget.bind(1, format_utc(now - kTombstoneKeepSeconds));
  result.tombstones_forgotten = forget.exec();
  return result;
}

std::int64_t maintain(SQLite::Database& db) {
  db.exec("PRAGMA optimize");
  std::int64_t before = db.execAndGet("PRAGMA freelist_count").getInt64();
  // Returns a row per page freed; stepping runs it.
  SQLite::Statement vacuum(db, "PRAGMA incremental_vacuum");
  while (vacuum.executeStep()) {
  }
  std::int64_t after = db.execAndGet("PRAGMA freelist_count").getInt64();
  return std::max<std::int64_t>(0, before - after);
}

}  // namespace gazette

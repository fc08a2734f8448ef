// Retention and upkeep on PostgreSQL: storage/retention.h's meanings.
#include <fmt/format.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "storage/postgres/pg_host_gate.h"
#include "storage/postgres/pg_store.h"
#include "storage/postgres/pg_time.h"

namespace gazette {
namespace {

// SQLite's select_prunable (storage/retention.cc), condition for condition:
// {max_age} is the cut-off time or NULL, {max_per_source} a count or NULL.
// Kept too: the article with the highest id. An identity column never hands
// an id out twice anyway, but both engines then prune the same articles.
// (Pruning needs no such care for articles.story_seq, the pollers' story
// watermark: a sequence never hands a value out twice either, so deleting
// the article with the highest one cannot make a poller skip a later one.)
constexpr const char* kPrunableSql = R"sql(
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY source_id
                                ORDER BY coalesce(published, first_seen) DESC, id DESC) AS n
  FROM articles
)
SELECT a.id, a.source_id, s.url, a.url, a.title,
       gazette_iso8601(coalesce(a.published, a.first_seen)),
       CASE WHEN {max_age}::timestamptz IS NOT NULL
                 AND coalesce(a.published, a.first_seen) < {max_age}
            THEN 'max_age' ELSE 'max_per_source' END
FROM articles a JOIN ranked r ON r.id = a.id JOIN sources s ON s.id = a.source_id
WHERE (({max_age}::timestamptz IS NOT NULL AND coalesce(a.published, a.first_seen) < {max_age})
       OR ({max_per_source}::bigint IS NOT NULL AND r.n > {max_per_source}))
  AND a.id <> (SELECT max(id) FROM articles)
  -- Never what some source's latest document with items still shows.
  AND a.id NOT IN (SELECT x.article_id FROM sightings x JOIN sources s ON s.id = x.source_id
                   WHERE s.last_document IS NOT NULL AND x.last_seen >= s.last_document)
ORDER BY coalesce(a.published, a.first_seen), a.id
)sql";

std::string id_array(const std::vector<PrunedArticle>& articles, std::size_t start,
                     std::size_t end) {
  std::string out = "{";
  for (std::size_t i = start; i < end; ++i) {
    if (i > start) out += ',';
    out += std::to_string(articles[i].id);
  }
  return out + "}";
}

}  // namespace

PruneResult PgStore::prune(const RetentionSettings& settings, UnixTime now, bool dry_run) {
  PruneResult result;
  if (!settings.enabled()) return result;
  with_transaction([&](pqxx::work& tx) {
    std::string max_age =
        settings.max_age ? pg_timestamp(tx, now - settings.max_age->count()) : "NULL";
    std::string max_per_source =
        settings.max_per_source ? tx.quote(*settings.max_per_source) : "NULL";
    for (const pqxx::row& row : tx.exec(fmt::format(kPrunableSql, fmt::arg("max_age", max_age),
                                                    fmt::arg("max_per_source", max_per_source)))) {
      PrunedArticle a;
      a.id = row[0].as<std::int64_t>();
      a.source_id = row[1].as<std::int64_t>();
      a.source_url = row[2].as<std::string>();
      a.url = row[3].as<std::string>();
      a.title = row[4].as<std::string>();
      a.published = row[5].as<std::string>();
      a.reason = row[6].as<std::string>();
      result.articles.push_back(std::move(a));
    }
  });
  if (dry_run) return result;
  // In transactions of kPruneBatch, as in SQLite: pollers sharing the
  // database wait on the rows of one batch at a time, not the whole prune.
  // Keys and sightings would go by the foreign keys' cascade; said
  // explicitly, as in SQLite. The full-text entry is the row's own
  // generated column: it goes with the row.
  for (std::size_t start = 0; start < result.articles.size(); start += kPruneBatch) {
    std::size_t end = std::min(result.articles.size(), start + kPruneBatch);
    std::string ids = id_array(result.articles, start, end);
    with_transaction([&](pqxx::work& tx) {
      result.tombstones_added += tx.exec_params(
                                       "INSERT INTO tombstones (key, pruned)"
                                       " SELECT key, to_timestamp($2) FROM article_keys WHERE "
                                       "article_id = ANY($1::bigint[])"
                                       " ON CONFLICT (key) DO UPDATE SET pruned = excluded.pruned",
                                       ids, now)
                                     .affected_rows();
      tx.exec_params("DELETE FROM article_keys WHERE article_id = ANY($1::bigint[])", ids);
      tx.exec_params("DELETE FROM sightings WHERE article_id = ANY($1::bigint[])", ids);
      tx.exec_params("DELETE FROM articles WHERE id = ANY($1::bigint[])", ids);
    });
  }
  with_transaction([&](pqxx::work& tx) {
    result.tombstones_forgotten =
        tx.exec_params("DELETE FROM tombstones WHERE coalesce(seen, pruned) < to_timestamp($1)",
                       now - kTombstoneKeepSeconds)
            .affected_rows();
  });
  return result;
}

std::int64_t PgStore::maintain() {
  // SQLite's upkeep is PRAGMA optimize (fresh planner statistics) and an
  // incremental vacuum (free pages back to the file system). On PostgreSQL
  // the server's autovacuum reclaims dead rows by itself, and VACUUM cannot
  // run inside a transaction; what Gazette does is ANALYZE of its tables,
  // the planner statistics, right after a prune changed them a lot. No
  // pages are freed here: 0.
  with_transaction([&](pqxx::work& tx) {
    tx.exec("ANALYZE sources, stories, articles, article_keys, sightings, fetches, tombstones");
  });
  // The pollers' per-host state of hosts no source asks any more (removed
  // sources, hosts of redirects and pages followed once): a day after
  // their last turn or hold (pg_host_gate.h).
  with_transaction([&](pqxx::work& tx) { forget_idle_hosts(tx); });
  return 0;
}

}  // namespace gazette

// Sources, and leases of due sources: SourceStore's meanings
// (storage/source_store.cc) in PostgreSQL's SQL, plus the lease that gives
// each due source to one poller at a time (docs/schema.md, "PostgreSQL").
#include <fmt/format.h>

#include <pqxx/pqxx>

#include "base/clock.h"
#include "base/text.h"
#include "feeds/charset.h"
#include "feeds/url_normalize.h"
#include "storage/postgres/pg_store.h"

namespace gazette {
namespace {

// Times are read as whole Unix seconds (the tables hold timestamptz).
constexpr const char* kColumns =
    "s.id, s.kind, s.url, s.fetch_url, CASE WHEN s.title <> '' THEN s.title ELSE s.feed_title END, "
    "s.tags, s.interval_seconds, s.etag, s.last_modified, "
    "extract(epoch FROM s.last_polled)::bigint, extract(epoch FROM s.next_poll)::bigint, "
    "s.last_status, s.last_error, s.error_count, "
    "coalesce((SELECT f.warning FROM fetches f WHERE f.source_id = s.id "
    "ORDER BY f.started DESC, f.id DESC LIMIT 1), ''), "
    "coalesce(s.body_hash, ''), s.publisher_interval, s.effective_interval, "
    "coalesce(s.interval_reason, ''), s.redirect_url, s.redirect_count, "
    "extract(epoch FROM s.disabled_at)::bigint, s.disabled_reason";

std::optional<UnixTime> optional_time(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::int64_t>();
}

SourceRow read_row(const pqxx::row& r) {
  SourceRow row;
  row.id = r[0].as<std::int64_t>();
  // sources.kind is CHECKed to be one of the two words (pg_migrations.cc).
  row.kind = r[1].as<std::string>() == "page" ? SourceKind::page : SourceKind::feed;
  row.url = r[2].as<std::string>();
  row.fetch_url = r[3].as<std::string>();
  row.title = r[4].as<std::string>();
  row.tags = split(r[5].as<std::string>(), ',');
  row.interval_seconds = r[6].as<std::int64_t>();
  row.etag = r[7].as<std::string>();
  row.last_modified = r[8].as<std::string>();
  row.last_polled = optional_time(r[9]);
  row.next_poll = optional_time(r[10]);
  row.last_status = r[11].as<int>();
  row.last_error = r[12].as<std::string>();
  row.error_count = r[13].as<int>();
  row.last_warning = r[14].as<std::string>();
  row.body_hash = r[15].as<std::string>();
  if (!r[16].is_null()) row.publisher_interval = r[16].as<std::int64_t>();
  if (!r[17].is_null()) row.effective_interval = r[17].as<std::int64_t>();
  row.interval_reason = r[18].as<std::string>();
  row.redirect_url = r[19].as<std::string>();
  row.redirect_count = r[20].as<int>();
  row.disabled_at = optional_time(r[21]);
  row.disabled_reason = r[22].as<std::string>();
  return row;
}

std::vector<SourceRow> read_rows(const pqxx::result& result) {
  std::vector<SourceRow> rows;
  rows.reserve(result.size());
  for (const pqxx::row& r : result) rows.push_back(read_row(r));
  return rows;
}

}  // namespace

std::int64_t PgStore::upsert_source(const SourceConfig& source,
                                    std::int64_t default_interval_seconds) {
  // The column invariants (storage/column_checks.h), as SourceStore::upsert.
  if (!is_absolute_http_url(source.url))
    throw StorageError(fmt::format("source {}: not an absolute http(s) URL", source.url));
  std::string title = source.title, tags = join(source.tags, ",");
  repair_utf8(title);
  repair_utf8(tags);
  const auto interval = static_cast<std::int64_t>(source.interval ? source.interval->count()
                                                                  : default_interval_seconds);
  std::int64_t id = 0;
  try {
    with_transaction([&](pqxx::work& tx) {
      id = tx.exec_params(
                 "INSERT INTO sources (kind, url, fetch_url, title, tags, interval_seconds, "
                 "created, config_digest) VALUES ($1, $2, $2, $3, $4, $5, to_timestamp($6), $7) "
                 "ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
                 "tags = excluded.tags, interval_seconds = excluded.interval_seconds, "
                 // A changed entry re-enables a source a 410 disabled.
                 "disabled_at = CASE WHEN sources.config_digest <> excluded.config_digest "
                 "THEN NULL ELSE sources.disabled_at END, "
                 "disabled_reason = CASE WHEN sources.config_digest <> excluded.config_digest "
                 "THEN '' ELSE sources.disabled_reason END, "
                 "config_digest = excluded.config_digest RETURNING id",
                 to_string(source.kind), source.url, title, tags, interval, unix_now(),
                 source_config_digest(source, interval))[0][0]
               .as<std::int64_t>();
    });
  } catch (const pqxx::sql_error& e) {
    throw StorageError(fmt::format("source {}: {}", source.url, e.what()));
  }
  return id;
}

std::vector<SourceRow> PgStore::list_sources() {
  std::vector<SourceRow> rows;
  with_transaction([&](pqxx::work& tx) {
    rows = read_rows(tx.exec(fmt::format("SELECT {} FROM sources s ORDER BY s.id", kColumns)));
  });
  return rows;
}

std::optional<SourceRow> PgStore::find_source(const std::string& url) {
  std::optional<SourceRow> row;
  with_transaction([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(fmt::format("SELECT {} FROM sources s WHERE s.url = $1 OR "
                                                "s.fetch_url = $1 ORDER BY s.url = $1 DESC LIMIT 1",
                                                kColumns),
                                    url);
    if (!r.empty()) row = read_row(r[0]);
  });
  return row;
}

bool PgStore::remove_source(const std::string& url) {
  bool removed = false;
  with_transaction([&](pqxx::work& tx) {
    removed = tx.exec_params("DELETE FROM sources WHERE url = $1", url).affected_rows() > 0;
  });
  return removed;
}

bool PgStore::enable_source(const std::string& url) {
  bool enabled = false;
  with_transaction([&](pqxx::work& tx) {
    enabled = tx.exec_params(
                    "UPDATE sources SET disabled_at = NULL, disabled_reason = '' "
                    "WHERE url = $1 AND disabled_at IS NOT NULL",
                    url)
                  .affected_rows() > 0;
  });
  return enabled;
}

void PgStore::set_next_poll(std::int64_t source_id, UnixTime when) {
  with_transaction([&](pqxx::work& tx) {
    tx.exec_params("UPDATE sources SET next_poll = to_timestamp($2) WHERE id = $1", source_id,
                   when);
    // Rescheduled: this poller is done with it (another poller that took
    // it over after this one's lease ran out keeps its lease).
    end_own_lease(tx, source_id);
  });
}

std::vector<std::string> PgStore::adopt_canonical_urls() {
  CanonicalUrlPlan plan;
  in_transaction([&] {  // the calls below join it
    plan = plan_canonical_urls(list_sources());
    for (const auto& [id, canonical] : plan.renames)
      with_transaction([&](pqxx::work& tx) {
        // SET expressions all see the row as it was: fetch_url follows the
        // url unless a permanent redirect had moved it elsewhere.
        tx.exec_params(
            "UPDATE sources SET fetch_url = CASE WHEN fetch_url = url THEN $1 "
            "ELSE fetch_url END, url = $1 WHERE id = $2",
            canonical, id);
      });
  });
  return plan.duplicates;
}

std::optional<UnixTime> PgStore::next_due_after(UnixTime now) {
  // A source another poller holds comes due for this one when its lease
  // runs out (the holder died), not at its next_poll: counted at its
  // next_poll, a leased overdue source would wake the scheduler at once,
  // again and again, for a source it cannot have. A source never polled
  // (next_poll NULL) counts too when it is leased: greatest() skips the
  // NULL, so a dead poller's first-round sources wake the others at the
  // lease's end; unleased, it is due now and not "after".
  std::optional<UnixTime> next;
  with_transaction([&](pqxx::work& tx) {
    pqxx::result r = tx.exec_params(
        "SELECT extract(epoch FROM min(t))::bigint FROM ("
        " SELECT CASE WHEN l.leased_until > to_timestamp($1) "
        "  THEN greatest(s.next_poll, l.leased_until) ELSE s.next_poll END AS t"
        " FROM sources s LEFT JOIN source_leases l ON l.source_id = s.id"
        " WHERE s.disabled_at IS NULL) due "
        "WHERE t > to_timestamp($1)",
        now);
    next = optional_time(r[0][0]);
  });
  return next;
}

void PgStore::end_own_lease(pqxx::dbtransaction& tx, std::int64_t source_id) {
  // Once per poll: prepared once per connection (preparing the same text
  // again does nothing).
  constexpr const char* kEndOwnLease =
      "DELETE FROM source_leases WHERE source_id = $1 AND holder = $2";
  tx.conn().prepare("gazette_end_own_lease", kEndOwnLease);
  tx.exec_prepared("gazette_end_own_lease", source_id, lease_holder_);
}

std::vector<SourceRow> PgStore::lease_due(UnixTime now, std::size_t limit,
                                          std::int64_t lease_seconds) {
  const std::string& holder = lease_holder_;
  std::vector<SourceRow> rows;
  with_transaction([&](pqxx::work& tx) {
    // The candidates: due, enabled, not leased by another poller (or the
    // lease ran out; this poller's own leases are renewed: the scheduler
    // asks for more rows than it can start, and what it did not start must
    // come back at its next look, not wait out the lease), the
    // longest overdue first (NULLS FIRST: never polled, as SQLite sorts
    // them). SKIP LOCKED passes over rows another poller is leasing right
    // now. NO KEY UPDATE, not UPDATE: the lock must not wait for, nor hold
    // up, the poll writers' inserts that reference the source (their
    // foreign keys take KEY SHARE locks).
    //
    // The lease row is the arbiter: a candidate read from a snapshot taken
    // before another poller's lease committed is still refused, as the
    // ON CONFLICT branch sees the latest lease and takes it over only when
    // it ran out. RETURNING lists the sources this call really leased.
    pqxx::result leased = tx.exec_params(
        "WITH due AS ("
        " SELECT s.id, s.next_poll FROM sources s"
        " WHERE s.disabled_at IS NULL"
        "  AND (s.next_poll IS NULL OR s.next_poll <= to_timestamp($1))"
        "  AND NOT EXISTS (SELECT 1 FROM source_leases l WHERE l.source_id = s.id"
        "                  AND l.leased_until > to_timestamp($1) AND l.holder <> $3)"
        " ORDER BY s.next_poll NULLS FIRST, s.id LIMIT $2"
        " FOR NO KEY UPDATE OF s SKIP LOCKED) "
        "INSERT INTO source_leases (source_id, holder, leased_until) "
        "SELECT id, $3, to_timestamp($1) + make_interval(secs => $4) FROM due "
        "ON CONFLICT (source_id) DO UPDATE SET holder = excluded.holder, "
        "leased_until = excluded.leased_until "
        "WHERE source_leases.leased_until <= to_timestamp($1) "
        "   OR source_leases.holder = excluded.holder "
        "RETURNING source_id",
        now, static_cast<std::int64_t>(limit), holder, lease_seconds);
    if (leased.empty()) return;
    std::string ids;
    for (const pqxx::row& r : leased) {
      if (!ids.empty()) ids += ',';
      ids += r[0].c_str();
    }
    rows = read_rows(
        tx.exec_params(fmt::format("SELECT {} FROM sources s WHERE s.id = ANY($1::bigint[]) "
                                   "ORDER BY s.next_poll NULLS FIRST, s.id",
                                   kColumns),
                       "{" + ids + "}"));
  });
  return rows;
}

}  // namespace gazette

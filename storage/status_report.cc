#include "storage/status_report.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <system_error>

#include "storage/time_format.h"

namespace gazette {
namespace {

constexpr UnixTime kDay = 24 * 60 * 60;

std::int64_t file_size_or_zero(const std::filesystem::path& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::int64_t>(size);
}

std::int64_t count_articles_since(SQLite::Database& db, UnixTime since) {
  SQLite::Statement query(db, "SELECT count(*) FROM articles WHERE first_seen >= ?1");
  query.bind(1, format_utc(since));
  query.executeStep();
  return query.getColumn(0).getInt64();
}

}  // namespace

StatusReport read_status_report(SQLite::Database& db, const std::filesystem::path& path,
                                UnixTime now) {
  StatusReport report;
  // One read transaction: every number comes from the same snapshot, even
  // while the daemon commits.
  SQLite::Transaction snapshot(db);

  SQLite::Statement counts(
      db,
      "SELECT count(*),"
      " coalesce(sum(enabled AND error_count = 0 AND last_polled IS NOT NULL), 0),"
      " coalesce(sum(enabled AND error_count > 0), 0),"
      " coalesce(sum(enabled AND error_count = 0 AND last_polled IS NULL), 0),"
      " coalesce(sum(enabled AND (next_poll IS NULL OR next_poll <= ?1)), 0),"
      " coalesce(sum(NOT enabled), 0),"
      " coalesce(sum(enabled AND error_count > 0"
      "              AND substr(last_error, 1, 8) = 'blocked:'), 0)"
      " FROM (SELECT *, disabled_at IS NULL AS enabled FROM sources)");
  counts.bind(1, format_utc(now));
  counts.executeStep();
  report.sources = counts.getColumn(0).getInt64();
  report.sources_ok = counts.getColumn(1).getInt64();
  report.sources_failing = counts.getColumn(2).getInt64();
  report.sources_never_polled = counts.getColumn(3).getInt64();
  report.sources_due = counts.getColumn(4).getInt64();
  report.sources_disabled = counts.getColumn(5).getInt64();
  report.sources_blocked = counts.getColumn(6).getInt64();

  // failing_since is NULL when the failed fetches were not recorded (a
  // database older than the fetch log): such a source sorts last.
  SQLite::Statement oldest(db,
                           "SELECT url, coalesce(failing_since, ''), error_count, last_error"
                           " FROM sources_v WHERE error_count > 0 AND disabled_at IS NULL"
                           " ORDER BY failing_since IS NULL, failing_since, error_count DESC, id"
                           " LIMIT 1");
  if (oldest.executeStep())
    report.oldest_failure =
        OldestFailure{oldest.getColumn(0).getString(), oldest.getColumn(1).getString(),
                      oldest.getColumn(2).getInt(), oldest.getColumn(3).getString()};

  SQLite::Statement next(
      db,
      "SELECT url, coalesce(next_poll, '') FROM sources"
      " WHERE disabled_at IS NULL ORDER BY next_poll IS NOT NULL, next_poll, id LIMIT 1");
  if (next.executeStep())
    report.next_poll = NextPoll{next.getColumn(0).getString(), next.getColumn(1).getString()};

  report.articles = db.execAndGet("SELECT count(*) FROM articles").getInt64();
  UnixTime today = now - ((now % kDay) + kDay) % kDay;
  report.articles_today = count_articles_since(db, today);
  report.articles_this_week = count_articles_since(db, now - 7 * kDay);

  report.database_bytes = file_size_or_zero(path);
  report.wal_bytes = file_size_or_zero(path.string() + "-wal");
  return report;
}

}  // namespace gazette

// What `gazette status` shows: the state of the sources, what was stored
// lately and how big the database is, read from the database alone (no
// daemon needs to run, nothing is written).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "feeds/feed_item.h"

namespace gazette {

// The source that has failed the longest without a success since.
struct OldestFailure {
  std::string url;
  std::string failing_since;  // UTC ISO-8601 (sources_v.failing_since), or empty when unknown
  int error_count = 0;        // consecutive failed fetches
  std::string last_error;     // text from the network: escape before printing
};

// The next source due for a poll.
struct NextPoll {
  std::string url;
  std::string when;  // UTC ISO-8601; empty when never scheduled (due at once)
};

struct StatusReport {
  std::int64_t sources = 0;
  std::int64_t sources_ok = 0;            // last fetch succeeded
  std::int64_t sources_failing = 0;       // last fetch failed (error_count > 0)
  std::int64_t sources_never_polled = 0;  // no fetch yet
  std::int64_t sources_due = 0;           // next poll at or before `now`, or never scheduled
  // Disabled sources (a 410, docs/operations.md) are counted here only, not
  // as ok, failing, never polled or due.
  std::int64_t sources_disabled = 0;
  std::int64_t sources_blocked =
      0;  // of the failing: the last fetch met a bot wall ("blocked: ...")
  std::optional<OldestFailure> oldest_failure;
  std::optional<NextPoll> next_poll;
  std::int64_t articles = 0;
  std::int64_t articles_today = 0;      // first stored since 00:00 UTC today
  std::int64_t articles_this_week = 0;  // first stored in the last 7 days
  std::int64_t database_bytes = 0;      // the database file
  std::int64_t wal_bytes = 0;           // its -wal file, 0 when absent
};

// Reads the report from `db` (opened from `path`, whose file sizes are
// reported) as of `now`. Only reads: a read-only connection will do.
StatusReport read_status_report(SQLite::Database& db, const std::filesystem::path& path,
                                UnixTime now);

}  // namespace gazette

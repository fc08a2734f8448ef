// The sources table: what to poll, and what happened last time.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "feeds/feed_item.h"

namespace gazette {

struct SourceRow {
  std::int64_t id = 0;
  SourceKind kind = SourceKind::feed;
  std::string url;                // as configured (or added); the source's identity
  std::string fetch_url;          // where it is fetched now (differs after a permanent redirect)
  std::string title;              // configured title, else the feed's own
  std::vector<std::string> tags;  // stored comma-separated
  std::int64_t interval_seconds = 0;
  std::string etag;
  std::string last_modified;
  std::optional<UnixTime> last_polled;
  std::optional<UnixTime> next_poll;
  int last_status = 0;     // HTTP status of the last fetch, 0 when it failed before one
  std::string last_error;  // empty when the last fetch succeeded
  int error_count = 0;     // consecutive failed fetches
  // What the last fetch's parse recovered or cut (fetches.warning), or empty.
  std::string last_warning;
  // Politeness (storage/migrations.cc, version 6):
  std::string body_hash;                           // of the last document stored, or empty
  std::optional<std::int64_t> publisher_interval;  // seconds, from its ttl/sy
  std::optional<std::int64_t> effective_interval;  // chosen by the last successful poll
  std::string interval_reason;
  // Politeness (docs/operations.md, "Moved, gone and blocked sources"): the
  // target of the permanent redirect the last polls met, and how many
  // consecutive polls met it; when and why the source was disabled (410).
  std::string redirect_url;
  int redirect_count = 0;
  std::optional<UnixTime> disabled_at;  // set: not polled until re-enabled
  std::string disabled_reason;
};

// What identifies a source's settings as configured (kind, effective
// interval, tags, title, fetch_full, page rules): a changed entry has a
// different digest, and writing it re-enables a disabled source.
std::string source_config_digest(const SourceConfig& source, std::int64_t interval_seconds);

// What adopting canonical URLs (SourceStore::adopt_canonical_urls) does to
// `rows`, for each engine to apply with its own SQL: the rows to rename
// (id, canonical URL), in order, and the rows left alone because their
// canonical form is already another row's URL, as messages.
struct CanonicalUrlPlan {
  std::vector<std::pair<std::int64_t, std::string>> renames;
  std::vector<std::string> duplicates;
};
CanonicalUrlPlan plan_canonical_urls(const std::vector<SourceRow>& rows);

class SourceStore {
 public:
  explicit SourceStore(SQLite::Database& db) : db_(db) {}

  // Inserts or updates (kind, title, tags, interval) a source keyed on url.
  // An update whose settings differ (source_config_digest) re-enables a
  // disabled source: the operator changed its entry. Returns its id. The statement is prepared once
  // per SourceStore: a config lists thousands of sources.
  std::int64_t upsert(const SourceConfig& source, std::int64_t default_interval_seconds);

  std::vector<SourceRow> list();
  // The sources due at `now` (next_poll unset or not later), the longest
  // overdue first, at most `limit`; and the earliest next_poll after `now`.
  // What the daemon's scheduler reads at every wake: a few rows through the
  // index on next_poll, where list() reads and decodes every source (with
  // 10,000 sources that was most of the daemon's CPU, once per finished
  // poll). next_poll is compared as text, which orders the stored format
  // (format_utc); a value in another format is rewritten when the daemon
  // starts (list() reads it as due).
  std::vector<SourceRow> due(UnixTime now, std::size_t limit);
  std::optional<UnixTime> next_due_after(UnixTime now);
  std::optional<SourceRow> find(const std::string& url);  // by url or fetch_url
  bool remove(const std::string& url);
  void set_next_poll(std::int64_t id, UnixTime when);
  // Clears a 410's disabling (`gazette add`); true when it was disabled.
  bool enable(const std::string& url);

  // Rewrites stored URLs into their canonical form (base/web_url.h), for
  // databases written before sources were canonicalised: "http://h:80/a"
  // becomes "http://h/a", which the config now calls it, keeping its id and
  // history. A row whose canonical form is already another row's URL is left
  // alone; the list of those comes back (two rows for one source, made by
  // the old code: the operator removes one).
  std::vector<std::string> adopt_canonical_urls();

 private:
  SQLite::Database& db_;
  std::optional<SQLite::Statement> upsert_;
};

}  // namespace gazette

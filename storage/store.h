// The storage seam: what the daemon, the exports, search and OPML need of
// the database, whichever engine holds it. Two implementations, chosen by
// the `database` setting: a file path is SQLite (storage/sqlite_store.h, the
// default and the embedded choice), a `postgresql://` URL is PostgreSQL
// (storage/postgres/, shared by several pollers). Each backend keeps its own
// SQL; this interface holds only what callers above storage/ use, with the
// meanings of the SQLite functions it wraps (source_store.h,
// poll_recorder.h, article_selection.h, article_search.h, opml_sources.h,
// story_list.h, status_report.h, retention.h, poll_history.h,
// article_lookup.h).
//
// A Store is one connection: use it from one thread at a time. The daemon
// opens one for the network thread's reads and one for the store thread's
// writes, as it always has.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "feeds/feed_item.h"
#include "feeds/opml.h"
#include "storage/article_search.h"
#include "storage/article_selection.h"
#include "storage/database.h"
#include "storage/opml_sources.h"
#include "storage/poll_history.h"
#include "storage/poll_recorder.h"
#include "storage/retention.h"
#include "storage/source_store.h"
#include "storage/status_report.h"
#include "storage/story_list.h"

namespace gazette {

enum class StoreEngine { sqlite, postgresql };

// `database` names PostgreSQL when it starts with "postgresql://" or
// "postgres://" (libpq's URI forms); anything else is an SQLite path.
StoreEngine store_engine_of(std::string_view database);

// One polled document, as the store thread hands it over.
struct PollDocument {
  FetchOutcome outcome;
  std::vector<FeedItem> items;
  UnixTime now = 0;
};

// What became of one document of a batch: its counts, or why it was not
// stored (then nothing of it was: the other documents are unaffected).
struct RecordResult {
  StoreCounts counts;
  std::exception_ptr error;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual StoreEngine engine() const = 0;
  // Whether several pollers (`gazette run` processes) may share this store,
  // each leasing the sources it polls (PostgreSQL): then no poller may
  // reschedule sources it has not leased. False for SQLite: one writer.
  virtual bool shared_by_pollers() const { return false; }
  // For messages: the SQLite path, or the URL without its password.
  virtual std::string location() const = 0;

  // --- Sources (the meanings of SourceStore's members) ---
  virtual std::int64_t upsert_source(const SourceConfig& source,
                                     std::int64_t default_interval_seconds) = 0;
  virtual std::vector<SourceRow> list_sources() = 0;
  virtual std::optional<SourceRow> find_source(const std::string& url) = 0;
  virtual bool remove_source(const std::string& url) = 0;
  virtual bool enable_source(const std::string& url) = 0;
  virtual void set_next_poll(std::int64_t source_id, UnixTime when) = 0;
  virtual std::vector<std::string> adopt_canonical_urls() = 0;
  virtual std::optional<UnixTime> next_due_after(UnixTime now) = 0;
  // The sources due at `now` (disabled ones never), at most `limit`, most
  // overdue first. Each returned source is leased to this process until
  // now + lease_seconds: no other poller sharing the store is given it
  // before recording its poll ends the lease, or the lease runs out (a
  // poller that died). SQLite has one poller and no leases.
  // A lease is the process's, not this connection's: the store thread's
  // Store ends it by recording the poll (record_polls). A source this
  // process holds and has not recorded yet is returned again (its lease
  // renewed), as SQLite returns it while it is still due: the scheduler
  // asks for max_in_flight + in flight rows and skips the ones in flight
  // (poll/scheduler.cc), and the rows it does not start now come back at
  // its next look.
  virtual std::vector<SourceRow> lease_due(UnixTime now, std::size_t limit,
                                           std::int64_t lease_seconds) = 0;

  // Runs `writes` (calls on this Store) in one transaction: all or nothing.
  // On a store opened read-only it is one consistent read of the database
  // (`gazette export` reads every article in it while the daemon writes).
  // Not nested, and not around record_polls (which makes its own).
  virtual void in_transaction(const std::function<void()>& writes) = 0;

  // --- Poll results (PollRecorder's meaning) ---
  // Writes each document in a transaction of its own or as a savepoint of
  // one group commit (the engine's choice); a failing document is rolled
  // back alone. New articles get their story when story assignment is on.
  virtual std::vector<RecordResult> record_polls(const std::vector<PollDocument>& documents) = 0;
  virtual void enable_story_assignment(const StoryParams& params) = 0;
  virtual std::vector<ObservedPoll> recent_polls(std::int64_t source_id, UnixTime since,
                                                 int limit) = 0;
  // StoredBodyLookup::length.
  virtual std::optional<std::size_t> stored_body_length(std::string_view url) = 0;

  // --- Reads ---
  virtual void for_each_article(const ArticleFilter& filter,
                                const std::function<void(const ArticleRecord&)>& visit,
                                ArticleColumns columns = ArticleColumns::all) = 0;
  virtual SearchResults search_articles(const std::string& query, int limit,
                                        std::int64_t rank_window = kDefaultRankWindow) = 0;
  virtual std::vector<StoryRow> list_stories(const StoryFilter& filter) = 0;
  // database_bytes and wal_bytes: the SQLite file and its -wal; an engine
  // without such files reports what stands for them (or 0).
  virtual StatusReport status_report(UnixTime now) = 0;

  // --- OPML ---
  virtual OpmlImportCounts import_opml(const std::vector<OpmlOutline>& outlines,
                                       std::int64_t default_interval_seconds) = 0;
  virtual std::vector<OpmlOutline> sources_as_opml() = 0;

  // --- Upkeep (retention.h) ---
  virtual PruneResult prune(const RetentionSettings& settings, UnixTime now, bool dry_run) = 0;
  virtual std::int64_t maintain() = 0;
};

// Opens (and with OpenMode::read_write creates and migrates) the store that
// `database` names. Throws StorageError with the location in its message.
std::unique_ptr<Store> open_store(const std::string& database, OpenMode mode);

}  // namespace gazette

// The SQLite engine behind the storage seam (storage/store.h): the default
// and the embedded choice. Every member calls the SQLite code that was there
// before the seam (source_store.h, poll_recorder.h, story_assigner.h, ...):
// the SQL stays where it is, this class only holds a connection and the
// prepared statements that outlive one call.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "storage/article_lookup.h"
#include "storage/poll_history.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"
#include "storage/store.h"
#include "storage/story_assigner.h"

namespace gazette {

class SqliteStore : public Store {
 public:
  // Opens (creating and migrating when read_write) the database file at
  // `path` (storage/database.h, open_database). Throws StorageError.
  SqliteStore(const std::filesystem::path& path, OpenMode mode);
  ~SqliteStore() override;

  // The connection, for what only SQLite has: `gazette backup` (the online
  // backup API) and the store thread's WAL checkpointer.
  SQLite::Database& database() { return *db_; }

  // Makes this the connection that records polls in batches (the store
  // thread's): no triggers, so the recorder and retention keep the full-text
  // index in step themselves, once per batch instead of once per article;
  // savepoint journals in memory. Call before the first record_polls().
  // Nothing else may write articles on it (the sqlite3 CLI and every other
  // connection keep the triggers).
  void tune_for_poll_writes();

  StoreEngine engine() const override { return StoreEngine::sqlite; }
  std::string location() const override { return path_.string(); }

  std::int64_t upsert_source(const SourceConfig& source,
                             std::int64_t default_interval_seconds) override;
  std::vector<SourceRow> list_sources() override;
  std::optional<SourceRow> find_source(const std::string& url) override;
  bool remove_source(const std::string& url) override;
  bool enable_source(const std::string& url) override;
  void set_next_poll(std::int64_t source_id, UnixTime when) override;
  std::vector<std::string> adopt_canonical_urls() override;
  std::optional<UnixTime> next_due_after(UnixTime now) override;
  // One poller per SQLite database: the due sources, no lease.
  std::vector<SourceRow> lease_due(UnixTime now, std::size_t limit,
                                   std::int64_t lease_seconds) override;

  // BEGIN IMMEDIATE when read-write (it waits for the write lock up front,
  // instead of failing to upgrade a read later); a plain BEGIN, one
  // consistent read snapshot, when read-only.
  void in_transaction(const std::function<void()>& writes) override;

  // One transaction for the whole batch, a savepoint per document (group
  // commit, PollRecorder::Batch). An error that rolls the whole transaction
  // back (I/O, a full disk) is every document's error.
  std::vector<RecordResult> record_polls(const std::vector<PollDocument>& documents) override;
  void enable_story_assignment(const StoryParams& params) override;
  std::vector<ObservedPoll> recent_polls(std::int64_t source_id, UnixTime since,
                                         int limit) override;
  std::optional<std::size_t> stored_body_length(std::string_view url) override;

  void for_each_article(const ArticleFilter& filter,
                        const std::function<void(const ArticleRecord&)>& visit,
                        ArticleColumns columns = ArticleColumns::all) override;
  SearchResults search_articles(const std::string& query, int limit,
                                std::int64_t rank_window = kDefaultRankWindow) override;
  std::vector<StoryRow> list_stories(const StoryFilter& filter) override;
  // database_bytes and wal_bytes are the sizes of the file and its -wal.
  StatusReport status_report(UnixTime now) override;

  OpmlImportCounts import_opml(const std::vector<OpmlOutline>& outlines,
                               std::int64_t default_interval_seconds) override;
  std::vector<OpmlOutline> sources_as_opml() override;

  PruneResult prune(const RetentionSettings& settings, UnixTime now, bool dry_run) override;
  std::int64_t maintain() override;

 private:
  PollRecorder& recorder();

  std::filesystem::path path_;
  OpenMode mode_;
  std::unique_ptr<SQLite::Database> db_;
  SourceStore sources_;  // keeps its upsert statement: a config lists thousands of sources
  // Prepared on first use: a read-only command never needs them.
  std::unique_ptr<PollRecorder> recorder_;
  std::optional<StoredBodyLookup> bodies_;
  std::optional<PollHistoryLookup> history_;
  std::unique_ptr<StoryAssigner> stories_;  // null unless story assignment is on
};

}  // namespace gazette

#include "storage/sqlite_store.h"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "storage/article_search.h"
#include "storage/article_selection.h"
#include "storage/database.h"
#include "storage/opml_sources.h"
#include "storage/retention.h"
#include "storage/status_report.h"
#include "storage/story_list.h"

namespace gazette {

SqliteStore::SqliteStore(const std::filesystem::path& path, OpenMode mode)
    : path_(path), mode_(mode), db_(open_database(path, mode)), sources_(*db_) {}

SqliteStore::~SqliteStore() = default;

void SqliteStore::tune_for_poll_writes() {
  sqlite3_db_config(db_->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  // A batch's savepoints keep the pages a document changes in a
  // sub-journal, which SQLite spills to a temporary file past 64 KiB: most
  // documents did, and writing those files was a fifth of the store
  // thread's time. In memory it holds one document's pages at most (it is
  // emptied at each release).
  db_->exec("PRAGMA temp_store = MEMORY");
  // The recorder decides at construction whether it indexes text itself.
  recorder_.reset();
}

std::int64_t SqliteStore::upsert_source(const SourceConfig& source,
                                        std::int64_t default_interval_seconds) {
  return sources_.upsert(source, default_interval_seconds);
}

std::vector<SourceRow> SqliteStore::list_sources() { return sources_.list(); }

std::optional<SourceRow> SqliteStore::find_source(const std::string& url) {
  return sources_.find(url);
}

bool SqliteStore::remove_source(const std::string& url) { return sources_.remove(url); }

bool SqliteStore::enable_source(const std::string& url) { return sources_.enable(url); }

void SqliteStore::set_next_poll(std::int64_t source_id, UnixTime when) {
  sources_.set_next_poll(source_id, when);
}

std::vector<std::string> SqliteStore::adopt_canonical_urls() {
  return sources_.adopt_canonical_urls();
}

std::optional<UnixTime> SqliteStore::next_due_after(UnixTime now) {
  return sources_.next_due_after(now);
}

std::vector<SourceRow> SqliteStore::lease_due(UnixTime now, std::size_t limit,
                                              std::int64_t /*lease_seconds*/) {
  return sources_.due(now, limit);
}

void SqliteStore::in_transaction(const std::function<void()>& writes) {
  SQLite::Transaction transaction(*db_, mode_ == OpenMode::read_write
                                            ? SQLite::TransactionBehavior::IMMEDIATE
                                            : SQLite::TransactionBehavior::DEFERRED);
  writes();
  transaction.commit();
}

PollRecorder& SqliteStore::recorder() {
  if (!recorder_) recorder_ = std::make_unique<PollRecorder>(*db_);
  return *recorder_;
}

std::vector<RecordResult> SqliteStore::record_polls(const std::vector<PollDocument>& documents) {
  std::vector<RecordResult> results(documents.size());
  if (documents.empty()) return results;
  try {
    PollRecorder::Batch transaction(recorder());
    if (stories_) stories_->prepare();
    for (std::size_t i = 0; i < documents.size(); ++i) {
      try {
        results[i].counts =
            transaction.record(documents[i].outcome, documents[i].items, documents[i].now);
      } catch (...) {
        results[i].error = std::current_exception();
        // Some errors (I/O, a full disk) roll the whole transaction back:
        // then the documents before this one are lost too.
        if (!transaction.open()) throw;
      }
    }
    if (stories_ && transaction.open()) {
      // A failure here is the batch's: its articles would commit without a story.
      stories_->assign_new(documents.back().now);
    }
    transaction.commit();
  } catch (...) {
    std::exception_ptr batch_error = std::current_exception();
    for (RecordResult& result : results) result.error = batch_error;
    // What the assigner learnt in the rolled-back transaction is gone from the database.
    if (stories_) stories_->reset();
  }
  return results;
}

void SqliteStore::enable_story_assignment(const StoryParams& params) {
  stories_ = std::make_unique<StoryAssigner>(*db_, params);
}

std::vector<ObservedPoll> SqliteStore::recent_polls(std::int64_t source_id, UnixTime since,
                                                    int limit) {
  if (!history_) history_.emplace(*db_);
  return history_->recent(source_id, since, limit);
}

std::optional<std::size_t> SqliteStore::stored_body_length(std::string_view url) {
  if (!bodies_) bodies_.emplace(*db_);
  return bodies_->length(url);
}

void SqliteStore::for_each_article(const ArticleFilter& filter,
                                   const std::function<void(const ArticleRecord&)>& visit,
                                   ArticleColumns columns) {
  gazette::for_each_article(*db_, filter, visit, columns);
}

SearchResults SqliteStore::search_articles(const std::string& query, int limit,
                                           std::int64_t rank_window) {
  return gazette::search_articles(*db_, query, limit, rank_window);
}

std::vector<StoryRow> SqliteStore::list_stories(const StoryFilter& filter) {
  return gazette::list_stories(*db_, filter);
}

StatusReport SqliteStore::status_report(UnixTime now) {
  return read_status_report(*db_, path_, now);
}

OpmlImportCounts SqliteStore::import_opml(const std::vector<OpmlOutline>& outlines,
                                          std::int64_t default_interval_seconds) {
  return import_opml_outlines(*db_, outlines, default_interval_seconds);
}

std::vector<OpmlOutline> SqliteStore::sources_as_opml() { return gazette::sources_as_opml(*db_); }

PruneResult SqliteStore::prune(const RetentionSettings& settings, UnixTime now, bool dry_run) {
  return gazette::prune(*db_, settings, now, dry_run);
}

std::int64_t SqliteStore::maintain() { return gazette::maintain(*db_); }

}  // namespace gazette

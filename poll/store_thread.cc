#include "poll/store_thread.h"

#include <sqlite3.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <iterator>

#include "poll/log.h"
#include "storage/database.h"
#include "storage/retention.h"

namespace gazette {
namespace {

// A batch is capped so that commits, and with them what readers see, keep
// coming while a long backlog is written.
constexpr std::size_t kMaxBatch = 200;

// Without triggers: the PollRecorder then keeps the full-text index in step
// itself, once per transaction instead of once per article (see
// storage/poll_recorder.cc). Other writers (the sqlite3 CLI) keep the
// triggers.
std::unique_ptr<SQLite::Database> open_store_connection(const std::filesystem::path& database) {
  std::unique_ptr<SQLite::Database> db = open_database(database, OpenMode::read_write);
  sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  // A batch's savepoints keep the pages a document changes in a
  // sub-journal, which SQLite spills to a temporary file past 64 KiB: most
  // documents did, and writing those files was a fifth of the store
  // thread's time. In memory it holds one document's pages at most (it is
  // emptied at each release).
  db->exec("PRAGMA temp_store = MEMORY");
  return db;
}

}  // namespace

StoreThread::StoreThread(const std::filesystem::path& database, StorySettings stories)
    : db_(open_store_connection(database)), recorder_(*db_), checkpointer_(database, *db_) {
  if (stories.enabled) stories_ = std::make_unique<StoryAssigner>(*db_, stories.params);
}

StoreThread::~StoreThread() { thread_.join(); }

void StoreThread::submit(Job job) {
  std::lock_guard lock(mutex_);
  if (oldest_pending_.load() == 0) oldest_pending_ = job.submitted.time_since_epoch().count();
  queue_.push_back(std::move(job));
  if (!write_scheduled_) {
    write_scheduled_ = true;
    boost::asio::post(thread_, [this] { write_queued(); });
  }
}

void StoreThread::write_queued() {
  std::vector<Job> batch;
  {
    std::lock_guard lock(mutex_);
    std::size_t n = std::min(queue_.size(), kMaxBatch);
    batch.assign(std::make_move_iterator(queue_.begin()),
                 std::make_move_iterator(queue_.begin() + n));
    queue_.erase(queue_.begin(), queue_.begin() + n);
    if (queue_.empty())
      write_scheduled_ = false;
    else
      boost::asio::post(thread_, [this] { write_queued(); });
  }

  std::vector<StoreCounts> counts(batch.size());
  std::vector<std::exception_ptr> errors(batch.size());
  std::exception_ptr batch_error;
  try {
    PollRecorder::Batch transaction(recorder_);
    if (stories_) stories_->prepare();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        counts[i] = transaction.record(batch[i].outcome, batch[i].items, batch[i].now);
      } catch (...) {
        errors[i] = std::current_exception();
        // Some errors (I/O, a full disk) roll the whole transaction back:
        // then the documents before this one are lost too.
        if (!transaction.open()) throw;
      }
    }
    if (stories_ && transaction.open()) {
      // A failure here is the batch's: its articles would commit without a story.
      stories_->assign_new(batch.back().now);
    }
    transaction.commit();
  } catch (...) {
    batch_error = std::current_exception();
    // What the assigner learnt in the rolled-back transaction is gone from the database.
    if (stories_) stories_->reset();
  }

  {
    // The batch is done: the oldest job waiting now is the queue's first.
    std::lock_guard lock(mutex_);
    oldest_pending_ = queue_.empty() ? 0 : queue_.front().submitted.time_since_epoch().count();
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::exception_ptr error = batch_error ? batch_error : errors[i];
    boost::asio::post(batch[i].executor, [done = std::move(batch[i].done), error,
                                          c = counts[i]]() mutable { std::move(done)(error, c); });
  }
}

std::chrono::steady_clock::duration StoreThread::oldest_pending_age() const {
  auto oldest = oldest_pending_.load();
  if (oldest == 0) return std::chrono::steady_clock::duration::zero();
  return std::chrono::steady_clock::now().time_since_epoch() -
         std::chrono::steady_clock::duration(oldest);
}

void StoreThread::upkeep(RetentionSettings retention, UnixTime now) {
  boost::asio::post(thread_, [this, retention, now] {
    try {
      if (retention.enabled()) {
        PruneResult r = prune(*db_, retention, now, false);
        log(LogLevel::notice, "retention: pruned {} articles; {} tombstones added, {} forgotten",
            r.articles.size(), r.tombstones_added, r.tombstones_forgotten);
      }
      std::int64_t freed = maintain(*db_);
      log(LogLevel::info, "database upkeep: optimized; {} pages freed", freed);
    } catch (const std::exception& e) {
      // Not fatal: the articles stay until the next day's run.
      log(LogLevel::error, "retention: {}: {}", db_->getFilename(), e.what());
    }
  });
}

}  // namespace gazette

#include "poll/store_thread.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <iterator>

#include "poll/log.h"
#include "storage/database.h"
#include "storage/postgres/pg_store.h"
#include "storage/retention.h"
#include "storage/sqlite_store.h"

namespace gazette {
namespace {

// A batch is capped so that commits, and with them what readers see, keep
// coming while a long backlog is written.
constexpr std::size_t kMaxBatch = 200;

}  // namespace

StoreThread::StoreThread(const std::string& database, StorySettings stories, const Store* leasing)
    : store_(open_store(database, OpenMode::read_write)) {
  auto* pg = dynamic_cast<PgStore*>(store_.get());
  if (auto* leases = dynamic_cast<const PgStore*>(leasing); pg && leases) pg->record_for(*leases);
  if (auto* sqlite = dynamic_cast<SqliteStore*>(store_.get())) {
    // Without triggers: the recorder then keeps the full-text index in step
    // itself, once per transaction instead of once per article (see
    // storage/poll_recorder.cc). Other writers (the sqlite3 CLI) keep the
    // triggers.
    sqlite->tune_for_poll_writes();
    checkpointer_ = std::make_unique<WalCheckpointer>(database, sqlite->database());
  }
  if (stories.enabled) store_->enable_story_assignment(stories.params);
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

  std::vector<PollDocument> documents;
  documents.reserve(batch.size());
  for (Job& job : batch)
    documents.push_back(PollDocument{std::move(job.outcome), std::move(job.items), job.now});
  std::vector<RecordResult> results;
  try {
    results = store_->record_polls(documents);
  } catch (...) {
    // An error record_polls could not pin on one document: every document's.
    results.assign(batch.size(), RecordResult{{}, std::current_exception()});
  }

  {
    // The batch is done: the oldest job waiting now is the queue's first.
    std::lock_guard lock(mutex_);
    oldest_pending_ = queue_.empty() ? 0 : queue_.front().submitted.time_since_epoch().count();
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    boost::asio::post(batch[i].executor,
                      [done = std::move(batch[i].done), error = results[i].error,
                       c = std::move(results[i].counts)]() mutable { std::move(done)(error, c); });
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
        PruneResult r = store_->prune(retention, now, false);
        log(LogLevel::notice, "retention: pruned {} articles; {} tombstones added, {} forgotten",
            r.articles.size(), r.tombstones_added, r.tombstones_forgotten);
      }
      std::int64_t freed = store_->maintain();
      log(LogLevel::info, "database upkeep: optimized; {} pages freed", freed);
    } catch (const std::exception& e) {
      // Not fatal: the articles stay until the next day's run.
      log(LogLevel::error, "retention: {}: {}", store_->location(), e.what());
    }
  });
}

}  // namespace gazette

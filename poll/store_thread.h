// Where polling writes to the database: a thread of its own with a
// connection of its own. Storing a document (the SQL, and FTS5 indexing its
// text) costs about as much CPU as parsing it; done on the network thread it
// held up every fetch behind it. The network thread keeps its own connection
// for reads (WAL: readers never wait for the writer).
//
// Documents that queue up while the thread is busy are written together, in
// one transaction with a savepoint each (group commit): a commit writes every
// page it dirtied to the WAL, and the index pages one document touches are
// mostly the ones the next touches too. One document per transaction wrote
// three times the database's size to the WAL on a first poll of 2,000 feeds.
// A document that fails is rolled back alone; the others commit. The batch
// is Store::record_polls (storage/store.h), on a Store of the thread's own,
// whichever engine the database setting names.
#pragma once

#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "poll/wal_checkpointer.h"
#include "storage/poll_recorder.h"
#include "storage/store.h"

namespace gazette {

class StoreThread {
 public:
  // Opens `database` (an SQLite path or a PostgreSQL URL, open_store;
  // already created and migrated) read-write. Throws StorageError. With
  // `stories` enabled, each batch's new articles are given their story
  // (storage/story_assigner.h) before it commits. `leasing`: the store the
  // caller leases the sources through (Store::lease_due), when it does: on
  // a store shared by pollers, recording a poll ends the lease `leasing`
  // took, as one poller's (PgStore::record_for).
  explicit StoreThread(const std::string& database, StorySettings stories = {},
                       const Store* leasing = nullptr);
  // Finishes the work already queued (so what was fetched is committed),
  // then stops the thread.
  ~StoreThread();
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;

  // Records one polled document (PollRecorder::record) on the store thread;
  // completes with its counts once committed, or with the exception that
  // kept it from being committed.
  template <typename CompletionToken>
  auto record(FetchOutcome outcome, std::vector<FeedItem> items, UnixTime now,
              CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(std::exception_ptr, StoreCounts)>(
        [this](auto done, FetchOutcome o, std::vector<FeedItem> i, UnixTime n) {
          // Completed on the executor the caller's handler asked for (the
          // network thread's).
          boost::asio::any_io_executor executor =
              boost::asio::get_associated_executor(done, thread_.get_executor());
          submit(Job{std::move(o), std::move(i), n, std::chrono::steady_clock::now(),
                     std::move(executor), std::move(done)});
        },
        token, std::move(outcome), std::move(items), now);
  }

  // Retention (when `retention` is on) and the database's upkeep
  // (storage/retention.h), on the store thread between batches: its writes
  // wait for no lock. Logs what it did, or why it failed.
  void upkeep(RetentionSettings retention, UnixTime now);

  // How long the oldest document handed over and not yet committed has
  // waited; zero when none waits. Any thread (the daemon's /healthz).
  std::chrono::steady_clock::duration oldest_pending_age() const;

 private:
  using Completion = boost::asio::any_completion_handler<void(std::exception_ptr, StoreCounts)>;
  struct Job {
    FetchOutcome outcome;
    std::vector<FeedItem> items;
    UnixTime now;
    std::chrono::steady_clock::time_point submitted;
    boost::asio::any_io_executor executor;
    Completion done;
  };

  void submit(Job job);
  // On the thread: writes the queued jobs, then completes them.
  void write_queued();

  std::unique_ptr<Store> store_;
  // SQLite only: checkpoints on a thread of their own. After store_: it
  // hooks into the connection.
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::mutex mutex_;
  std::vector<Job> queue_;        // guarded by mutex_
  bool write_scheduled_ = false;  // guarded by mutex_
  // submitted of the oldest job not yet completed (epoch ticks), 0 when none.
  std::atomic<std::chrono::steady_clock::rep> oldest_pending_{0};
  boost::asio::thread_pool thread_{1};  // last: stopped before the connection closes
};

}  // namespace gazette

#include "poll/wal_checkpointer.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include "poll/log.h"
#include "storage/database.h"

namespace gazette {
namespace {

// SQLite's own default: a checkpoint is due once the log holds this many pages.
constexpr int kCheckpointPages = 1000;
// Should the checkpoint thread fall this far behind (a reader holding an old
// snapshot keeps it from finishing), the writer checkpoints itself, as
// SQLite would, so that the log cannot grow without bound.
constexpr int kWriterCheckpointPages = 16 * kCheckpointPages;
constexpr int kBackgroundNice = 10;

}  // namespace

WalCheckpointer::WalCheckpointer(const std::filesystem::path& database, SQLite::Database& writer)
    : db_(open_database(database, OpenMode::read_write)), writer_(writer) {
  // Replaces the writer's automatic checkpoints (a WAL hook of its own).
  sqlite3_wal_hook(writer_.getHandle(), &WalCheckpointer::after_commit, this);
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_wal_autocheckpoint(writer_.getHandle(), kCheckpointPages);
}

int WalCheckpointer::after_commit(void* self, sqlite3* db, const char* schema, int wal_pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (wal_pages >= kWriterCheckpointPages) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (wal_pages >= kCheckpointPages) {
    {
      std::lock_guard lock(checkpointer->mutex_);
      checkpointer->requested_ = true;
    }
    checkpointer->wake_.notify_one();
  }
  return SQLITE_OK;  // the commit itself succeeded either way
}

void WalCheckpointer::run() {
  // Background priority: checkpoints are housekeeping, and on a busy machine
  // they took CPU from the writer they serve (the thread a poll pass waits
  // on). Should they fall behind, the writer checkpoints itself (above).
  // Linux applies a thread id's nice value to that thread alone.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBackgroundNice);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return requested_ || stopping_; });
    bool last = stopping_;
    requested_ = false;
    lock.unlock();
    checkpoint();
    lock.lock();
    if (last) return;
  }
}

void WalCheckpointer::checkpoint() {
  // PASSIVE: copies what no reader still needs and never waits for one.
  int rc = sqlite3_wal_checkpoint_v2(db_->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                     nullptr);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
    log(LogLevel::warning, "database {}: checkpoint failed: {}", db_->getFilename(),
        sqlite3_errmsg(db_->getHandle()));
}

}  // namespace gazette

// Copies the write-ahead log back into the database file on a thread of its
// own. By default SQLite does this in the thread that commits, every 1,000
// pages; a checkpoint ends in fsyncs, and while they wait for the disk no
// article is stored (0.5 s of a 4.4 s first poll of 2,000 feeds here).
#pragma once

#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace gazette {

class WalCheckpointer {
 public:
  // Opens a connection of its own to `database` and takes over the
  // checkpoints of `writer`, which must stay open until this is destroyed.
  WalCheckpointer(const std::filesystem::path& database, SQLite::Database& writer);
  // A last checkpoint, then the writer checkpoints for itself again.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  static int after_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();
  void checkpoint();

  std::unique_ptr<SQLite::Database> db_;
  SQLite::Database& writer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is ready
};

}  // namespace gazette

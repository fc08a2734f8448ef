// Where polling writes to the database: a thread of its own with a
// connection of its own. Storing a document (the SQL, and FTS5 indexing its
// text) costs about as much CPU as parsing it; done on the network thread it
// held up every fetch behind it. The network thread keeps its own connection
// for reads (WAL: readers never wait for the writer).
#pragma once

#include <SQLiteCpp/Database.h>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <memory>

#include "daemon/wal_checkpointer.h"
#include "storage/poll_recorder.h"

namespace gazette {

class StoreThread {
 public:
  // Opens `database` (already created and migrated) read-write. Throws
  // StorageError.
  explicit StoreThread(const std::filesystem::path& database);
  // Finishes the work already queued (so what was fetched is committed),
  // then stops the thread.
  ~StoreThread();
  StoreThread(const StoreThread&) = delete;
  StoreThread& operator=(const StoreThread&) = delete;

  boost::asio::any_io_executor executor() { return thread_.get_executor(); }
  // Only to be used on executor().
  PollRecorder& recorder() { return recorder_; }

 private:
  std::unique_ptr<SQLite::Database> db_;
  PollRecorder recorder_;
  WalCheckpointer checkpointer_;        // after db_: it hooks into the connection
  boost::asio::thread_pool thread_{1};  // last: stopped before the connection closes
};

}  // namespace gazette

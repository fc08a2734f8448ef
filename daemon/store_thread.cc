#include "daemon/store_thread.h"

#include <sqlite3.h>

#include "storage/database.h"

namespace gazette {
namespace {

// Without triggers: the PollRecorder then keeps the full-text index in step
// itself, once per document instead of once per article (see
// storage/poll_recorder.cc). Other writers (the sqlite3 CLI) keep the
// triggers.
std::unique_ptr<SQLite::Database> open_store_connection(const std::filesystem::path& database) {
  std::unique_ptr<SQLite::Database> db = open_database(database, OpenMode::read_write);
  sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  return db;
}

}  // namespace

StoreThread::StoreThread(const std::filesystem::path& database)
    : db_(open_store_connection(database)), recorder_(*db_), checkpointer_(database, *db_) {}

StoreThread::~StoreThread() { thread_.join(); }

}  // namespace gazette

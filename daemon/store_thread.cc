#include "daemon/store_thread.h"

#include "storage/database.h"

namespace gazette {

StoreThread::StoreThread(const std::filesystem::path& database)
    : db_(open_database(database, OpenMode::read_write)),
      recorder_(*db_),
      checkpointer_(database, *db_) {}

StoreThread::~StoreThread() { thread_.join(); }

}  // namespace gazette

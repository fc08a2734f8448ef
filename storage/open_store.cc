// open_store (storage/store.h): the one place that picks the engine. Kept
// out of gazette_storage (the SQLite library) in a target of its own,
// gazette_store, which links every engine built in (SQLite, PostgreSQL).
#include <fmt/format.h>

#include "config/database_url.h"
#include "storage/database.h"
#include "storage/postgres/pg_store.h"
#include "storage/sqlite_store.h"
#include "storage/store.h"

namespace gazette {

std::unique_ptr<Store> open_store(const std::string& database, OpenMode mode) {
  switch (store_engine_of(database)) {
    case StoreEngine::sqlite:
      return std::make_unique<SqliteStore>(database, mode);
    case StoreEngine::postgresql:
      return std::make_unique<PgStore>(database, mode);
  }
  throw StorageError(
      fmt::format("{}: no storage engine for this setting", database_for_log(database)));
}

}  // namespace gazette

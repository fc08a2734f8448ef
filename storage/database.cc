#include "storage/database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "storage/migrations.h"

namespace gazette {
namespace {

// Writers wait this long for the lock before "database is locked": readers
// with the sqlite3 CLI must never make a poll fail.
constexpr int kBusyTimeoutMs = 5000;

// SQLite counts every allocation under a global mutex for
// sqlite3_memory_used(), which Gazette never asks for; on the store thread
// that lock was a twentieth of the time. Must run before SQLite initializes,
// i.e. before the first connection opens.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

}  // namespace

bool triggers_enabled(SQLite::Database& db) {
  int enabled = 1;
  sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &enabled);
  return enabled != 0;
}

std::unique_ptr<SQLite::Database> open_database(const std::filesystem::path& path, OpenMode mode) {
  const std::string name = path.string();
  std::error_code ec;
  if (mode == OpenMode::read_write && path.has_parent_path() &&
      !std::filesystem::is_directory(path.parent_path(), ec))
    throw StorageError(
        fmt::format("{}: folder {} does not exist", name, path.parent_path().string()));
  if (mode == OpenMode::read_only && !std::filesystem::exists(path, ec))
    throw StorageError(
        fmt::format("{}: no such database (run `gazette poll` or `gazette run` first)", name));

  configure_sqlite_once();
  std::unique_ptr<SQLite::Database> db;
  try {
    // NOMUTEX: a connection is only ever used by one thread at a time, so
    // SQLite's per-call locking is pure cost (a few percent of a poll pass).
    int flags = SQLite::OPEN_NOMUTEX |
                (mode == OpenMode::read_only ? SQLite::OPEN_READONLY
                                             : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db = std::make_unique<SQLite::Database>(name, flags, kBusyTimeoutMs);
    if (mode == OpenMode::read_write &&
        db->execAndGet("SELECT count(*) FROM sqlite_schema").getInt64() == 0) {
      // A new database frees the pages retention empties a little at a
      // time (PRAGMA incremental_vacuum, storage/retention.h). The mode
      // can only be chosen before the first table exists: an existing
      // database keeps its mode until its operator runs VACUUM, which
      // rewrites the whole file and is never run unasked (docs/schema.md).
      db->exec("PRAGMA auto_vacuum = INCREMENTAL");
    }
    if (mode == OpenMode::read_write) {
      // WAL lets sqlite3 readers run while the daemon writes; NORMAL is
      // durable across application crashes, which is what a cache of
      // public articles needs.
      db->exec("PRAGMA journal_mode = WAL");
      db->exec("PRAGMA synchronous = NORMAL");
    }
    db->exec("PRAGMA foreign_keys = ON");
    // Readers (search, export) scan much of the file: map it instead of
    // reading it page by page.
    if (mode == OpenMode::read_only) db->exec("PRAGMA mmap_size = 1073741824");
  } catch (const SQLite::Exception& e) {
    throw StorageError(fmt::format("{}: {}", name, e.what()));
  }

  try {
    if (mode == OpenMode::read_write) {
      migrate(*db);
    } else {
      int version = db->execAndGet("PRAGMA user_version").getInt();
      if (version > current_schema_version())
        throw StorageError(
            fmt::format("{}: database schema version {} is newer than this Gazette supports ({}); "
                        "upgrade Gazette",
                        name, version, current_schema_version()));
      if (version < current_schema_version())
        throw StorageError(fmt::format(
            "{}: database schema version {} is older than this Gazette's ({}); run `gazette poll` "
            "once to migrate it",
            name, version, current_schema_version()));
    }
  } catch (const SQLite::Exception& e) {
    throw StorageError(fmt::format("{}: migrating: {}", name, e.what()));
  }
  return db;
}

}  // namespace gazette

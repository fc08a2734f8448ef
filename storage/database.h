// Opening Gazette's SQLite database: pragmas, then migrations.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

namespace gazette {

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class OpenMode { read_write, read_only };

// Opens (creating when read_write) the database at `path`, sets WAL, foreign
// keys and a busy timeout, and migrates it to the current schema version.
// Refuses, with StorageError, a database written by a newer Gazette.
std::unique_ptr<SQLite::Database> open_database(const std::filesystem::path& path,
                                                OpenMode mode = OpenMode::read_write);

// Whether the connection runs triggers (SQLITE_DBCONFIG_ENABLE_TRIGGER). The
// daemon's store connection does not (poll/store_thread.h): whatever writes
// articles on it keeps articles_fts in step itself.
bool triggers_enabled(SQLite::Database& db);

}  // namespace gazette

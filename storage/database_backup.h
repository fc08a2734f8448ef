// `gazette backup`: a consistent copy of a live database, taken with
// SQLite's online backup API while the daemon goes on writing.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace gazette {

struct BackupOptions {
  bool force = false;  // replace a file already at the target
};

struct BackupResult {
  long long pages = 0;  // pages copied
  long long bytes = 0;  // size of the copy
};

// Copies `source` to `target`. The copy is one snapshot: `source` holds a
// read transaction for the whole copy, which in WAL mode never blocks a
// writer (the daemon's commits go on into the WAL; only checkpoints wait),
// and is stepped a few hundred pages at a time. It is written to a new
// temporary file beside `target`, created exclusively, synced, then renamed
// to `target`; without `force` an existing `target` is an error, checked
// again atomically at the rename. Throws StorageError naming the file.
BackupResult backup_database(SQLite::Database& source, const std::filesystem::path& target,
                             const BackupOptions& options);

}  // namespace gazette

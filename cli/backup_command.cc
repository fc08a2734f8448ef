#include "cli/backup_command.h"

#include <fmt/format.h>

#include "config/database_url.h"
#include "daemon/exit_codes.h"
#include "storage/database_backup.h"
#include "storage/sqlite_store.h"

namespace gazette {

int cmd_backup(const GlobalOptions& options, const std::string& target, bool force) {
  Config config = load_config_for(options);
  // Read-only: the backup never writes to the live database, and needs the
  // schema this Gazette knows (open_database refuses any other).
  // SQLite's online backup API: a server's database has its own tools.
  if (store_engine_of(config.database.string()) != StoreEngine::sqlite)
    throw CommandError{exit_code::failure,
                       fmt::format("gazette backup: the database is PostgreSQL ({}): use pg_dump",
                                   database_for_log(config.database.string()))};
  auto db = open_store(config, OpenMode::read_only);
  BackupOptions backup;
  backup.force = force;
  BackupResult result;
  try {
    result = backup_database(dynamic_cast<SqliteStore&>(*db).database(), target, backup);
  } catch (const StorageError& e) {
    // The live database opened: what failed is the copy or its target.
    throw CommandError{exit_code::failure, e.what()};
  }
  fmt::print("backed up {} to {} ({} pages, {} bytes)\n", config.database.string(), target,
             result.pages, result.bytes);
  return exit_code::ok;
}

}  // namespace gazette

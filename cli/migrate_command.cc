#include "cli/migrate_command.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <memory>

#include "config/database_url.h"
#include "daemon/exit_codes.h"
#include "poll/log.h"
#include "storage/database.h"
#include "storage/postgres/pg_database.h"
#include "storage/postgres/sqlite_to_postgres.h"

namespace gazette {

int cmd_migrate(const GlobalOptions& options, const std::string& to_url) {
  if (!is_postgresql_url(to_url))
    throw CommandError{exit_code::usage,
                       fmt::format("migrate: --to: expected a postgresql:// URL, got {}",
                                   database_for_log(to_url))};
  Config config = load_config_for(options);
  if (is_postgresql_url(config.database.string()))
    throw CommandError{exit_code::usage,
                       fmt::format("migrate: the database is already PostgreSQL ({}); name the "
                                   "SQLite file to copy with --db",
                                   database_for_log(config.database.string()))};
  // Read-only: a daemon may go on writing it; the copy is one read
  // transaction, the database as it was when the copy started. Opened
  // here, not through the command's store: this command copies SQLite
  // itself, whatever the engine.
  std::unique_ptr<SQLite::Database> sqlite;
  try {
    sqlite = open_database(config.database, OpenMode::read_only);
    // Each row is read once: mapping the file (as readers do) would only
    // count up to 1 GiB of it in this process's memory.
    sqlite->exec("PRAGMA mmap_size = 0");
  } catch (const std::exception& e) {
    throw CommandError{exit_code::database, e.what()};
  }
  const std::string where = database_for_log(to_url);
  auto postgres = open_postgres_database(to_url);
  auto started = std::chrono::steady_clock::now();
  SqliteCopyResult result =
      copy_sqlite_to_postgres(*sqlite, *postgres, where, [](const TableCopy& table) {
        if (table.done)
          log(LogLevel::info, "copied {}: {} rows", table.table, table.rows);
        else
          log(LogLevel::info, "copying {}: {} rows so far", table.table, table.rows);
      });
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const TableCopy& table : result.tables) {
    fmt::print("{:<13} {:>10} rows", table.table, table.rows);
    if (table.repaired > 0)
      fmt::print(" ({} texts were not valid UTF-8: repaired)", table.repaired);
    fmt::print("\n");
  }
  fmt::print("copied {} rows from {} to {} in {:.1f}s; counts checked table by table\n",
             result.rows(), config.database.string(), where, seconds);
  if (result.repaired() > 0)
    fmt::print(
        "repaired {} texts that were not valid UTF-8 (each ill-formed sequence is now U+FFFD)\n",
        result.repaired());
  return exit_code::ok;
}

}  // namespace gazette

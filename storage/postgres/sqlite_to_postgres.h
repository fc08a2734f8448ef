// Moving over (issue 16): copies Gazette's SQLite database into an empty
// PostgreSQL one (`gazette migrate --to postgresql://...`, docs/scale-out.md).
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <pqxx/connection>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// What was copied of one table.
struct TableCopy {
  std::string table;
  std::int64_t rows = 0;      // rows copied, equal in both databases
  std::int64_t repaired = 0;  // texts that were not valid UTF-8, repaired
  bool done = false;          // false: a progress report, the table is still being copied
};

// How often a large table's copy reports progress.
inline constexpr std::int64_t kCopyProgressRows = 100'000;

struct SqliteCopyResult {
  std::vector<TableCopy> tables;  // in the order they were copied
  std::int64_t rows() const;
  std::int64_t repaired() const;
};

// The tables copied, parents first (foreign keys point up the list). The
// full-text index is not among them: PostgreSQL's articles.search is a
// generated column, computed from the copied text.
const std::vector<std::string>& copied_tables();

// Copies every table of `sqlite` (at the current schema: open_database
// checks it; read-only is enough) into `postgres`, which must be migrated
// (open_postgres_database) and empty. Reads in one SQLite read transaction,
// so the copy is one consistent state even while a daemon writes; writes in
// one PostgreSQL transaction with the tables locked against writers, so the
// target is either empty or whole. Keeps ids, turns SQLite's UTC ISO-8601
// text into timestamptz, repairs text that is not valid UTF-8 (each
// ill-formed sequence becomes U+FFFD; NUL, which PostgreSQL's text cannot
// hold, too) and counts it, sets each identity sequence past the largest
// id, and checks the row counts table by table before committing.
// `on_table` is told of each table as it is done (`done`), and of a large
// table every kCopyProgressRows rows on the way. `where` names the PostgreSQL database in messages
// (its URL without password: database_for_log). Throws StorageError with the table and row: a
// non-empty target names the table that has rows.
SqliteCopyResult copy_sqlite_to_postgres(
    SQLite::Database& sqlite, pqxx::connection& postgres, std::string_view where,
    const std::function<void(const TableCopy&)>& on_table = {});

}  // namespace gazette

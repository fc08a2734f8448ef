#include "storage/postgres/sqlite_to_postgres.h"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <pqxx/prepared_statement>
#include <pqxx/result>
#include <pqxx/transaction>
#include <set>

#include "feeds/charset.h"
#include "storage/database.h"
#include "storage/postgres/pg_story_order.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

// PostgreSQL takes at most 65,535 parameters per statement; a batch of rows
// stays well under it, and under a few MB of text held at once.
constexpr std::size_t kMaxParameters = 30'000;
constexpr std::size_t kMaxBatchRows = 500;

// One column as PostgreSQL's table has it (generated columns excluded: they
// are computed, not copied).
struct TargetColumn {
  std::string name;
  std::string type;  // format_type(): "bigint", "text", "timestamp with time zone"
  bool identity = false;
  // A column only PostgreSQL has: the SQLite expression that computes it
  // (SQLite has no column to copy from); empty for a copied column.
  std::string from_sqlite;
};

bool is_fts_table(const std::string& name) {
  // SQLite's full-text index and its shadow tables (articles_fts_data, ...).
  return name == "articles_fts" || name.starts_with("articles_fts_");
}

// Ends the SQLite read transaction however the copy ends.
class SqliteReadTransaction {
 public:
  explicit SqliteReadTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN"); }
  ~SqliteReadTransaction() {
    try {
      db_.exec("COMMIT");
    } catch (const std::exception&) {
      // Nothing was written; ending the read cannot lose anything.
    }
  }
  SqliteReadTransaction(const SqliteReadTransaction&) = delete;
  SqliteReadTransaction& operator=(const SqliteReadTransaction&) = delete;

 private:
  SQLite::Database& db_;
};

// The SQLite expression that computes a column only PostgreSQL has, or ""
// for a column both have.
//
// articles.story_seq (pg_story_order.h): the copied articles that have a
// story get theirs in id order (SQLite's one writer assigned stories in that
// order), counted on from the sequence's next value, drawn under the story
// lock the copy holds; set_story_seq_after_copy moves the sequence past
// them. Computed as the rows are read, not by an UPDATE after the copy:
// that would write every such row twice and compute its tsvector again.
std::string postgres_only(pqxx::work& tx, const std::string& table, const std::string& column) {
  if (table == "articles" && column == "story_seq") {
    std::int64_t first = tx.exec("SELECT nextval('article_story_seq')")[0][0].as<std::int64_t>();
    return fmt::format(
        "CASE WHEN story_id IS NULL THEN NULL ELSE {} + count(story_id) OVER (ORDER BY id) END",
        first - 1);
  }
  return "";
}

std::vector<TargetColumn> target_columns(pqxx::work& tx, const std::string& table) {
  std::vector<TargetColumn> columns;
  pqxx::result rows = tx.exec_params(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attidentity <> '' "
      "FROM pg_attribute a "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped "
      "  AND a.attgenerated = '' "
      "ORDER BY a.attnum",
      table);
  for (const auto& row : rows) {
    std::string name = row[0].as<std::string>();
    std::string from_sqlite = postgres_only(tx, table, name);
    columns.push_back(
        {std::move(name), row[1].as<std::string>(), row[2].as<bool>(), std::move(from_sqlite)});
  }
  return columns;
}

std::vector<std::string> source_columns(SQLite::Database& db, const std::string& table) {
  std::vector<std::string> columns;
  SQLite::Statement query(db, "SELECT name FROM pragma_table_info(?)");
  query.bind(1, table);
  while (query.executeStep()) columns.push_back(query.getColumn(0).getString());
  return columns;
}

// The two schemas must hold the same columns: a column one side has and the
// other lacks would be lost (or left at its default) without a word.
void check_same_columns(const std::string& table, const std::vector<std::string>& sqlite_columns,
                        const std::vector<TargetColumn>& pg_columns, std::string_view where) {
  std::set<std::string> in_sqlite(sqlite_columns.begin(), sqlite_columns.end());
  std::set<std::string> in_pg;
  for (const TargetColumn& c : pg_columns)
    if (c.from_sqlite.empty()) in_pg.insert(c.name);
  if (in_pg.empty())
    throw StorageError(fmt::format("{}: table {} is missing (schema not migrated?)", where, table));
  for (const std::string& name : in_sqlite)
    if (!in_pg.contains(name))
      throw StorageError(fmt::format(
          "{}: column {}.{} of the SQLite database has no PostgreSQL counterpart; not copying",
          where, table, name));
  for (const std::string& name : in_pg)
    if (!in_sqlite.contains(name))
      throw StorageError(
          fmt::format("{}: column {}.{} of PostgreSQL is not in the SQLite database; not copying",
                      where, table, name));
}

// Refuses an SQLite table the copy does not know (a table added to the
// schema but not to copied_tables() would be left behind).
void check_every_table_copied(SQLite::Database& db) {
  const std::vector<std::string>& known = copied_tables();
  SQLite::Statement query(db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  while (query.executeStep()) {
    std::string name = query.getColumn(0).getString();
    if (is_fts_table(name)) continue;
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw StorageError(
          fmt::format("{}: table {} is not one gazette migrate knows how to copy; not copying",
                      db.getFilename(), name));
  }
}

// One SQLite value as the text PostgreSQL reads for a column of `type`;
// nullopt for NULL. Counts the texts repaired into `repaired`.
std::optional<std::string> column_value(SQLite::Statement& rows, int index,
                                        const TargetColumn& column, std::int64_t& repaired,
                                        const std::string& table, const std::string& row_name,
                                        std::string_view where) {
  SQLite::Column value = rows.getColumn(index);
  const int type = value.getType();
  if (type == SQLite::Null) return std::nullopt;
  if (type == SQLite::INTEGER) return std::to_string(value.getInt64());
  if (type == SQLite::FLOAT) return fmt::format("{}", value.getDouble());
  // The bytes as stored, NULs included (getString reads the length).
  std::string text = value.getString();
  if (column.type == "timestamp with time zone") {
    // SQLite's times are format_utc text; PostgreSQL reads that form as
    // UTC. Anything else is refused rather than guessed at.
    if (!parse_utc(text))
      throw StorageError(
          fmt::format("{}: table {}, row {}: column {} holds {:?}, not a UTC time "
                      "like 2025-11-01T03:00:00Z",
                      where, table, row_name, column.name, text.substr(0, 64)));
    return text;
  }
  if (column.type == "text") {
    // PostgreSQL's text holds valid UTF-8 without NUL; rows stored before
    // the input was checked as well as it is now may hold either.
    bool changed = repair_utf8(text);
    if (text.find('\0') != std::string::npos) {
      std::string without_nul;
      for (char c : text) {
        if (c == '\0')
          without_nul += "\xEF\xBF\xBD";
        else
          without_nul += c;
      }
      text = std::move(without_nul);
      changed = true;
    }
    if (changed) ++repaired;
  }
  return text;
}

// A value for a message, read without changing its type (sqlite3_column_text
// on a number would turn it into text for the rest of the row).
std::string value_for_message(SQLite::Statement& rows, int index) {
  SQLite::Column value = rows.getColumn(index);
  if (value.getType() == SQLite::INTEGER) return std::to_string(value.getInt64());
  return fmt::format("{:?}", rows.getColumn(index).getString().substr(0, 200));
}

// "id 42" for a table with ids, else its first column's value (the key).
std::string row_name(SQLite::Statement& rows, const std::vector<TargetColumn>& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == "id") return "id " + value_for_message(rows, static_cast<int>(i));
  return columns[0].name + " " + value_for_message(rows, 0);
}

std::string insert_sql(pqxx::work& tx, const std::string& table,
                       const std::vector<TargetColumn>& columns, std::size_t rows) {
  std::string sql = fmt::format("INSERT INTO {} (", tx.quote_name(table));
  for (std::size_t c = 0; c < columns.size(); ++c)
    sql += (c ? ", " : "") + tx.quote_name(columns[c].name);
  sql += ") VALUES ";
  std::size_t parameter = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ",(" : "(";
    for (std::size_t c = 0; c < columns.size(); ++c)
      sql += fmt::format("{}${}::{}", c ? "," : "", parameter++, columns[c].type);
    sql += ')';
  }
  return sql;
}

TableCopy copy_table(SQLite::Database& sqlite, pqxx::work& tx, const std::string& table,
                     std::string_view where,
                     const std::function<void(const TableCopy&)>& on_table) {
  std::vector<TargetColumn> columns = target_columns(tx, table);
  check_same_columns(table, source_columns(sqlite, table), columns, where);

  std::string select = "SELECT ";
  bool has_id = false;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    select +=
        (c ? ", " : "") + (columns[c].from_sqlite.empty() ? fmt::format("\"{}\"", columns[c].name)
                                                          : columns[c].from_sqlite);
    has_id = has_id || columns[c].name == "id";
  }
  select += fmt::format(" FROM \"{}\"{}", table, has_id ? " ORDER BY id" : "");
  SQLite::Statement rows(sqlite, select);

  const std::size_t batch_rows = std::max<std::size_t>(
      1, std::min(kMaxBatchRows, kMaxParameters / std::max<std::size_t>(1, columns.size())));
  const std::string statement = "gazette_migrate_" + table;
  bool prepared = false;
  TableCopy copy;
  copy.table = table;
  std::vector<std::optional<std::string>> values;
  values.reserve(batch_rows * columns.size());
  std::size_t in_batch = 0;
  std::string first_row, last_row;

  auto flush = [&] {
    if (in_batch == 0) return;
    try {
      if (in_batch == batch_rows) {
        if (!prepared) {
          tx.conn().prepare(statement, insert_sql(tx, table, columns, batch_rows));
          prepared = true;
        }
        tx.exec_prepared(statement, pqxx::prepare::make_dynamic_params(values));
      } else {
        tx.exec_params(insert_sql(tx, table, columns, in_batch),
                       pqxx::prepare::make_dynamic_params(values));
      }
    } catch (const std::exception& e) {
      // A row PostgreSQL refused, or the connection lost: which rows.
      throw StorageError(fmt::format("{}: table {}, rows {} to {}: {}", where, table, first_row,
                                     last_row, e.what()));
    }
    std::int64_t before = copy.rows;
    copy.rows += static_cast<std::int64_t>(in_batch);
    if (on_table && copy.rows / kCopyProgressRows != before / kCopyProgressRows) on_table(copy);
    values.clear();
    in_batch = 0;
  };

  while (rows.executeStep()) {
    std::string name = row_name(rows, columns);
    for (std::size_t c = 0; c < columns.size(); ++c)
      values.push_back(
          column_value(rows, static_cast<int>(c), columns[c], copy.repaired, table, name, where));
    if (in_batch == 0) first_row = name;
    last_row = std::move(name);
    if (++in_batch == batch_rows) flush();
  }
  flush();
  if (prepared) tx.conn().unprepare(statement);

  // The counts, table by table: what SQLite holds in the snapshot read,
  // what was sent, and what PostgreSQL now holds must be one number.
  std::int64_t in_sqlite =
      sqlite.execAndGet(fmt::format("SELECT count(*) FROM \"{}\"", table)).getInt64();
  std::int64_t in_pg = tx.exec(fmt::format("SELECT count(*) FROM {}", tx.quote_name(table)))[0][0]
                           .as<std::int64_t>();
  if (in_sqlite != copy.rows || in_pg != copy.rows)
    throw StorageError(fmt::format(
        "{}: table {}: counts differ after copying (SQLite {}, copied {}, PostgreSQL {})", where,
        table, in_sqlite, copy.rows, in_pg));

  // New rows continue after the copied ids.
  for (const TargetColumn& column : columns) {
    if (!column.identity) continue;
    tx.exec(
        fmt::format("SELECT setval(pg_get_serial_sequence({0}, {1}), m) "
                    "FROM (SELECT max({2}) AS m FROM {3}) x WHERE m IS NOT NULL",
                    tx.quote(tx.quote_name(table)), tx.quote(column.name),
                    tx.quote_name(column.name), tx.quote_name(table)));
  }
  copy.done = true;
  return copy;
}

// The sequence of articles.story_seq continues after the copied values
// (postgres_only): the next story a poller assigns is above them.
void set_story_seq_after_copy(pqxx::work& tx) {
  tx.exec(
      "SELECT setval('article_story_seq', m) "
      "FROM (SELECT max(story_seq) AS m FROM articles) x WHERE m IS NOT NULL");
}

}  // namespace

const std::vector<std::string>& copied_tables() {
  static const std::vector<std::string> tables = {
      "sources", "stories", "articles", "article_keys", "sightings", "fetches", "tombstones"};
  return tables;
}

std::int64_t SqliteCopyResult::rows() const {
  std::int64_t n = 0;
  for (const TableCopy& t : tables) n += t.rows;
  return n;
}

std::int64_t SqliteCopyResult::repaired() const {
  std::int64_t n = 0;
  for (const TableCopy& t : tables) n += t.repaired;
  return n;
}

SqliteCopyResult copy_sqlite_to_postgres(SQLite::Database& sqlite, pqxx::connection& postgres,
                                         std::string_view where,
                                         const std::function<void(const TableCopy&)>& on_table) {
  SqliteCopyResult result;
  try {
    SqliteReadTransaction snapshot(sqlite);
    check_every_table_copied(sqlite);
    pqxx::work tx(postgres);
    // Pollers pointed at this database wait until the copy is committed;
    // readers see the empty tables until then.
    std::string list;
    for (const std::string& table : copied_tables())
      list += (list.empty() ? "" : ", ") + tx.quote_name(table);
    tx.exec(fmt::format("LOCK TABLE {} IN EXCLUSIVE MODE", list));
    // Their story assignment too: the copied articles' story_seq are drawn
    // under the story lock, as every poller's are (pg_story_order.h).
    lock_story_assignment(tx);
    for (const std::string& table : copied_tables()) {
      if (tx.exec(fmt::format("SELECT EXISTS (SELECT 1 FROM {})", tx.quote_name(table)))[0][0]
              .as<bool>())
        throw StorageError(
            fmt::format("{}: table {} already has rows; gazette migrate copies into an empty "
                        "database only (create a new one, or drop this one's tables)",
                        where, table));
    }
    for (const std::string& table : copied_tables()) {
      result.tables.push_back(copy_table(sqlite, tx, table, where, on_table));
      if (on_table) on_table(result.tables.back());
    }
    set_story_seq_after_copy(tx);
    tx.commit();
  } catch (const StorageError&) {
    throw;
  } catch (const SQLite::Exception& e) {
    throw StorageError(fmt::format("{}: reading: {}", sqlite.getFilename(), e.what()));
  } catch (const std::exception& e) {
    throw StorageError(fmt::format("{}: copying: {}", where, e.what()));
  }
  return result;
}

}  // namespace gazette

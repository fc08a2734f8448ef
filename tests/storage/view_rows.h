// A query's rows as text (NULL as nullopt), from SQLite or PostgreSQL: for
// the tests that compare what the two engines show.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace gazette::test_support {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

inline Rows sqlite_rows(SQLite::Database& db, const std::string& sql) {
  Rows rows;
  SQLite::Statement query(db, sql);
  while (query.executeStep()) {
    auto& row = rows.emplace_back();
    for (int i = 0; i < query.getColumnCount(); ++i) {
      SQLite::Column c = query.getColumn(i);
      row.push_back(c.isNull() ? std::nullopt : std::optional(c.getString()));
    }
  }
  return rows;
}

inline Rows postgres_rows(pqxx::connection& db, const std::string& sql) {
  Rows rows;
  pqxx::nontransaction tx(db);
  for (const auto& r : tx.exec(sql)) {
    auto& row = rows.emplace_back();
    for (const auto& field : r)
      row.push_back(field.is_null() ? std::nullopt : std::optional(field.as<std::string>()));
  }
  return rows;
}

}  // namespace gazette::test_support

#include "storage/postgres/pg_database.h"

#include <fmt/format.h>

#include <exception>

#include "config/database_url.h"
#include "storage/database.h"
#include "storage/postgres/pg_migrations.h"

namespace gazette {
namespace {

// libpq's messages end with a newline; a log line should not.
std::string one_line(std::string_view message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.remove_suffix(1);
  return std::string(message);
}

}  // namespace

std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url) {
  if (!is_postgresql_url(url))
    throw StorageError(fmt::format("{}: not a postgresql:// URL", database_for_log(url)));
  try {
    return std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    // libpq's own message names host and user, never the password.
    throw StorageError(fmt::format("{}: cannot connect to PostgreSQL: {}", database_for_log(url),
                                   one_line(e.what())));
  }
}

std::unique_ptr<pqxx::connection> open_postgres_database(const std::string& url) {
  auto connection = connect_postgres(url);
  migrate_postgres(*connection, database_for_log(url));
  return connection;
}

}  // namespace gazette

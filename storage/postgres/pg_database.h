// Opening Gazette's PostgreSQL store (issue 16) from a postgresql:// URL.
#pragma once

#include <memory>
#include <pqxx/connection>
#include <string>
#include <string_view>

namespace gazette {

// Connects to the database at `url`, without migrating it. Throws
// StorageError (storage/database.h) naming the URL without its password.
std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url);

// Connects and brings the database to the current schema (migrate_postgres).
// Throws StorageError, naming the URL without its password, when it cannot
// connect, when migrating fails, or when the database is newer than this
// Gazette.
std::unique_ptr<pqxx::connection> open_postgres_database(const std::string& url);

}  // namespace gazette

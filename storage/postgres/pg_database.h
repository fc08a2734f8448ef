// Opening Gazette's PostgreSQL store (issue 16) from a postgresql:// URL.
#pragma once

#include <memory>
#include <pqxx/connection>
#include <string>
#include <string_view>

namespace gazette {

// Whether `setting` names a PostgreSQL database (a `postgresql://` or
// `postgres://` URL, the forms libpq reads) rather than an SQLite path.
bool is_postgres_url(std::string_view setting);

// The URL as it may be logged or shown: the password of the user part
// (`user:secret@host`) and any `password=` query parameter are removed.
// Everything else is kept, so the message still says which database.
std::string postgres_url_for_logs(std::string_view url);

// Connects to the database at `url`, without migrating it. Throws
// StorageError (storage/database.h) naming the URL without its password.
std::unique_ptr<pqxx::connection> connect_postgres(const std::string& url);

// Connects and brings the database to the current schema (migrate_postgres).
// Throws StorageError, naming the URL without its password, when it cannot
// connect, when migrating fails, or when the database is newer than this
// Gazette.
std::unique_ptr<pqxx::connection> open_postgres_database(const std::string& url);

}  // namespace gazette

// The PostgreSQL schema (issue 16), as an ordered list of migrations with
// the same numbers as SQLite's (storage/migrations.h). docs/schema.md,
// "PostgreSQL", says how the two map.
#pragma once

#include <pqxx/connection>
#include <string_view>

namespace gazette {

// The schema version a database this build migrates ends at; always
// current_schema_version() (storage/migrations.h): one numbering for both.
int current_postgres_schema_version();

// The database's version: the highest version in its `schema_version`
// table, 0 when it has none (an empty database).
int postgres_schema_version(pqxx::connection& connection);

// Applies every migration above the database's version, all in one
// transaction, under a transaction-level advisory lock: pollers starting
// together on one database migrate it once, the others wait and find it
// done. Throws StorageError, prefixed with `where` (the URL without its
// password), when the database is newer than this build or a step fails.
void migrate_postgres(pqxx::connection& connection, std::string_view where);

}  // namespace gazette

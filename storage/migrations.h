// The schema, as an ordered list of migrations keyed on PRAGMA user_version.
#pragma once

#include <SQLiteCpp/Database.h>

namespace gazette {

// The schema version this build writes. docs/schema.md documents it.
int current_schema_version();

// Applies every migration above the database's user_version, each in its own
// transaction. Throws StorageError when the database is newer than this build.
void migrate(SQLite::Database& db);

}  // namespace gazette

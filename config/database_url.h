// The `database` setting names either an SQLite file (a path) or a
// PostgreSQL server (a libpq URI, issue 16). Config needs to tell them apart
// before anything opens them: a path is made absolute against the config's
// folder, a URL is kept as written.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Whether `database` is a PostgreSQL URI: it starts with "postgresql://" or
// "postgres://", the two prefixes libpq accepts (lower case, as libpq
// compares them).
bool is_postgresql_url(std::string_view database);

// `database` for a log line or a message: a URL's password (in the
// user-info part, "user:secret@host", or a `password=` parameter) shown as
// "***"; a path unchanged.
std::string database_for_log(std::string_view database);

}  // namespace gazette

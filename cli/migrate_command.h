// `gazette migrate --to postgresql://...`: copies the SQLite database into an
// empty PostgreSQL one (storage/postgres/sqlite_to_postgres.h,
// docs/scale-out.md).
#pragma once

#include <string>

#include "cli/cli_support.h"

namespace gazette {

int cmd_migrate(const GlobalOptions& options, const std::string& to_url);

}  // namespace gazette

// `gazette backup PATH [--force]`: a consistent copy of the database, safe
// while the daemon writes (storage/database_backup.h).
#pragma once

#include <string>

#include "cli/cli_support.h"

namespace gazette {

int cmd_backup(const GlobalOptions& options, const std::string& target, bool force);

}  // namespace gazette

// `gazette status [--json]`: one screen on the state of the daemon's work,
// read from the database (read-only).
#pragma once

#include "cli/cli_support.h"

namespace gazette {

int cmd_status(const GlobalOptions& options, bool json);

}  // namespace gazette

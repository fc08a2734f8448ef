// `gazette prune [--dry-run]`: applies [retention] now, as the daemon does
// daily (storage/retention.h), and prints each article it prunes.
#pragma once

#include "cli/cli_support.h"

namespace gazette {

int cmd_prune(const GlobalOptions& options, bool dry_run);

}  // namespace gazette

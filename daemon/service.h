// `gazette run`: the long-running daemon.
#pragma once

#include <SQLiteCpp/Database.h>

#include "config/config.h"

namespace gazette {

// Polls sources on their schedule until SIGTERM/SIGINT, then stops taking
// work, cancels fetches in flight, and returns 0 within a few seconds.
// Tells systemd when it is ready and pings its watchdog after checking the
// database. Returns the process exit code.
int run_service(const Config& config, SQLite::Database& db);

}  // namespace gazette

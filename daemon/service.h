// `gazette run`: the long-running daemon.
#pragma once

#include "config/config.h"
#include "storage/store.h"

namespace gazette {

// Polls sources on their schedule until SIGTERM/SIGINT, then stops taking
// work, cancels fetches in flight, and returns 0 within a few seconds.
// Tells systemd when it is ready and pings its watchdog after checking the
// database. `db` is a Store opened on config.database, the network
// thread's; the store thread opens its own. Returns the process exit code.
int run_service(const Config& config, Store& db);

}  // namespace gazette

// SIGHUP: the running daemon re-reads its config file (docs/operations.md,
// "Reload").
#pragma once

#include "config/config.h"
#include "poll/poller.h"
#include "poll/scheduler.h"
#include "storage/store.h"

namespace gazette {

// Loads `live.file` again. When it is invalid (or unreadable), logs why (the
// ConfigError names file and line) and changes nothing. Otherwise writes the
// sources into the database (added, changed: one transaction), removes the
// sources the file no longer lists (after their poll in flight, see
// Scheduler::remove_source), gives the poller the new per-source settings,
// logs each setting that needs a restart and keeps its running value, and
// makes `live` the new config. Returns whether the new config was applied.
// Database errors are logged too: the running config stays.
bool reload_config(Config& live, Store& db, Poller& poller, Scheduler& scheduler);

}  // namespace gazette

// `gazette poll`: one pass over a set of sources, then return.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstddef>
#include <vector>

#include "config/config.h"
#include "storage/source_store.h"

namespace gazette {

struct PollPassResult {
  std::size_t sources = 0;
  std::size_t failed = 0;
  std::size_t added = 0;
  std::size_t updated = 0;
  bool interrupted = false;  // SIGINT/SIGTERM arrived
};

// Polls every source concurrently (within the configured connection limits),
// showing progress on stderr. SIGINT/SIGTERM cancel what is in flight.
// Database errors propagate as exceptions.
PollPassResult run_poll_pass(const Config& config, SQLite::Database& db,
                             const std::vector<SourceRow>& sources);

}  // namespace gazette

// `gazette poll`: one pass over a set of sources, then return.
#pragma once

#include <cstddef>
#include <vector>

#include "config/config.h"
#include "storage/source_store.h"
#include "storage/store.h"

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
// `db` is a Store opened on config.database (storage/store.h), for the
// network thread's reads; the writes go through a StoreThread of their own.
// Database errors propagate as exceptions.
PollPassResult run_poll_pass(const Config& config, Store& db,
                             const std::vector<SourceRow>& sources);

}  // namespace gazette

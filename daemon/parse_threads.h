// How many threads parse documents: one per core, at most four. The network
// loop and the database writes share the cores with them; they mostly wait,
// and parsing is most of a poll's CPU time.
#pragma once

#include <algorithm>
#include <thread>

namespace gazette {

inline unsigned parse_threads() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores, 1u, 4u);
}

}  // namespace gazette

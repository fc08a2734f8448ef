// How many threads parse documents: all cores but the one running the
// network loop and the database writes, at least one, at most four.
#pragma once

#include <algorithm>
#include <thread>

namespace gazette {

inline unsigned parse_threads() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores > 1 ? cores - 1 : 1u, 1u, 4u);
}

}  // namespace gazette

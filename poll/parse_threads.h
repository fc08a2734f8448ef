// How many threads parse documents: one per core, at most four. The network
// loop, the store thread and the checkpoint thread share the cores with
// them. (Since most item HTML takes the pugixml path, feeds/html_as_xml.h,
// storing costs more CPU than parsing; a first poll waits on the store
// thread.)
#pragma once

#include <algorithm>
#include <thread>

namespace gazette {

inline unsigned parse_threads() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores, 1u, 4u);
}

}  // namespace gazette

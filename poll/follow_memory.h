// Which article links the poller followed (or tried) lately, so one URL is not
// fetched again within the memory window. Bounded: entries older than the
// window are dropped as new ones come, so a daemon that runs for months holds
// only the last window's links, not every link it ever saw.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>

#include "base/clock.h"

namespace gazette {

class FollowMemory {
 public:
  FollowMemory(const Clock& clock, std::int64_t window_seconds)
      : clock_(clock), window_(window_seconds) {}

  // Whether `key` (a normalized URL) was remembered less than the window ago.
  bool recent(const std::string& key) const;

  // Remembers `key` as followed now, and forgets what the window has passed.
  void remember(const std::string& key);

  std::size_t size() const { return when_.size(); }

 private:
  void expire(std::int64_t now);

  const Clock& clock_;
  std::int64_t window_;
  std::unordered_map<std::string, std::int64_t> when_;  // key -> last remembered
  // Every remember() in time order; an entry whose time no longer matches
  // when_ (remembered again since) is skipped when it expires.
  std::deque<std::pair<std::int64_t, std::string>> order_;
};

}  // namespace gazette

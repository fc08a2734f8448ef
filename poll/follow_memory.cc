#include "poll/follow_memory.h"

namespace gazette {

bool FollowMemory::recent(const std::string& key) const {
  auto it = when_.find(key);
  return it != when_.end() && clock_.unix_now() - it->second < window_;
}

void FollowMemory::remember(const std::string& key) {
  std::int64_t now = clock_.unix_now();
  expire(now);
  when_[key] = now;
  order_.emplace_back(now, key);
}

void FollowMemory::expire(std::int64_t now) {
  // A wall clock set back makes entries look young: they stay a little
  // longer, never wrongly forgotten early.
  while (!order_.empty() && now - order_.front().first >= window_) {
    auto it = when_.find(order_.front().second);
    if (it != when_.end() && it->second == order_.front().first) when_.erase(it);
    order_.pop_front();
  }
}

}  // namespace gazette

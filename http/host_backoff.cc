#include "http/host_backoff.h"

#include <algorithm>
#include <limits>

#include "feeds/date_parser.h"

namespace gazette {

std::optional<std::int64_t> retry_after_seconds(std::string_view value, std::int64_t now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // Ten digits or more is over 300 years: "later than we will wait".
    if (value.size() >= 10) return std::numeric_limits<std::int64_t>::max();
    return std::stoll(std::string(value));
  }
  if (auto when = parse_date(value)) return std::max<std::int64_t>(*when - now, 0);
  return std::nullopt;
}

std::string host_key(std::string_view host, std::string_view port) {
  std::string key(host);
  key += ':';
  key += port;
  return key;
}

std::int64_t HostBackoff::held_until(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end()) return 0;
  std::int64_t now = clock_.unix_now();
  if (now >= it->second.forget) {
    hosts_.erase(it);
    return 0;
  }
  return now < it->second.until ? it->second.until : 0;
}

void HostBackoff::make_room(std::int64_t now) {
  std::erase_if(hosts_, [now](const auto& entry) { return now >= entry.second.forget; });
  while (hosts_.size() >= kHostBackoffHosts) {
    auto oldest = std::min_element(hosts_.begin(), hosts_.end(), [](const auto& a, const auto& b) {
      return a.second.until < b.second.until;
    });
    hosts_.erase(oldest);
  }
}

HostBackoff::State& HostBackoff::state_of(const std::string& host, std::int64_t now) {
  auto it = hosts_.find(host);
  if (it != hosts_.end() && now >= it->second.forget) {
    hosts_.erase(it);
    it = hosts_.end();
  }
  if (it == hosts_.end()) {
    if (hosts_.size() >= kHostBackoffHosts) make_room(now);
    it = hosts_.emplace(host, State{}).first;
  }
  return it->second;
}

std::int64_t HostBackoff::hold_for(const std::string& host, std::chrono::milliseconds hold) {
  if (hold.count() <= 0) return held_until(host);
  std::int64_t now = clock_.unix_now();
  State& state = state_of(host, now);
  // Whole seconds, rounded up, plus one as in observe(); capped as a
  // Retry-After is.
  const std::int64_t wait = std::min<std::int64_t>((hold.count() + 999) / 1000, kHostRetryAfterMax);
  state.until = std::max(state.until, now + wait + 1);
  state.forget = std::max(state.forget, state.until + kHostBackoffMax);
  return state.until;
}

std::int64_t HostBackoff::observe(const std::string& host, int status,
                                  std::string_view retry_after) {
  std::int64_t now = clock_.unix_now();
  if (status != 429 && status != 503) {
    hosts_.erase(host);  // answered normally
    return 0;
  }
  State& state = state_of(host, now);
  state.refusals = std::min(state.refusals + 1, 30);
  std::int64_t wait = 0;
  if (auto asked = retry_after_seconds(retry_after, now)) {
    wait = std::clamp<std::int64_t>(*asked, 1, kHostRetryAfterMax);
  } else {
    int doublings = std::min(state.refusals - 1, 20);
    wait = std::min<std::int64_t>(kHostBackoffFirst << doublings, kHostBackoffMax);
  }
  state.until = std::max(state.until, now + wait + 1);
  // Refusals count as "in a row" while they come within the longest wait
  // after the hold; a host quiet for longer starts again from the first.
  state.forget = state.until + kHostBackoffMax;
  return state.until;
}

}  // namespace gazette

// The ranges that config values and command-line options must stay within.
// The config loader and the CLI both check against these, so a value refused
// in gazette.toml is refused on the command line too (docs/config.md lists
// them).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace gazette {

// Poll intervals. Sites ban pollers that come more often than once a minute.
// A source polled less than once a year is not being followed, and the cap
// keeps next_poll (now + interval + back-off) a four-digit year, which is
// what the database stores.
inline constexpr std::chrono::seconds kMinInterval{60};
inline constexpr std::chrono::seconds kMaxInterval{365 * 24 * 3600};

// Network timeouts and the gap between two requests to one host. Deadlines
// are computed in steady_clock nanoseconds, which overflow after 292 years;
// anything over an hour is a typo anyway.
inline constexpr std::chrono::milliseconds kMaxFetchDuration{std::chrono::hours(1)};

// Body size limits. A body is held in memory and parsed whole: more than a
// GiB is a typo, not a feed.
inline constexpr std::uint64_t kMaxBodySize = std::uint64_t{1} << 30;

// Why `interval` is not an acceptable poll interval, e.g. "must be at least
// 1m (sites ban pollers that come more often)"; empty when it is one.
std::string interval_problem(std::chrono::milliseconds interval);

}  // namespace gazette

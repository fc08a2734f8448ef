// How long to wait before the next poll of a source that answered: its
// configured interval, adapted to what the feed and the server say (RSS
// <ttl>, sy:updatePeriod/sy:updateFrequency, Cache-Control max-age, Expires)
// and to how often the source has actually brought new items, within the
// configured minimum and maximum (docs/config.md, "Adaptive intervals").
//
// Pure functions of their inputs (the time is a parameter), so tests drive
// them with a ManualClock. Every value read from a document or a header is
// untrusted: a value that is not a plain positive number, or one that means
// nothing, is ignored; a huge one is capped, never overflowed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_item.h"
#include "storage/poll_history.h"  // ObservedPoll

namespace gazette {

// What a feed says about how often it changes, as published.
struct PublisherHints {
  std::string ttl;               // RSS <ttl>: minutes a copy may be kept
  std::string update_period;     // sy:updatePeriod: hourly, daily, weekly, monthly, yearly
  std::string update_frequency;  // sy:updateFrequency: updates per period (default 1)
};

// The least time between two polls the publisher asks for, in seconds: the
// longer of <ttl> and updatePeriod/updateFrequency. nullopt when neither
// says anything usable (absent, zero, negative, not a number, an unknown
// period). At most kMaxHintSeconds.
std::optional<std::int64_t> publisher_interval(const PublisherHints& hints);

// How long the server says its response stays fresh, in seconds:
// Cache-Control max-age, else Expires minus Date (minus `now` when Date is
// missing or unreadable). nullopt when it says nothing usable: no-store,
// no-cache, a max-age of 0 or not a number, a max-age given twice (RFC 9111
// 4.2.1: invalid), an Expires in the past or unreadable. At most
// kMaxHintSeconds.
std::optional<std::int64_t> cache_lifetime(std::string_view cache_control, std::string_view expires,
                                           std::string_view date, UnixTime now);

// Hints are capped here (a year, the longest interval) before any arithmetic.
inline constexpr std::int64_t kMaxHintSeconds = 365 * 24 * 3600;

// The source's rate of new items over `polls` (successful polls, any order).
// The oldest poll opens the window: the items it found arrived before the
// window, at an unknown time, so they do not count. With N new items over
// the window's span S (to `now`), items come about every S/N seconds (every
// S or more when none came); polling twice per gap keeps a new item's wait
// short without polling a quiet source often. nullopt until there is enough
// to go by: kMinObservedPolls polls over at least kMinObservedSpan seconds.
struct ObservedRate {
  std::int64_t interval = 0;  // seconds: half the gap between new items
  std::int64_t new_items = 0;
  std::int64_t span = 0;  // seconds the window covers
};
inline constexpr std::size_t kMinObservedPolls = 4;
inline constexpr std::int64_t kMinObservedSpan = 3600;
std::optional<ObservedRate> observed_rate(const std::vector<ObservedPoll>& polls, UnixTime now);

// The configured bounds; both within [1m, 365d].
struct IntervalBounds {
  std::int64_t min = 0;
  std::int64_t max = 0;
};

struct IntervalInputs {
  std::int64_t interval = 0;       // the source's interval (its own, else the default)
  bool explicit_interval = false;  // the source's own `interval` in the config
  IntervalBounds bounds;
  std::optional<std::int64_t> publisher;  // publisher_interval()
  std::optional<std::int64_t> cache;      // cache_lifetime()
  std::optional<ObservedRate> observed;   // observed_rate()
};

struct IntervalChoice {
  std::int64_t seconds = 0;
  std::string reason;  // "interval", "observed: 3 new items in 2d", "ttl/sy: 2h", "cache: 1h"
};

// The interval after a successful poll:
// 1. the configured interval; for a source without its own `interval`, the
//    observed rate instead, once there is one (an explicit interval is the
//    operator's choice of pace: it is not replaced by the rate);
// 2. never shorter than the publisher's or the server's word (they only
//    lengthen it: "fresh for a minute" is no reason to come sooner);
// 3. within [min(min, interval), max(max, interval)]: the configured
//    interval itself always stays allowed.
IntervalChoice choose_interval(const IntervalInputs& inputs);

}  // namespace gazette

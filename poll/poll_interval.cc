#include "poll/poll_interval.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "base/text.h"
#include "config/limits.h"
#include "config/quantity.h"
#include "feeds/date_parser.h"

namespace gazette {
namespace {

// A number this long is "more than any cap", not one to convert.
constexpr std::size_t kMaxDigits = 15;
constexpr std::int64_t kHuge = 1'000'000'000'000'000;

// A whole number written as plain ASCII digits (spaces around allowed):
// "60", " 15 ". nullopt for anything else ("-5", "1.5", "60 minutes",
// "0x10", ""). A longer run of digits than any cap comes back as kHuge.
std::optional<std::int64_t> whole_number(std::string_view text) {
  text = trim(text);
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::size_t first = text.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  text.remove_prefix(first);
  if (text.size() > kMaxDigits) return kHuge;
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool same_word(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

std::optional<std::int64_t> period_seconds(std::string_view period) {
  period = trim(period);
  if (period.empty() || same_word(period, "daily")) return 86'400;  // the module's default
  if (same_word(period, "hourly")) return 3'600;
  if (same_word(period, "weekly")) return 7 * 86'400;
  if (same_word(period, "monthly")) return 30 * 86'400;
  if (same_word(period, "yearly")) return 365 * 86'400;
  return std::nullopt;
}

std::optional<std::int64_t> ttl_seconds(std::string_view ttl) {
  std::optional<std::int64_t> minutes = whole_number(ttl);
  if (!minutes || *minutes == 0) return std::nullopt;
  return std::min(*minutes, kMaxHintSeconds / 60) * 60;
}

std::optional<std::int64_t> syndication_seconds(std::string_view period_text,
                                                std::string_view frequency_text) {
  if (trim(period_text).empty() && trim(frequency_text).empty()) return std::nullopt;
  std::optional<std::int64_t> period = period_seconds(period_text);
  std::optional<std::int64_t> frequency =
      trim(frequency_text).empty() ? std::optional<std::int64_t>(1) : whole_number(frequency_text);
  if (!period || !frequency || *frequency == 0) return std::nullopt;
  std::int64_t seconds = *period / *frequency;
  if (seconds < 1) return std::nullopt;  // more than once a second: asks for nothing
  return seconds;
}

std::optional<std::int64_t> longer(std::optional<std::int64_t> a, std::optional<std::int64_t> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

std::string shown(std::int64_t seconds) { return format_duration(std::chrono::seconds(seconds)); }

}  // namespace

std::optional<std::int64_t> publisher_interval(const PublisherHints& hints) {
  return longer(ttl_seconds(hints.ttl),
                syndication_seconds(hints.update_period, hints.update_frequency));
}

std::optional<std::int64_t> cache_lifetime(std::string_view cache_control, std::string_view expires,
                                           std::string_view date, UnixTime now) {
  std::optional<std::int64_t> max_age;
  int max_ages = 0;
  for (const std::string& part : split(cache_control, ',')) {
    std::string_view directive = trim(part);
    std::size_t equals = directive.find('=');
    std::string_view name = trim(directive.substr(0, equals));
    if (same_word(name, "no-store") || same_word(name, "no-cache")) return std::nullopt;
    if (!same_word(name, "max-age")) continue;
    ++max_ages;
    std::string_view value =
        equals == std::string_view::npos ? std::string_view() : trim(directive.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    max_age = whole_number(value);
  }
  if (max_ages > 1) return std::nullopt;  // RFC 9111 4.2.1: conflicting, so invalid
  if (max_ages == 1) {
    // A max-age overrides Expires (RFC 9111 5.3), even when it says nothing.
    if (!max_age || *max_age == 0) return std::nullopt;
    return std::min(*max_age, kMaxHintSeconds);
  }
  if (trim(expires).empty()) return std::nullopt;
  std::optional<UnixTime> until = parse_date(expires);  // "0", "-1": unreadable, so expired
  if (!until) return std::nullopt;
  std::optional<UnixTime> sent = trim(date).empty() ? std::nullopt : parse_date(date);
  UnixTime from = sent.value_or(now);
  // Both are the server's text: compare before subtracting (no overflow).
  if (*until <= from) return std::nullopt;
  if (*until - from > kMaxHintSeconds) return kMaxHintSeconds;
  return *until - from;
}

std::optional<ObservedRate> observed_rate(const std::vector<ObservedPoll>& polls, UnixTime now) {
  if (polls.size() < kMinObservedPolls) return std::nullopt;
  auto oldest = std::min_element(
      polls.begin(), polls.end(),
      [](const ObservedPoll& a, const ObservedPoll& b) { return a.started < b.started; });
  if (now <= oldest->started || now - oldest->started < kMinObservedSpan) return std::nullopt;
  ObservedRate rate;
  rate.span = now - oldest->started;
  for (auto poll = polls.begin(); poll != polls.end(); ++poll)
    if (poll != oldest) rate.new_items += std::clamp<std::int64_t>(poll->new_items, 0, kHuge);
  std::int64_t gap = rate.new_items > 0 ? rate.span / rate.new_items : rate.span;
  rate.interval = std::max<std::int64_t>(gap / 2, 1);
  return rate;
}

IntervalChoice choose_interval(const IntervalInputs& in) {
  const std::int64_t min_allowed = kMinInterval.count(), max_allowed = kMaxInterval.count();
  std::int64_t interval = std::clamp(in.interval, min_allowed, max_allowed);
  std::int64_t lowest = std::min(std::clamp(in.bounds.min, min_allowed, max_allowed), interval);
  std::int64_t highest = std::max(std::clamp(in.bounds.max, min_allowed, max_allowed), interval);

  IntervalChoice choice{interval, "interval"};
  if (!in.explicit_interval && in.observed) {
    choice.seconds = in.observed->interval;
    choice.reason = fmt::format("observed: {} new items in {}", in.observed->new_items,
                                shown(in.observed->span));
  }
  std::optional<std::int64_t> asked = longer(in.publisher, in.cache);
  if (asked && *asked > choice.seconds) {
    choice.seconds = *asked;
    bool publisher = in.publisher && *in.publisher == *asked;
    choice.reason = fmt::format("{}: {}", publisher ? "ttl/sy" : "cache", shown(*asked));
  }
  if (choice.seconds < lowest) {
    choice.seconds = lowest;
    choice.reason += ", raised to the minimum";
  } else if (choice.seconds > highest) {
    choice.seconds = highest;
    choice.reason += ", lowered to the maximum";
  }
  return choice;
}

}  // namespace gazette

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "poll/poller.h"

namespace gazette {
namespace {

SourceRow source(std::int64_t interval) {
  SourceRow s;
  s.url = "https://example.org/feed";
  s.interval_seconds = interval;
  return s;
}

TEST(NextPollTime, SuccessWaitsTheIntervalPlusASmallStableJitter) {
  UnixTime now = 1'000'000;
  UnixTime next = next_poll_time(source(1800), false, 0, "", now);
  EXPECT_GE(next, now + 1800);
  EXPECT_LT(next, now + 1800 + 1800 / 20);
  EXPECT_EQ(next, next_poll_time(source(1800), false, 0, "", now)) << "jitter is stable per URL";
}

TEST(NextPollTime, ErrorsBackOffByDoublingUpToADay) {
  UnixTime now = 0;
  EXPECT_EQ(next_poll_time(source(600), true, 1, "", now), 600);
  EXPECT_EQ(next_poll_time(source(600), true, 2, "", now), 1200);
  EXPECT_EQ(next_poll_time(source(600), true, 3, "", now), 2400);
  EXPECT_EQ(next_poll_time(source(3600), true, 10, "", now), 24 * 3600);
}

TEST(NextPollTime, RetryAfterIsHonouredInSecondsOrAsADate) {
  UnixTime now = 1'761'955'200;  // 2025-11-01T00:00:00Z
  EXPECT_EQ(next_poll_time(source(600), true, 1, "7200", now), now + 7200);
  EXPECT_EQ(next_poll_time(source(600), true, 1, "Sat, 01 Nov 2025 05:00:00 GMT", now),
            now + 5 * 3600);
  // A Retry-After shorter than our own delay does not make us poll sooner.
  EXPECT_EQ(next_poll_time(source(600), true, 1, "5", now), now + 600);
  // Absurd values are capped at a week.
  EXPECT_EQ(next_poll_time(source(600), true, 1, "99999999", now), now + 7 * 24 * 3600);
}

TEST(NextPollTime, IntervalsBelowAMinuteAreRaised) {
  EXPECT_GE(next_poll_time(source(5), false, 0, "", 0), 60);
}

TEST(NextPollTime, IntervalsAboveAYearAreLowered) {
  // A row from before the config refused "3000000d" (or written by hand):
  // next_poll must stay within a year (plus jitter), a four-digit year the
  // database reads back, and nothing may overflow.
  UnixTime now = 1'761'955'200;
  constexpr std::int64_t kYear = 365 * 24 * 3600;
  for (std::int64_t interval : {std::int64_t{3'000'000} * 86'400, std::int64_t{1} << 62,
                                std::numeric_limits<std::int64_t>::max()}) {
    UnixTime next = next_poll_time(source(interval), false, 0, "", now);
    EXPECT_GE(next, now + kYear) << interval;
    EXPECT_LT(next, now + kYear + kYear / 20) << interval;
    UnixTime after_errors = next_poll_time(source(interval), true, 7, "", now);
    EXPECT_EQ(after_errors, now + kYear) << interval;
  }
  EXPECT_GE(next_poll_time(source(std::numeric_limits<std::int64_t>::min()), false, 0, "", now),
            now + 60);
}

TEST(NextPollTime, RetryAfterOfAnyLengthIsCappedAtAWeek) {
  UnixTime now = 1'761'955'200;
  // Ten digits and more: later than we wait, not a number to overflow or ignore.
  EXPECT_EQ(next_poll_time(source(600), true, 1, "9999999999", now), now + 7 * 24 * 3600);
  EXPECT_EQ(next_poll_time(source(600), true, 1, std::string(400, '9'), now), now + 7 * 24 * 3600);
  // A date far in the future is capped the same way.
  EXPECT_EQ(next_poll_time(source(600), true, 1, "Fri, 31 Dec 9999 23:59:59 GMT", now),
            now + 7 * 24 * 3600);
}

}  // namespace
}  // namespace gazette

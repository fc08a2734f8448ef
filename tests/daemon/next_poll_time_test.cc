#include <gtest/gtest.h>

#include "daemon/poller.h"

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

}  // namespace
}  // namespace gazette

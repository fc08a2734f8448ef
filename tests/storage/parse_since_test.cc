// parse_since (storage/article_selection.h): `--since` to a time. No
// database: both engines' selections take its result (store_engine_*).
#include <gtest/gtest.h>

#include "storage/article_selection.h"
#include "storage/time_format.h"

namespace gazette {
namespace {

constexpr UnixTime kNow = 1'761'955'200;  // 2025-11-01T00:00:00Z

TEST(ParseSince, DatesTimesAndDurations) {
  EXPECT_EQ(parse_since("2025-10-31", kNow), kNow - 86'400);
  EXPECT_EQ(parse_since("2025-11-01T06:00:00Z", kNow), kNow + 6 * 3600);
  EXPECT_EQ(parse_since("24h", kNow), kNow - 86'400);
  EXPECT_EQ(parse_since("7d", kNow), kNow - 7 * 86'400);
  EXPECT_FALSE(parse_since("yesterday", kNow));
  EXPECT_FALSE(parse_since("10000-01-01", kNow));
}

TEST(ParseSince, DurationsBeforeYearZeroMeanEverything) {
  // 9999999d is 27,000 years back: format_utc (which the query compares as
  // text) would write a wrapped year. 99999999d does not fit a duration at all.
  for (const char* far : {"9999999d", "99999999d", "99999999999999999999d"}) {
    auto since = parse_since(far, kNow);
    ASSERT_TRUE(since) << far;
    EXPECT_EQ(format_utc(*since), "0000-01-01T00:00:00Z") << far;
  }
  EXPECT_EQ(format_utc(*parse_since("365d", kNow)), "2024-11-01T00:00:00Z");
}

}  // namespace
}  // namespace gazette

#include "config/quantity.h"

#include <gtest/gtest.h>

#include <chrono>

namespace gazette {
namespace {

using std::chrono::milliseconds;

TEST(ParseDuration, SingleUnits) {
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("90s"), milliseconds(90'000));
  EXPECT_EQ(parse_duration("15m"), milliseconds(15 * 60'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("2d"), milliseconds(2 * 86'400'000LL));
  EXPECT_EQ(parse_duration("0s"), milliseconds(0));
}

TEST(ParseDuration, CompoundLargestUnitFirst) {
  EXPECT_EQ(parse_duration("1h30m"), milliseconds(90 * 60'000));
  EXPECT_EQ(parse_duration("1d2h3m4s5ms"),
            milliseconds(86'400'000LL + 2 * 3'600'000 + 3 * 60'000 + 4'000 + 5));
  EXPECT_EQ(parse_duration("1m500ms"), milliseconds(60'500));
}

TEST(ParseDuration, RejectsUnitsOutOfOrderOrRepeated) {
  EXPECT_FALSE(parse_duration("30m1h"));
  EXPECT_FALSE(parse_duration("1m1m"));
  EXPECT_FALSE(parse_duration("5ms1s"));
}

TEST(ParseDuration, RejectsEmptyBareSignedAndFractional) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("30"));  // seconds or minutes? refuse to guess
  EXPECT_FALSE(parse_duration("-5m"));
  EXPECT_FALSE(parse_duration("+5m"));
  EXPECT_FALSE(parse_duration("1.5h"));
  EXPECT_FALSE(parse_duration("m"));
  EXPECT_FALSE(parse_duration("1h30"));  // trailing number without a unit
}

TEST(ParseDuration, RejectsUnknownUnitsCaseAndSpaces) {
  EXPECT_FALSE(parse_duration("15x"));
  EXPECT_FALSE(parse_duration("2w"));
  EXPECT_FALSE(parse_duration("15M"));  // could be read as months
  EXPECT_FALSE(parse_duration("1H"));
  EXPECT_FALSE(parse_duration("15 m"));
  EXPECT_FALSE(parse_duration(" 15m"));
  EXPECT_FALSE(parse_duration("15m "));
  EXPECT_FALSE(parse_duration("15min"));
}

TEST(ParseDuration, Overflow) {
  EXPECT_EQ(parse_duration(std::to_string(kMaxDuration.count()) + "ms"), kMaxDuration);
  EXPECT_FALSE(parse_duration(std::to_string(kMaxDuration.count() + 1) + "ms"));
  EXPECT_FALSE(parse_duration("999999999999d"));          // fits u64 digits, not the product
  EXPECT_FALSE(parse_duration("99999999999999999999s"));  // more than 64 bits of digits
  EXPECT_FALSE(parse_duration("18446744073709551615ms"));
}

TEST(ParseSize, UnitsAndCase) {
  EXPECT_EQ(parse_size("1000"), 1000u);
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("7B"), 7u);
  EXPECT_EQ(parse_size("512KiB"), 512u * 1024);
  EXPECT_EQ(parse_size("16MiB"), 16u << 20);
  EXPECT_EQ(parse_size("2GiB"), 2ull << 30);
  EXPECT_EQ(parse_size("1TiB"), 1ull << 40);
  EXPECT_EQ(parse_size("1KB"), 1000u);
  EXPECT_EQ(parse_size("1GB"), 1'000'000'000u);
  EXPECT_EQ(parse_size("3TB"), 3'000'000'000'000u);
  EXPECT_EQ(parse_size("16mib"), 16u << 20);
  EXPECT_EQ(parse_size("1gb"), 1'000'000'000u);
}

TEST(ParseSize, RejectsMalformed) {
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("MiB"));
  EXPECT_FALSE(parse_size("-1"));
  EXPECT_FALSE(parse_size("1.5MiB"));
  EXPECT_FALSE(parse_size("16 MiB"));
  EXPECT_FALSE(parse_size("16M"));
  EXPECT_FALSE(parse_size("16MiBs"));
  EXPECT_FALSE(parse_size("1PB"));
}

TEST(ParseSize, Overflow) {
  EXPECT_EQ(parse_size("18446744073709551615"), 18446744073709551615ull);
  EXPECT_FALSE(parse_size("18446744073709551616"));
  EXPECT_EQ(parse_size("16777215TiB"), 16777215ull << 40);
  EXPECT_FALSE(parse_size("16777216TiB"));  // 2^24 * 2^40 = 2^64
  EXPECT_FALSE(parse_size("20000000000GB"));
}

TEST(QuantityProblem, SaysWhetherMalformedOrTooLarge) {
  QuantityProblem problem = QuantityProblem::none;
  EXPECT_FALSE(parse_duration("15x", &problem));
  EXPECT_EQ(problem, QuantityProblem::malformed);
  EXPECT_FALSE(parse_duration("99999999d", &problem));  // past kMaxDuration
  EXPECT_EQ(problem, QuantityProblem::too_large);
  EXPECT_FALSE(parse_duration("99999999999999999999s", &problem));  // past 64 bits of digits
  EXPECT_EQ(problem, QuantityProblem::too_large);
  EXPECT_FALSE(parse_duration("999999999999d", &problem));  // past 64 bits in the product
  EXPECT_EQ(problem, QuantityProblem::too_large);
  // Overflow does not hide a syntax error later in the text.
  EXPECT_FALSE(parse_duration("99999999999999999999s1x", &problem));
  EXPECT_EQ(problem, QuantityProblem::malformed);
  EXPECT_FALSE(parse_duration("99999999999999999999d1h1h", &problem));
  EXPECT_EQ(problem, QuantityProblem::malformed);
  EXPECT_EQ(parse_duration("15m", &problem), milliseconds(15 * 60'000));
  EXPECT_EQ(problem, QuantityProblem::none);

  EXPECT_FALSE(parse_size("16M", &problem));
  EXPECT_EQ(problem, QuantityProblem::malformed);
  EXPECT_FALSE(parse_size("18446744073709551616", &problem));
  EXPECT_EQ(problem, QuantityProblem::too_large);
  EXPECT_FALSE(parse_size("16777216TiB", &problem));
  EXPECT_EQ(problem, QuantityProblem::too_large);
  EXPECT_FALSE(parse_size("99999999999999999999XB", &problem));
  EXPECT_EQ(problem, QuantityProblem::malformed);
  EXPECT_EQ(parse_size("18446744073709551615", &problem), 18446744073709551615ull);
  EXPECT_EQ(problem, QuantityProblem::none);
}

}  // namespace
}  // namespace gazette

namespace gazette {
namespace {

TEST(FormatDuration, LargestUnitFirstZeroPartsLeftOut) {
  using std::chrono::seconds;
  EXPECT_EQ(format_duration(seconds(0)), "0s");
  EXPECT_EQ(format_duration(seconds(-5)), "0s");
  EXPECT_EQ(format_duration(seconds(45)), "45s");
  EXPECT_EQ(format_duration(seconds(5400)), "1h30m");
  EXPECT_EQ(format_duration(seconds(86'400 + 1)), "1d1s");
  EXPECT_EQ(format_duration(seconds(365 * 86'400)), "365d");
  // What it writes, parse_duration reads back.
  for (std::int64_t s : {1, 59, 61, 3599, 3600, 90'061, 31'536'000})
    EXPECT_EQ(parse_duration(format_duration(seconds(s))), seconds(s)) << s;
}

}  // namespace
}  // namespace gazette

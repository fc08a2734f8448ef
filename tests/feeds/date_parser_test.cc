#include "feeds/date_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette {
namespace {

// 2025-11-01 08:30:00 UTC. Expected values were computed independently with
// Python's datetime.fromisoformat(...).timestamp().
constexpr UnixTime kT0 = 1761985800;
constexpr UnixTime kHour = 3600;

struct DateCase {
  const char* text;
  UnixTime expected;
};

class ParseDateValid : public ::testing::TestWithParam<DateCase> {};

TEST_P(ParseDateValid, ParsesToUtc) {
  std::optional<UnixTime> t = parse_date(GetParam().text);
  ASSERT_TRUE(t.has_value()) << "\"" << GetParam().text << "\" did not parse";
  EXPECT_EQ(*t, GetParam().expected)
      << "\"" << GetParam().text << "\" off by " << (*t - GetParam().expected) << "s";
}

INSTANTIATE_TEST_SUITE_P(
    Rfc822, ParseDateValid,
    ::testing::Values(DateCase{"Sat, 01 Nov 2025 08:30:00 +0530", kT0 - 5 * kHour - 1800},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 GMT", kT0},
                      DateCase{"Sat, 1 Nov 2025 08:30:00 UTC", kT0},
                      DateCase{"01 Nov 2025 08:30:00 +0000", kT0},   // no weekday
                      DateCase{"Sat, 01 Nov 2025 08:30 GMT", kT0},   // no seconds
                      DateCase{"Sat, 01 Nov 25 08:30:00 GMT", kT0},  // 2-digit year
                      DateCase{"Sat, 01 Nov 2025 08:30:00 Z", kT0},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 EST", kT0 + 5 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 EDT", kT0 + 4 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 CST", kT0 + 6 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 CDT", kT0 + 5 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 MST", kT0 + 7 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 MDT", kT0 + 6 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 PST", kT0 + 8 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 PDT", kT0 + 7 * kHour},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 -0330", kT0 + 3 * kHour + 1800},
                      DateCase{"Sat, 01 Nov 2025 08:30:00 +05:30", kT0 - 5 * kHour - 1800},
                      DateCase{"Saturday, 01-Nov-25 08:30:00 GMT", kT0},       // RFC 850
                      DateCase{"Sat Nov  1 08:30:00 2025", kT0},               // asctime
                      DateCase{"Sat, 01 Nov 2025 08:30:00 +0000 (UTC)", kT0},  // comment
                      DateCase{"sat, 01 nov 2025 08:30:00 gmt", kT0},
                      DateCase{"Sat, 01 November 2025 08:30:00 GMT", kT0},
                      DateCase{"Sat, 01 Nov 2025 08:30:00", kT0},  // no zone: UTC
                      DateCase{"Sun, 06 Nov 1994 08:49:37 GMT", 784111777},
                      DateCase{"Fri, 01 Jan 49 00:00:00 GMT", 2493072000},    // 2049
                      DateCase{"Sun, 01 Jan 50 00:00:00 GMT", -631152000}));  // 1950

INSTANTIATE_TEST_SUITE_P(
    Iso8601, ParseDateValid,
    ::testing::Values(
        DateCase{"2025-11-01T08:30:00+05:30", kT0 - 5 * kHour - 1800},
        DateCase{"2025-11-01T08:30:00Z", kT0}, DateCase{"2025-11-01T08:30:00.123456Z", kT0},
        DateCase{"2025-11-01 08:30:00Z", kT0}, DateCase{"2025-11-01t08:30:00z", kT0},
        DateCase{"2025-11-01T08:30Z", kT0},
        DateCase{"2025-11-01T08:30:00+0530", kT0 - 5 * kHour - 1800},
        DateCase{"2025-11-01T08:30:00-03:30", kT0 + 3 * kHour + 1800},
        DateCase{"2025-11-01T08:30:00", kT0}, DateCase{"2025-11-01", 1761955200},
        DateCase{"2024-02-29T12:00:00Z", 1709208000}, DateCase{"1969-12-31T23:59:59Z", -1},
        DateCase{"2025-11-01T24:00:00Z", 1762041600}, DateCase{"  2025-11-01T08:30:00Z \n", kT0}));

class ParseDateInvalid : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseDateInvalid, Rejects) {
  EXPECT_FALSE(parse_date(GetParam()).has_value()) << "\"" << GetParam() << "\" parsed";
}

INSTANTIATE_TEST_SUITE_P(
    Garbage, ParseDateInvalid,
    ::testing::Values("", "yesterday", "2025-13-01", "2025-02-30", "2025-11-01T25:00:00Z",
                      "2025-11-01T24:30:00Z", "2025-11-01T08:30:00 nonsense",
                      "Sat, 32 Nov 2025 08:30:00 GMT", "Sat, 01 Foo 2025 08:30:00 GMT",
                      "Sat, 29 Feb 2025 08:30:00 GMT", "Sat, 01 Nov 2025 08:30:00 +9999",
                      "Sat, 01 Nov 2025 08:30:00 XYZ"));

}  // namespace
}  // namespace gazette

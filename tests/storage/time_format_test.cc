// format_utc and parse_utc: the ISO-8601 text both engines' views print. No
// database: the engine suite (store_engine_*_test.cc) compares the views'
// times, SQLite's and PostgreSQL's gazette_iso8601(), with format_utc.
#include "storage/time_format.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(TimeFormat, FormatsUtcIso8601) {
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(1761966000), "2025-11-01T03:00:00Z");
  EXPECT_EQ(format_utc(951782400), "2000-02-29T00:00:00Z");  // leap day
  EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59Z");
}

TEST(TimeFormat, ParsesWhatItFormats) {
  for (UnixTime t : {UnixTime{0}, UnixTime{1761966000}, UnixTime{951782400}, UnixTime{-86401},
                     UnixTime{4102444799}}) {
    auto parsed = parse_utc(format_utc(t));
    ASSERT_TRUE(parsed) << format_utc(t);
    EXPECT_EQ(*parsed, t);
  }
}

TEST(TimeFormat, TextOrderIsTimeOrder) {
  EXPECT_LT(format_utc(999999999), format_utc(1000000000));
  EXPECT_LT(format_utc(1761966000), format_utc(1761966001));
}

TEST(TimeFormat, RejectsOtherFormats) {
  EXPECT_FALSE(parse_utc(""));
  EXPECT_FALSE(parse_utc("2025-11-01 03:00:00"));
  EXPECT_FALSE(parse_utc("2025-11-01T03:00:00+01:00"));
  EXPECT_FALSE(parse_utc("2025-11-01T03:00:00.000Z"));
  EXPECT_FALSE(parse_utc("2025-13-01T03:00:00Z"));
  EXPECT_FALSE(parse_utc("2025-02-30T03:00:00Z"));
  EXPECT_FALSE(parse_utc("2025-11-01T24:00:00Z"));
  EXPECT_FALSE(parse_utc("2025-1x-01T03:00:00Z"));
}

}  // namespace
}  // namespace gazette

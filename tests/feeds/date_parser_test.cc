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

// The layouts feedparser's date handlers read (RFC 822 variants, asctime,
// Perforce, W3C-DTF and ISO 8601 basic, Greek) and the ones seen in real
// feeds (AM/PM, month first, ordinals, zone names, localized names).
// Expected values from Python's calendar.timegm.
INSTANTIATE_TEST_SUITE_P(
    WrittenLayouts, ParseDateValid,
    ::testing::Values(DateCase{"Sat, Dec 16 2023 02:02:33 PM", 1702735353},
                      DateCase{"Sat, 16 Dec 2023 12:05 AM EST", 1702703100},
                      DateCase{"Dec 16th, 2023 at 2:02 pm", 1702735320},
                      DateCase{"Sat, 16 Dec 2023 14:02:33 CEST", 1702728153},
                      DateCase{"Sat, 16 Dec 2023 14:02:33 IST", 1702715553},
                      DateCase{"Sun Jan  4 16:29:06 PST 2004", 1073262546},
                      DateCase{"Fri, 2006/09/15 08:19:53 EDT", 1158322793},
                      DateCase{"Sa, 16 Dez 2023 14:02:33 +0100", 1702731753},
                      DateCase{"samedi 16 d\u00e9cembre 2023 14:02", 1702735320},
                      DateCase{"mar., 14 nov. 2023 09:00:00 +0100", 1699948800},
                      DateCase{"16 de diciembre de 2023 14:02", 1702735320},
                      DateCase{"\u039a\u03c5\u03c1, 11 \u0399\u03bf\u03cd\u03bb 2004 12:00:00 EST",
                               1089565200},
                      DateCase{"5 \u043d\u043e\u044f\u0431\u0440\u044f 2026 10:00 MSK", 1793862000},
                      DateCase{"Thu, 01 Jan 04 19:48 GMT", 1072986480},
                      DateCase{"Sat, 16 Dec 2023 14:02:33 GMT+2", 1702728153},
                      DateCase{"20031231T101455Z", 1072865695}, DateCase{"20031231", 1072828800},
                      DateCase{"2003-12-31T10:14:55.123-08:00", 1072894495},
                      DateCase{"2003-12", 1070236800}));

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
                      "Sat, 01 Nov 2025 08:30:00 XYZ", "Sat, 16 Dec 2023 13:02 PM",
                      "Dec 2023 14:02", "16 Dec 2023 14:02 of", "12/16/2023 14:02",
                      "Sat, 16 Dec 2023 14:02:33 +0100 EST", "16 Dec 2023 2023 14:02",
                      "Mon, 16 Dec 2023 14:02 junk", "20031331T101455Z", "2003123T1014"));

}  // namespace
}  // namespace gazette

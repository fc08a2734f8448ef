// The words dates are written with: month and weekday names in the
// languages feeds are published in, and time zone abbreviations. Used by
// parse_date (feeds/date_parser.h).
#pragma once

#include <optional>
#include <string_view>

namespace gazette {

// 1..12 for a month name or abbreviation (English, German, French, Spanish,
// Italian, Portuguese, Dutch, Hungarian, Greek, Russian); 0 otherwise.
// `word` is lower case as far as ASCII goes, without a trailing '.'.
int month_number(std::string_view word);

// True for a weekday name or abbreviation in the same languages.
bool is_weekday_name(std::string_view word);

// The UTC offset in minutes of a zone abbreviation (lower case): UT, GMT,
// Z, the US and military letters RFC 822 names, and the common European,
// Asian and Australian ones (CEST +120, IST +330, AEST +600...).
std::optional<int> zone_offset_minutes(std::string_view word);

}  // namespace gazette

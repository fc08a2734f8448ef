// Dates as feeds and pages write them, to UTC seconds. No locale, no
// dependence on the environment's time zone.
#pragma once

#include <optional>
#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

// Accepts RFC 822/1123/2822 ("Sat, 01 Nov 2025 08:30:00 +0530", with or
// without weekday and seconds, two-digit years, named US zones, GMT/UTC/Z)
// and RFC 3339 / ISO 8601 ("2025-11-01T08:30:00+05:30", fractional seconds,
// a space instead of T, date only). A time without a zone is taken as UTC.
std::optional<UnixTime> parse_date(std::string_view text);

}  // namespace gazette

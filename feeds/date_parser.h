// Dates as feeds and pages write them, to UTC seconds. No locale, no
// dependence on the environment's time zone.
#pragma once

#include <optional>
#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

// Accepts RFC 822/1123/2822/850 and the variants real feeds write (with or
// without weekday and seconds, two-digit years, month before day, "16th",
// AM/PM, zone names such as EST, CEST, IST, AEST, "GMT+2", comments),
// asctime, Perforce's "2006/09/15 08:19:53", month and weekday names in the
// languages of feeds/date_names.h, and W3C-DTF / RFC 3339 / ISO 8601
// ("2025-11-01T08:30:00+05:30", fractional seconds, a space instead of T,
// date only, year-month, the basic "20251101T083000Z"). A time without a
// zone is taken as UTC.
std::optional<UnixTime> parse_date(std::string_view text);

}  // namespace gazette

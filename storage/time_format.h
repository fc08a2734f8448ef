// Times in the database are UTC ISO-8601 text, "2025-11-01T03:00:00Z": they
// sort as text, read well in the sqlite3 CLI, and SQLite's date functions
// understand them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

std::string format_utc(UnixTime t);

// Parses exactly the format format_utc writes.
std::optional<UnixTime> parse_utc(std::string_view text);

}  // namespace gazette

// The extension fields of a feed or an entry (feeds/feed_extensions.h) in
// feedparser's shape: itunes_*, media_*, where, psc_chapters, ... Part of
// the `--format feedparser` output (cli/feedparser_json.h).
#pragma once

#include <nlohmann/json.hpp>

#include "feeds/feed_extensions.h"

namespace gazette {

// Adds the keys `extensions` has to `out` (a feed's or an entry's object).
void put_extensions(nlohmann::ordered_json& out, const Extensions& extensions);

}  // namespace gazette

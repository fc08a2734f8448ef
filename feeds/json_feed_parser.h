// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/).
#pragma once

#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

// True when `body` (leading whitespace and BOM already skipped) starts like
// a JSON object: the one shape a JSON Feed has.
bool is_json_feed_start(std::string_view body);

// Throws FeedParseError when the body is not JSON, or JSON but not a JSON
// Feed (no "version" naming jsonfeed.org). Relative URLs resolve against
// `base_url`.
ParsedFeed parse_json_feed(std::string_view body, std::string_view base_url);

}  // namespace gazette

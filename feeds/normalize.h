// The step between parsing and storing: every item leaves here with safe
// HTML, plain text, absolute URLs and believable dates, whatever produced it.
#pragma once

#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

// Trims and collapses title and author, resolves the link against
// `base_url`, sanitizes summary and content HTML, fills summary_text and
// content_text, and clamps dates more than a day in the future to `now`
// (they would pin an item to the top forever). An item with no title gets
// the start of its text.
void normalize_item(FeedItem& item, std::string_view base_url, UnixTime now);

}  // namespace gazette

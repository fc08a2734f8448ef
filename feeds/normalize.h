// The step between parsing and storing: every item leaves here with safe
// HTML, plain text, absolute URLs and believable dates, whatever produced it.
#pragma once

#include <string>
#include <string_view>

#include "feeds/feed_item.h"

namespace gazette {

// Repairs double-encoded UTF-8 in title, author, summary, content and
// categories (feeds/mojibake.h), trims and collapses title and author, resolves the link against
// `base_url`, sanitizes summary and content HTML, fills summary_text and
// content_text, and clamps dates more than a day in the future to `now`
// (they would pin an item to the top forever). An item with no title gets
// the start of its text.
//
// `base_url` is the URL of the document the item was read from (the feed,
// or the page after redirects): it also gives the item's origin_site, the
// site that vouches for its text (storage/poll_recorder.cc).
//
// Hostile input: url and image_url end up absolute http(s) or empty;
// control characters (C0 but tab/newline in multi-line text, DEL, C1) are
// removed from every text field (feeds/text_controls.h).
void normalize_item(FeedItem& item, std::string_view base_url, UnixTime now);

// One-line text as it is stored (titles, names): whitespace collapsed, no
// control characters (a title with ESC in it rewrites the terminal it is
// printed on). normalize_item uses it; so must whatever stores a document's
// own title (a feed's <title>, a page's name).
std::string one_line(std::string_view text);

}  // namespace gazette

// One fetched feed document to the items Gazette stores: parse_feed, then
// normalize_item on every item. The poller and `gazette parse` both read
// feeds through here, so what `parse` prints is what a poll would store.
#pragma once

#include <string>
#include <string_view>

#include "feeds/feed_item.h"
#include "feeds/feed_parser.h"

namespace gazette {

// The URL relative references in a response resolve against: its
// Content-Location (itself resolved against `url`) when that names an
// http(s) URL, else `url`, the URL the document was fetched from.
std::string document_base_url(std::string_view url, std::string_view content_location);

// parse_feed + normalize_item, the feed's title made one line. Throws
// FeedParseError like parse_feed, and DocumentBudgetExceeded when the
// thread's document budget (feeds/document_budget.h), if any, runs out.
// `content_type` is the response's Content-Type header, whose charset
// counts when the document declares none (feeds/xml_decoding.h).
ParsedFeed read_feed(std::string_view body, std::string_view base_url, UnixTime now,
                     std::string_view content_type = {}, std::string_view content_language = {});

}  // namespace gazette

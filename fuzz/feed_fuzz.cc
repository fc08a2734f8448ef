// Feed documents as the poller handles them: sniff, parse (every format
// parse_feed knows: a new format added there is fuzzed here with no change),
// then normalize each item for storage. A document pugixml rejects goes
// through libxml2's recovery (feeds/xml_recovery.h) inside parse_feed: the
// malformed inputs the fuzzer makes exercise it, and its warning (stored in
// fetches.warning) must be UTF-8 like the rest.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/feed_parser.h"
#include "feeds/normalize.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)looks_like_feed(body, "");
  (void)looks_like_feed(body, "application/rss+xml");
  ParsedFeed feed;
  try {
    feed = parse_feed(body, "https://example.org/feed/");
  } catch (const FeedParseError&) {
    return 0;  // documented: not a feed
  }
  fuzz::require_utf8(feed.format, "feed.format");
  fuzz::require_utf8(feed.title, "feed.title");
  fuzz::require_utf8(feed.site_url, "feed.site_url");
  fuzz::require_utf8(feed.warning, "feed.warning");
  for (FeedItem& item : feed.items) {
    normalize_item(item, "https://example.org/feed/", 1'764'000'000);
    fuzz::require_utf8_item(item);
  }
  return 0;
}

// Feed documents as the poller handles them: sniff, parse (every format
// parse_feed knows: a new format added there is fuzzed here with no change),
// then normalize each item for storage (mojibake repair included). The
// Content-Type header's charset comes from the first byte of the input. A
// document pugixml rejects goes through libxml2's recovery
// (feeds/xml_recovery.h) inside parse_feed: the malformed inputs the fuzzer
// makes exercise it, and its warning (stored in fetches.warning) must be
// UTF-8 like the rest.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <vector>

#include "feeds/enclosures.h"
#include "feeds/feed_parser.h"
#include "feeds/normalize.h"
#include "feeds/url_normalize.h"
#include "fuzz/fuzz_check.h"

namespace {

// The response header the document came with, chosen by its first byte (the
// whole input stays the body, so seeds keep their meaning): no header, a
// right or wrong code page, a wide label on a narrow body, a stateful one.
std::string_view content_type_for(std::string_view body) {
  static constexpr std::string_view kTypes[] = {
      "",
      "application/rss+xml; charset=utf-8",
      "text/xml; charset=windows-1251",
      "application/atom+xml; charset=koi8-r",
      "text/xml; charset=utf-16",
      "application/rss+xml; charset=shift_jis",
      "text/xml; charset=iso-2022-jp",
      "application/xml; charset=no-such-charset",
      // RFC 3023's rules for the charset report (feeds/xml_decoding.h):
      // text/xml without charset is us-ascii, a non-XML type, gb2312 read as
      // gb18030, Python's spelling of an EBCDIC code page.
      "text/xml",
      "text/plain",
      "application/atom+xml; charset='gb2312'",
      "text/xml; charset=ebcdic_cp_us",
  };
  if (body.empty()) return {};
  return kTypes[static_cast<unsigned char>(body[0]) % std::size(kTypes)];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)looks_like_feed(body, "");
  (void)looks_like_feed(body, "application/rss+xml");
  ParsedFeed feed;
  try {
    feed = parse_feed(body, "https://example.org/feed/", content_type_for(body));
  } catch (const FeedParseError&) {
    return 0;  // documented: not a feed
  }
  fuzz::require_utf8(feed.format, "feed.format");
  fuzz::require_utf8(feed.title, "feed.title");
  fuzz::require_utf8(feed.site_url, "feed.site_url");
  fuzz::require_utf8(feed.warning, "feed.warning");
  fuzz::require_utf8(feed.encoding, "feed.encoding");
  fuzz::require_utf8(feed.bozo, "feed.bozo");
  for (FeedItem& item : feed.items) {
    normalize_item(item, "https://example.org/feed/", 1'764'000'000);
    fuzz::require_utf8_item(item);
    // What storage writes to articles.enclosures (feeds/enclosures.h).
    std::vector<Enclosure> enclosures = item_enclosures(item);
    if (enclosures.size() > kMaxEnclosures) fuzz::fail("more than kMaxEnclosures enclosures", {});
    for (const Enclosure& e : enclosures) {
      fuzz::require_utf8(e.url, "enclosure.url");
      if (!is_absolute_http_url(e.url)) fuzz::fail("enclosure.url not absolute http(s)", e.url);
      fuzz::require_utf8(e.type, "enclosure.type");
      fuzz::require_utf8(e.medium, "enclosure.medium");
    }
  }
  return 0;
}

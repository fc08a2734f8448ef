// Publisher HTML: the sanitizer, the HTML-to-text conversion, and the path
// every feed item's summary and content take (normalize_item: one parse,
// sanitize the tree, take its text).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/normalize.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view html(reinterpret_cast<const char*>(data), size);
  // The HTML parser turns any bytes into UTF-8 text.
  fuzz::require_utf8(sanitize_html(html, "https://example.org/a/b.html"), "sanitize_html");
  fuzz::require_utf8(html_to_text(html), "html_to_text");

  // Items are UTF-8 by contract (feeds/feed_item.h: parsers decode), so
  // normalize_item's output is checked only for UTF-8 input; other bytes
  // still run through it for the sanitizers' sake.
  bool utf8_in = is_valid_utf8(html);
  std::string collapsed = collapse_whitespace(html);
  if (utf8_in) fuzz::require_utf8(collapsed, "collapse_whitespace");
  FeedItem item;
  item.url = "/story/1";
  item.summary_html = std::string(html);
  normalize_item(item, "https://example.org/feed/", 1'764'000'000);
  if (utf8_in) fuzz::require_utf8_item(item);
  return 0;
}

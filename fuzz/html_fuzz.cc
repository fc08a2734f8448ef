// Publisher HTML: the sanitizer, the HTML-to-text conversion, and the path
// every feed item's summary and content take (normalize_item: one parse,
// sanitize the tree, take its text).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "feeds/css_filter.h"
#include "feeds/html_sanitizer.h"
#include "feeds/html_text.h"
#include "feeds/normalize.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view html(reinterpret_cast<const char*>(data), size);
  // Every caller hands these functions UTF-8 (feeds/feed_item.h: parsers
  // decode first), and for UTF-8 input the output must be UTF-8. Other bytes
  // still run through them for the sanitizers' sake; the markup-free fast
  // path passes them on as they are (an input found by this target).
  bool utf8_in = is_valid_utf8(html);
  std::string sanitized = sanitize_html(html, "https://example.org/a/b.html");
  std::string text = html_to_text(html);
  std::string collapsed = collapse_whitespace(html);
  // The published form (feeds' own text constructs): references kept as
  // written, iframe fallback parsed again; and the style filter it uses.
  std::string published = sanitize_html(html, "https://example.org/a/b.html", HtmlForm::published);
  std::string css = filter_css(html);
  if (utf8_in) {
    fuzz::require_utf8(published, "sanitize_html published");
    fuzz::require_utf8(css, "filter_css");
    fuzz::require_utf8(sanitized, "sanitize_html");
    fuzz::require_utf8(text, "html_to_text");
    fuzz::require_utf8(collapsed, "collapse_whitespace");
  }
  FeedItem item;
  item.url = "/story/1";
  item.summary_html = std::string(html);
  normalize_item(item, "https://example.org/feed/", 1'764'000'000);
  if (utf8_in) fuzz::require_utf8_item(item);
  return 0;
}

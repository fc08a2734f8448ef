// Fetched HTML pages as the poller handles them: a page source's headlines
// and article (page_items: parse_page, extract_article, extract_headlines,
// normalize_item) and a followed link's article (article_item).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/page_items.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gazette;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  constexpr UnixTime kNow = 1'764'000'000;
  PageItems page = page_items(body, "text/html", "https://example.org/news/", nullptr, kNow);
  fuzz::require_utf8(page.title, "page.title");
  for (const FeedItem& item : page.items) fuzz::require_utf8_item(item);
  for (const auto& url : page.follow) fuzz::require_utf8(url, "page.follow");
  if (auto item = article_item(body, "", "https://example.org/2025/11/story.html", kNow))
    fuzz::require_utf8_item(*item);
  return 0;
}

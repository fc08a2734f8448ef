// Checks the fuzz targets make on what a parser returns, beyond "did not
// crash": a failed check aborts, so libFuzzer saves the input as a crasher
// and the regression replay fails on it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "feeds/charset.h"
#include "feeds/feed_item.h"

namespace gazette::fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz check failed: %s: \"%.*s\"\n", what,
               static_cast<int>(detail.size() > 200 ? 200 : detail.size()), detail.data());
  std::abort();
}

// Text Gazette stores goes into TEXT columns, which must be valid UTF-8.
inline void require_utf8(std::string_view text, const char* what) {
  if (!is_valid_utf8(text)) fail(what, text);
}

// Every text field of an item that left normalize_item.
inline void require_utf8_item(const FeedItem& item) {
  require_utf8(item.guid, "item.guid");
  require_utf8(item.url, "item.url");
  require_utf8(item.title, "item.title");
  require_utf8(item.author, "item.author");
  require_utf8(item.summary_html, "item.summary_html");
  require_utf8(item.content_html, "item.content_html");
  require_utf8(item.summary_text, "item.summary_text");
  require_utf8(item.content_text, "item.content_text");
  require_utf8(item.image_url, "item.image_url");
  require_utf8(item.block, "item.block");
  for (const auto& c : item.categories) require_utf8(c, "item.categories");
}

}  // namespace gazette::fuzz

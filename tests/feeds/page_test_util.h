// Helpers shared by the page extraction tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "feeds/page_document.h"
#include "fixture_file.h"

namespace gazette::test_support {

inline std::string pages_fixture(const std::string& name) {
  return read_file(std::string(GAZETTE_TEST_DIR) + "/fixtures/pages/" + name);
}

inline PageDocument load_page(const std::string& name, const std::string& url,
                              const std::string& content_type = "text/html") {
  return parse_page(pages_fixture(name), content_type, url);
}

// Whitespace-insensitive form, for comparing extracted text with expectations.
inline std::string squeeze(const std::string& text) {
  std::string out;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

// An article page (og:type=article, eight paragraphs of prose) with `head`
// added to its <head>: for tests of what a page says about itself.
inline std::string article_page_with_head(const std::string& head) {
  std::string body;
  for (int i = 0; i < 8; ++i)
    body +=
        "<p>The council met on Tuesday to discuss the harbour, and agreed, after a long "
        "debate, to repair the north pier before the winter storms arrive.</p>";
  return "<html><head><title>Harbour repairs agreed</title>" + head +
         "<meta property=\"og:type\" content=\"article\"></head><body><article><h1>Harbour "
         "repairs agreed</h1>" +
         body + "</article></body></html>";
}

}  // namespace gazette::test_support

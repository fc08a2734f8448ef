#include "feeds/page_document.h"

#include <fmt/format.h>

#include <cctype>

#include "feeds/document_budget.h"
#include "feeds/html_document.h"
#include "feeds/url_normalize.h"

namespace gazette {

std::string lower_attribute(pugi::xml_node node, const char* name) {
  std::string value = node.attribute(name).value();
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

bool has_token(std::string_view list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    std::size_t start = i;
    while (i < list.size() && !std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    std::string_view word = list.substr(start, i - start);
    if (word.size() == token.size() && !word.empty()) {
      bool same = true;
      for (std::size_t k = 0; k < word.size() && same; ++k)
        same = std::tolower(static_cast<unsigned char>(word[k])) ==
               std::tolower(static_cast<unsigned char>(token[k]));
      if (same) return true;
    }
  }
  return false;
}

PageDocument parse_page(std::string_view bytes, std::string_view content_type,
                        std::string_view url) {
  PageDocument page;
  page.url = std::string(url);
  if (bytes.size() > kMaxPageBytes) {
    bytes = bytes.substr(0, kMaxPageBytes);
    page.truncated = true;
    document_warning(fmt::format("page larger than {} MiB: the rest was cut", kMaxPageBytes >> 20));
  }
  std::string utf8 = decode_to_utf8(bytes, content_type, &page.charset);
  page.dom = parse_html(utf8);
  page.base_url = page.url;
  if (const char* base = page.head().child("base").attribute("href").value(); *base)
    page.base_url = url.empty() ? std::string(base) : resolve_url(url, base);
  return page;
}

}  // namespace gazette

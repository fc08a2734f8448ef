// A fetched HTML page as a DOM: bytes and Content-Type in, UTF-8 pugixml
// document out, with the base URL its relative links resolve against.
#pragma once

#include <cstddef>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "feeds/charset.h"

namespace gazette {

// Pages larger than this are cut before parsing: extraction time must stay
// bounded whatever a server sends (Readability #977).
inline constexpr std::size_t kMaxPageBytes = 8u << 20;

struct PageDocument {
  pugi::xml_document dom;
  std::string url;       // where the page was fetched from
  std::string base_url;  // <base href> resolved against url, else url
  CharsetDecision charset;
  bool truncated = false;  // the body was cut at kMaxPageBytes

  pugi::xml_node html() const { return dom.child("html"); }
  pugi::xml_node head() const { return html().child("head"); }
  pugi::xml_node body() const { return html().child("body"); }
};

// Never fails: any bytes give a document (possibly empty).
PageDocument parse_page(std::string_view bytes, std::string_view content_type,
                        std::string_view url);

// Lower-cased value of an attribute, for comparisons ("Alternate" == "alternate").
std::string lower_attribute(pugi::xml_node node, const char* name);

// True when the space-separated token list `list` contains `token` (ASCII
// case-insensitive), as for rel="alternate nofollow".
bool has_token(std::string_view list, std::string_view token);

}  // namespace gazette

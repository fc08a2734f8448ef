// Feeds a page advertises: <link rel="alternate" type="application/rss+xml|
// atom+xml|feed+json" href="..."> in the page's head (or body, as some
// templates put it).
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct DiscoveredFeed {
  std::string url;    // absolute
  std::string type;   // "rss", "atom" or "json"
  std::string title;  // the link's title attribute, may be empty
};

// In document order, each URL once (compared after normalize_url); only
// absolute http(s) URLs (is_absolute_http_url).
std::vector<DiscoveredFeed> discover_feeds(const pugi::xml_document& page,
                                           std::string_view base_url);

}  // namespace gazette

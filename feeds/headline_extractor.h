// Headline lists on any page (home, section, or an article's sidebars): the
// links that are stories, with the teaser and date standing next to them and
// the heading of the block they stood in ("Hot this week"). Menus,
// breadcrumbs, category/tag/author links, share buttons, footers and ads are
// left out. No configuration: heuristics on link text, headings, repeated
// structure and article-like same-site URLs.
#pragma once

#include <cstddef>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

// One place a headline was listed.
struct HeadlineSighting {
  std::string block;  // the block's heading, "" when it has none
  int position = 0;   // 1-based among the block's headlines
};

// One story linked from the page; each normalized URL appears once.
struct Headline {
  std::string url;             // absolute, as linked
  std::string normalized_url;  // normalize_url(url): the dedup key
  std::string title;
  std::string teaser;
  std::optional<UnixTime> published;
  std::string block;                        // first block it was seen in
  int position = 0;                         // its position there
  std::vector<HeadlineSighting> sightings;  // every block, in page order
};

struct HeadlineOptions {
  std::size_t max_nodes = 60'000;  // elements and text nodes visited
  bool same_site_only = true;      // links to other hosts only when in a heading
};

std::vector<Headline> extract_headlines(const pugi::xml_document& page, std::string_view page_url,
                                        std::string_view base_url,
                                        const HeadlineOptions& options = {});

// The headline as a teaser item: url, title, summary (teaser), published, block.
FeedItem to_feed_item(const Headline& headline);

}  // namespace gazette

// XPath rules for page sources ([page.rules], as FreshRSS's "HTML + XPath"
// feeds): when a page source has them they replace the headline heuristics.
// `item` selects one node per headline; title, link, date and summary are
// evaluated relative to each item.
#pragma once

#include <pugixml.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

// Optional XPath rules for a page source ([page.rules]); when set they win
// over the headline heuristics. A plain struct: config/ maps the TOML table
// onto it, this layer evaluates it. Each is an XPath 1.0 expression.
struct PageRules {
  std::string item;     // selects one node per headline
  std::string title;    // relative to the item
  std::string link;     // relative to the item; an href attribute or an <a>
  std::string date;     // relative to the item
  std::string summary;  // relative to the item
  bool empty() const { return item.empty(); }
};

// A rule that is not valid XPath 1.0; the message names the rule and quotes it.
struct PageRuleError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What the rules matched, for a dry run (lessons.md: users writing rules need
// to see what matched).
struct RuleMatches {
  std::vector<FeedItem> items;  // url absolute; items without a link are skipped
  int item_nodes = 0;           // nodes the item rule selected
  int without_link = 0;         // items skipped because link matched nothing
  int without_date = 0;         // items whose date rule matched nothing parseable
};

// Throws PageRuleError when a rule does not compile.
RuleMatches apply_page_rules(const pugi::xml_document& page, const PageRules& rules,
                             std::string_view base_url);

}  // namespace gazette

#include "feeds/cdf_parser.h"

#include <string>
#include <string_view>
#include <vector>

#include "feeds/date_parser.h"
#include "feeds/feed_text.h"
#include "feeds/html_text.h"
#include "feeds/rss_details.h"
#include "feeds/url_normalize.h"
#include "feeds/xml_names.h"

namespace gazette {
namespace {

bool is_element(pugi::xml_node node, std::string_view name) {
  return node.type() == pugi::node_element &&
         xmlns::same_name_ignoring_case(xmlns::local_name(node), name);
}

// The base in force at `element`: CDF's BASE attributes and xml:base, from
// the outermost element in, starting at the document's URL.
std::string cdf_base(pugi::xml_node element, std::string_view document_url) {
  std::vector<pugi::xml_node> chain;
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent())
    chain.push_back(n);
  std::string base(document_url);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    for (std::string_view name : {"xml:base", "base"}) {
      std::string_view value = xmlns::attribute_ignoring_case(*it, name);
      if (!value.empty()) base = base.empty() ? std::string(value) : resolve_url(base, value);
    }
  }
  return base;
}

std::string url_at(pugi::xml_node element, std::string_view document_url, std::string_view url) {
  if (url.empty()) return {};
  std::string base = cdf_base(element, document_url);
  return base.empty() ? std::string(url) : resolve_url(base, url);
}

// <TITLE> and <ABSTRACT> hold plain text: a "<" in them is a character.
TextConstruct cdf_text(pugi::xml_node element, const DocumentScope& scope) {
  TextConstruct out;
  out.value = collapse_whitespace(element_text(element));
  out.language = xmlns::lang_at(element, scope.language);
  out.base = cdf_base(element, scope.base_url);
  return out;
}

FeedItem parse_item(pugi::xml_node item, const DocumentScope& scope) {
  FeedItem out;
  EntryDetails& d = out.details;
  std::string href = url_at(item, scope.base_url, xmlns::attribute_ignoring_case(item, "href"));
  if (!href.empty()) {
    out.url = http_url_or_empty(href);
    d.links.push_back({"alternate", "text/html", href, {}, {}, {}});
  }
  std::string_view lastmod = xmlns::attribute_ignoring_case(item, "lastmod");
  if (!lastmod.empty()) {
    d.updated = published_date(lastmod);
    out.updated = d.updated->instant;
  }
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (is_element(c, "title")) {
      d.title = cdf_text(c, scope);
      out.title = d.title->value;
    } else if (is_element(c, "abstract")) {
      d.summary = cdf_text(c, scope);
      out.summary_html = escape_html(d.summary->value);
    }
  }
  return out;
}

// A channel's items, and those of the channels nested in it.
void collect_items(pugi::xml_node channel, const DocumentScope& scope, ParsedFeed& feed) {
  for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
    if (is_element(c, "item"))
      feed.items.push_back(parse_item(c, scope));
    else if (is_element(c, "channel"))
      collect_items(c, scope, feed);
  }
}

}  // namespace

bool is_cdf_root(pugi::xml_node root) {
  return is_element(root, "channel") && xmlns::uri(root).empty();
}

ParsedFeed parse_cdf(pugi::xml_node root, const DocumentScope& scope) {
  ParsedFeed feed;
  feed.format = "cdf";
  FeedMetadata& m = feed.metadata;
  std::string href = url_at(root, scope.base_url, xmlns::attribute_ignoring_case(root, "href"));
  if (!href.empty()) {
    feed.site_url = href;
    m.links.push_back({"alternate", "text/html", href, {}, {}, {}});
  }
  std::string_view lastmod = xmlns::attribute_ignoring_case(root, "lastmod");
  if (!lastmod.empty()) m.updated = published_date(lastmod);
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (is_element(c, "title")) {
      m.title = cdf_text(c, scope);
      feed.title = m.title->value;
    } else if (is_element(c, "abstract")) {
      m.subtitle = cdf_text(c, scope);
    }
  }
  collect_items(root, scope, feed);
  return feed;
}

}  // namespace gazette

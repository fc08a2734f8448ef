#include "feeds/feed_discovery.h"

#include <set>

#include "feeds/page_document.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

std::string feed_type(std::string_view mime) {
  // Drop parameters ("application/rss+xml; charset=utf-8").
  mime = mime.substr(0, mime.find(';'));
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  if (mime == "application/rss+xml" || mime == "application/rdf+xml") return "rss";
  if (mime == "application/atom+xml") return "atom";
  if (mime == "application/feed+json" || mime == "application/json+feed") return "json";
  return {};
}

}  // namespace

std::vector<DiscoveredFeed> discover_feeds(const pugi::xml_document& page,
                                           std::string_view base_url) {
  std::vector<DiscoveredFeed> feeds;
  std::set<std::string> seen;
  for (pugi::xpath_node hit : page.select_nodes("//link[@href]")) {
    pugi::xml_node link = hit.node();
    if (!has_token(link.attribute("rel").value(), "alternate")) continue;
    std::string type = feed_type(lower_attribute(link, "type"));
    if (type.empty()) continue;
    std::string href = link.attribute("href").value();
    if (href.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    std::string url = resolve_url(base_url, href);
    // A page may advertise anything (javascript:, file:///etc/passwd): only
    // what a typed URL may be is a feed (the same check).
    if (!is_absolute_http_url(url)) continue;
    if (!seen.insert(normalize_url(url)).second) continue;
    feeds.push_back({std::move(url), std::move(type), link.attribute("title").value()});
  }
  return feeds;
}

}  // namespace gazette

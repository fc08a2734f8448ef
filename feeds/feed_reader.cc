#include "feeds/feed_reader.h"

#include <boost/url/parse.hpp>

#include "feeds/document_budget.h"
#include "feeds/mojibake.h"
#include "feeds/normalize.h"
#include "feeds/url_normalize.h"

namespace gazette {

std::string document_base_url(std::string_view url, std::string_view content_location) {
  if (content_location.empty()) return std::string(url);
  std::string resolved = resolve_url(url, content_location);
  // A javascript: or data: location would become the base of every link.
  auto parsed = boost::urls::parse_absolute_uri(resolved);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https"))
    return std::string(url);
  return resolved;
}

ParsedFeed read_feed(std::string_view body, std::string_view base_url, UnixTime now,
                     std::string_view content_type, std::string_view content_language) {
  ParsedFeed parsed = parse_feed(body, base_url, content_type, content_language);
  repair_mojibake(parsed.title);
  parsed.title = one_line(parsed.title);  // stored as sources.feed_title
  DocumentBudget* budget = current_document_budget();
  for (FeedItem& item : parsed.items) {
    normalize_item(item, base_url, now);
    if (budget) budget->check();
  }
  return parsed;
}

}  // namespace gazette

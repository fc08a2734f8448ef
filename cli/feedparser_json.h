// What Gazette would store from one feed, in the shape of Python feedparser's
// result (../shared/corpus/feedparser/README.md), so feedparser's own test
// suite can score Gazette's parsing. An output format only: it maps the
// parsed and normalized feed, and never parses anything itself.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "feeds/feed_item.h"

namespace gazette {

// How the document reached the parser, as feedparser reports it.
struct FeedparserContext {
  std::string url;       // --url; empty when the document was not fetched
  std::string base_url;  // what relative references resolved against
  bool http = false;     // response headers were given
  std::vector<std::pair<std::string, std::string>> headers;  // names lower case
  std::string bozo;  // why the document was not read cleanly; empty when it was
};

// `feed` is null when the document could not be read at all (context.bozo
// then says why): feedparser still answers, with bozo set and no entries.
nlohmann::ordered_json feedparser_json(const ParsedFeed* feed, const FeedparserContext& context);

}  // namespace gazette

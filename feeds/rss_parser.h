// RSS 0.9x/2.0 (<rss>) and RSS 1.0 (<rdf:RDF>).
#pragma once

#include <pugixml.hpp>
#include <string_view>

#include "feeds/document_scope.h"
#include "feeds/feed_item.h"

namespace gazette {

bool is_rss_root(pugi::xml_node root);
ParsedFeed parse_rss(pugi::xml_node root, const DocumentScope& scope);

}  // namespace gazette

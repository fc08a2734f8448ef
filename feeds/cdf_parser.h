// Microsoft's Channel Definition Format (CDF, 1997): a <CHANNEL> with HREF,
// LASTMOD and BASE attributes, a <TITLE>, an <ABSTRACT>, and <ITEM>s that
// say the same of each article. Element and attribute names are matched
// without case, as CDF's own readers did.
#pragma once

#include <pugixml.hpp>

#include "feeds/document_scope.h"
#include "feeds/feed_item.h"

namespace gazette {

bool is_cdf_root(pugi::xml_node root);
ParsedFeed parse_cdf(pugi::xml_node root, const DocumentScope& scope);

}  // namespace gazette

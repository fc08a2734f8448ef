// Atom 1.0 (RFC 4287) and the older Atom 0.3.
#pragma once

#include <pugixml.hpp>
#include <string_view>

#include "feeds/document_scope.h"
#include "feeds/feed_item.h"

namespace gazette {

bool is_atom_root(pugi::xml_node root);
ParsedFeed parse_atom(pugi::xml_node root, const DocumentScope& scope);

}  // namespace gazette

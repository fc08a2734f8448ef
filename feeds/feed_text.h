// Reading text out of feed elements, shared by the format parsers.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

// All character data directly inside `element` (text and CDATA pieces joined).
std::string element_text(pugi::xml_node element);

// A title or name as plain text: entities were decoded once by the XML
// parser; markup, if any, is reduced to its text; whitespace collapsed.
std::string plain_text(std::string_view text);

// The markup inside `element`, serialized (for XHTML content).
std::string inner_xml(pugi::xml_node element);

// "jane@example.org (Jane Doe)" -> "Jane Doe"; other forms unchanged.
std::string author_name(std::string_view author);

}  // namespace gazette

// Reading text out of feed elements, shared by the format parsers.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

// All character data directly inside `element` (text and CDATA pieces joined).
std::string element_text(pugi::xml_node element);

// True when `element` has an element among its children (markup, not only text).
bool has_child_element(pugi::xml_node element);

// The content of an element that holds HTML (a description, a summary):
// its character data, which is escaped HTML, or, when the publisher left
// the markup unescaped ("naked" child elements), that markup serialized,
// so no part of the text is lost.
std::string element_markup(pugi::xml_node element);

// Base64 (whitespace allowed, as in Atom's mode="base64") decoded to text;
// nullopt when it is not base64 or does not decode to UTF-8.
std::optional<std::string> base64_text(std::string_view encoded);

// Plain text as HTML that shows it: &, < and > escaped.
std::string escape_html(std::string_view text);

// A title or name as plain text: entities were decoded once by the XML
// parser; markup, if any, is reduced to its text; whitespace collapsed.
std::string plain_text(std::string_view text);

// The markup inside `element`, serialized (for XHTML content).
std::string inner_xml(pugi::xml_node element);

// "jane@example.org (Jane Doe)" -> "Jane Doe"; other forms unchanged.
std::string author_name(std::string_view author);

}  // namespace gazette

// Plain text of HTML, as a reader would copy it: paragraphs, headings, list
// items and other blocks separated by a blank line, whitespace inside a
// block collapsed, scripts and styles dropped, entities decoded.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

std::string html_to_text(std::string_view html);

// The same rules over a DOM subtree (e.g. an extracted article body).
std::string node_text(pugi::xml_node node);

// node_text for an article's reader text, where lists and tables keep their
// shape: each list item a line ("- item", nested ones indented; <ol> too,
// its numbers stay in the HTML),
// each table row a line of cells ("Party | Votes"), a list or a table one
// block.
std::string structured_text(pugi::xml_node node);

// Text of a node with all whitespace collapsed to single spaces, no blocks:
// for titles, link texts, bylines.
std::string inline_text(pugi::xml_node node);

// Collapses runs of whitespace to one space and trims.
std::string collapse_whitespace(std::string_view text);

}  // namespace gazette

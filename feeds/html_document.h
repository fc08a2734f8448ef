// HTML pages parsed by gumbo (HTML5 rules, as browsers do) into a pugixml
// document, so pages and feeds share one DOM and one XPath engine.
#pragma once

#include <pugixml.hpp>
#include <string_view>

namespace gazette {

// Parses UTF-8 HTML. Never fails: any input yields a document with an <html>
// root holding <head> and <body>. Comments are dropped; element and attribute
// names are lower case; text keeps entities decoded.
pugi::xml_document parse_html(std::string_view utf8_html);

// Parses an HTML fragment (e.g. a feed item's content) as the children of a
// <body>; returns the document whose root element is <html>, and the body is
// reachable as doc.child("html").child("body").
pugi::xml_document parse_html_fragment(std::string_view utf8_html);

}  // namespace gazette

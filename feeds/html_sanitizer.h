// Makes publisher HTML safe to store and show: an allowlist of elements and
// attributes, scripts and active content dropped with their content, URLs
// made absolute and limited to http(s) and mailto.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

namespace gazette {

std::string sanitize_html(std::string_view html, std::string_view base_url);

// The same over a DOM subtree: serializes the children of `node`.
std::string sanitize_node(pugi::xml_node node, std::string_view base_url);

}  // namespace gazette

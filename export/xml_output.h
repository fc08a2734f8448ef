// pugixml helpers the XML exports (Atom, RSS, OPML) share.
#pragma once

#include <ostream>
#include <pugixml.hpp>
#include <string>

namespace gazette {

void add_xml_declaration(pugi::xml_document& doc);

// Appends <name>text</name> (text cleaned for XML) and returns the element.
pugi::xml_node add_text_element(pugi::xml_node parent, const char* name, const std::string& text);

// Indented, UTF-8, with the declaration; deterministic for a given DOM.
void save_xml(const pugi::xml_document& doc, std::ostream& out);

}  // namespace gazette

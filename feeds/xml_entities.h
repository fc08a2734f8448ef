// Real feeds use HTML's named entities (&nbsp;, &eacute;, &shy;) and bare
// ampersands inside XML, which strict parsers reject. This pre-pass makes
// such documents well-formed without touching CDATA sections or comments.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Replaces each HTML5 named entity that XML does not define by its UTF-8
// text, and escapes ampersands that start no reference. Returns false and
// leaves `out` empty when the document needs no change (the common case).
bool repair_xml_entities(std::string_view xml, std::string& out);

// The UTF-8 text of an HTML5 named entity ("eacute" -> "é"); empty if unknown.
std::string_view html_entity(std::string_view name);

}  // namespace gazette

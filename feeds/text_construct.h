// Feed elements that hold text, read as TextConstruct (feeds/feed_details.h):
// the value as published, its media type, and the language and base in
// force where the element stands. Shared by the Atom and RSS parsers.
#pragma once

#include <pugixml.hpp>
#include <string_view>

#include "feeds/document_scope.h"
#include "feeds/feed_details.h"

namespace gazette {

// An Atom text construct (RFC 4287 section 3.1; Atom 0.3's type and mode):
// type "text" is text/plain, "html" text/html, "xhtml"
// application/xhtml+xml (the value is the inside of its wrapping div),
// another media type stays as given; base64 content is decoded.
TextConstruct atom_text(pugi::xml_node element, const DocumentScope& scope);

// An RSS element (or a Dublin Core one) as a text construct of media type
// `type`: text/plain for titles, text/html for descriptions.
TextConstruct rss_text(pugi::xml_node element, const DocumentScope& scope, std::string_view type);

}  // namespace gazette

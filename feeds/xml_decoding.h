// The bytes of a fetched XML document (a feed, an OPML file) as the UTF-8
// text pugixml parses. pugixml itself decodes only UTF-8, UTF-16/32 and
// Latin-1 and copies any other bytes as they are, so a windows-1251 or
// Shift_JIS document gave text that was not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Decodes `body` to UTF-8 (a UTF-16/32 BOM or layout, XML 1.0 appendix F;
// else valid UTF-8 as it is; else feeds/charset.h's evidence: the
// declaration, else windows-1252) and repairs its entities
// (xml_entities.h). Returns false and leaves `out` empty when `body` is
// that text already (no copy); else the text is in `out`. Either way, parse
// it with pugi::encoding_utf8: an encoding="..." in it no longer applies.
bool xml_as_utf8(std::string_view body, std::string& out);

}  // namespace gazette

// The bytes of a fetched XML document (a feed, an OPML file) as the UTF-8
// text pugixml parses. pugixml itself decodes only UTF-8, UTF-16/32 and
// Latin-1 and copies any other bytes as they are, so a windows-1251 or
// Shift_JIS document gave text that was not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace gazette {

// Decodes `body` to UTF-8 and repairs its entities (xml_entities.h). The
// order of trust (docs/schema.md, "Character encodings"):
//   1. a UTF-16/32 BOM or layout (XML 1.0 appendix F; a wide document can
//      be nothing else, whatever a label says), or a UTF-8 BOM;
//   2. valid UTF-8 stays as it is: a label that says otherwise is wrong
//      (a server's default charset, a copied declaration);
//   3. the XML declaration's encoding;
//   4. the charset parameter of `content_type`, the HTTP header;
//   5. none, or only "UTF-8" (proven wrong by now): the UTF-8 sequences
//      there are, and windows-1252 for every other byte (charset.h's
//      utf8_or_windows1252: a Latin-1 feed without a declaration).
// RFC 7303 section 3 ranks the header above the declaration; real servers
// attach a default charset to every file, while the declaration is written
// by the software that wrote the bytes, so the declaration is trusted more.
// A label naming UTF-16/32 on a document that is not laid out so is ignored.
// Returns false and leaves `out` empty when `body` is that text already (no
// copy); else the text is in `out`. Either way, parse it with
// pugi::encoding_utf8: an encoding="..." in it no longer applies.
bool xml_as_utf8(std::string_view body, std::string& out, std::string_view content_type = {});

// The charset that steps 3 and 4 above choose for a body that is neither
// wide nor valid UTF-8, canonical (feeds/charset.h); "" for step 5.
std::string legacy_xml_charset(std::string_view body, std::string_view content_type);

}  // namespace gazette

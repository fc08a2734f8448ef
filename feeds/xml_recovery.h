// The slow path for feeds that are not well-formed XML. Real servers send
// mismatched tags, broken CDATA sections, truncated documents and undeclared
// namespace prefixes; feedparser and Miniflux still read their items. A strict
// parser (pugixml) rejects the whole document, so when it does, libxml2's
// recovery mode (XML_PARSE_RECOVER) rebuilds the tree it can, and that tree
// is written back out as well-formed UTF-8 XML for the same RSS/Atom code.
//
// It runs only after pugixml failed: well-formed documents never reach it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct RecoveredXml {
  std::string xml;     // well-formed UTF-8 XML (declaration, root element)
  std::string reason;  // "line 12: Opening and ending tag mismatch: item and channel"
                       // (the first error; "(and N more)" when there were several)
};

// Recovers what libxml2 can from `utf8_text` (UTF-8, whatever its encoding
// declaration says: feeds/xml_decoding.h has already made it so). Returns
// nullopt when nothing with a root element could be recovered. Safe for
// untrusted input: no network, no external entity or DTD loading, no entity
// substitution, libxml2's default depth and size limits (no XML_PARSE_HUGE).
std::optional<RecoveredXml> recover_xml(std::string_view utf8_text);

}  // namespace gazette
